import { describe, expect, it } from 'vitest';
import { sample } from '../samples';
import { call, freshBackend, stageFile } from './helpers';

/**
 * The preview is what will be written: every mapped column that has data in the file shows a
 * non-empty value for rows that will be imported (issue: 资金来源, 性别, 聘用期限, 户类型, 年利率 … looked blank).
 */
describe('import preview shows every mapped column', () => {
  for (const [file, kind] of [['posts-roster-township.xlsx', 'posts'], ['microloans-ledger.xlsx', 'loans'], ['workshops-ledger.xlsx', 'workshops']] as const) {
    it(`${kind}: a value in each mapped column that the file fills`, async () => {
      const b = freshBackend();
      const job = await stageFile(b, sample(file), kind);
      expect(job.state).toBe('ready');
      const { rows } = await call(b, 'import.preview', { jobId: job.jobId, category: 'new', offset: 0, limit: 200 });
      expect(rows.length).toBeGreaterThan(0);
      const mapped = Object.entries(job.mapping).filter(([, c]) => c != null) as [string, number][];
      expect(mapped.length).toBeGreaterThan(3);
      for (const [field, col] of mapped) {
        const filled = rows.filter((r) => r.cells[col]);
        if (!filled.length) continue;
        const blank = filled.filter((r) => !r.fields[field]);
        expect(blank.map((r) => `${field} row ${r.row}: raw “${r.cells[col]}”`)).toEqual([]);
      }
      // Raw cells cover every column, mapped or not.
      expect(rows[0].cells).toHaveLength(job.headers.length);
    });
  }

  it('loans: 年利率 in percent and money in 元, never 3.4500', async () => {
    const b = freshBackend();
    const job = await stageFile(b, sample('microloans-ledger.xlsx'), 'loans');
    const { rows } = await call(b, 'import.preview', { jobId: job.jobId, category: 'new', offset: 0, limit: 50 });
    const rates = rows.map((r) => r.fields.rate).filter(Boolean);
    expect(rates.length).toBeGreaterThan(0);
    for (const r of rates) expect(r).toMatch(/^\d+(\.\d{1,4})?%$/);
    for (const r of rates) expect(r).not.toMatch(/0%$|\.\d*0%$/);
    expect(rows[0].fields.amount).toMatch(/元$/);
  });
});
