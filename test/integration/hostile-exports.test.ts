import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FULL_ID_NOTICE, guardFormula, writeWorkbook } from '../../electron/backend/export/workbook';
import { looksLikeFormula } from '../../shared/text';
import { call, freshBackend, validId } from './helpers';

// Issue 19: the formula guard covers every text the writer puts down (titles built from settings,
// notes, headers, footers), tab/CR starts and full-width ＝＋－＠; the 操作日志 export is marked
// like the other files that carry whole ID numbers.

async function cellsOf(buf: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => {
    if (c.formula || (c.value && typeof c.value === 'object' && 'formula' in c.value)) out.push(`FORMULA:${JSON.stringify(c.value)}`);
    else out.push(String(c.value ?? ''));
  })));
  return out;
}

const DANGEROUS = ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1+1', '\r=1+1', '＝1+1', '＋1', '－1', '＠SUM(A1)'];

describe('formula guard', () => {
  it('prefixes every dangerous start, half- and full-width, tab and CR', () => {
    for (const s of DANGEROUS) {
      expect(looksLikeFormula(s), JSON.stringify(s)).toBe(true);
      expect(guardFormula(s)).toBe(`'${s}`);
    }
    for (const s of ['王建国', '1+1', ' 备注', "'=1"]) expect(guardFormula(s)).toBe(s);
  });

  it('guards title, note, headers, footer and cells written by the one writer', async () => {
    const buf = await writeWorkbook([{
      name: 'x', title: '=HYPERLINK("http://x","乡")名单', note: '＝1+1', footer: '\t=cmd|\' /c calc\'!A1',
      columns: [{ header: '+表头', group: '@组' }, { header: '姓名', group: '@组' }],
      rows: [['\r=1', '－5'], ['＠A1', '王建国']],
    }], { created: new Date(2024, 0, 1) });
    const cells = await cellsOf(buf);
    expect(cells.filter((c) => c.startsWith('FORMULA:'))).toEqual([]);
    for (const c of cells) if (c) expect(looksLikeFormula(c), JSON.stringify(c)).toBe(false);
    expect(cells).toContain('\'=HYPERLINK("http://x","乡")名单');
    expect(cells).toContain('王建国');
  });

  it('a township name that looks like a formula does not become one in the title', async () => {
    const b = freshBackend();
    try {
      await call(b, 'settings.update', { township: '＝乐平镇' });
      const v = await call(b, 'villages.create', { name: '东村', code: null });
      await call(b, 'persons.create', {
        idNo: validId('14072419800101001'), name: '王建国', villageId: v.id, householdNo: 'HH-1', householdType: '脱贫户',
        monitorCategory: null, riskEliminated: null, exitYear: 2016, relation: '户主', laborSkill: '普通劳动力', phone: null,
      });
      const r = await call(b, 'export.persons', {});
      const cells = await cellsOf(Buffer.from(r.base64, 'base64'));
      for (const c of cells) if (c) expect(looksLikeFormula(c), JSON.stringify(c)).toBe(false);
      expect(cells.some((c) => c.startsWith("'＝乐平镇"))).toBe(true);
    } finally { b.close(); }
  });
});

describe('操作日志 export', () => {
  it('says 含完整身份证号，注意保密 in its title when summaries hold whole IDs', async () => {
    const b = freshBackend();
    try {
      await call(b, 'settings.update', { township: '乐平镇' });
      const v = await call(b, 'villages.create', { name: '东村', code: null });
      const id = validId('14072419800101001');
      await call(b, 'persons.create', {
        idNo: id, name: '王建国', villageId: v.id, householdNo: 'HH-1', householdType: '脱贫户',
        monitorCategory: null, riskEliminated: null, exitYear: 2016, relation: '户主', laborSkill: '普通劳动力', phone: null,
      });
      const r = await call(b, 'audit.export', {});
      const cells = await cellsOf(Buffer.from(r.base64, 'base64'));
      expect(cells.join('\n')).toContain(id);
      expect(cells[0]).toContain(FULL_ID_NOTICE);
    } finally { b.close(); }
  });
});
