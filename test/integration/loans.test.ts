import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import { runChecks } from '../../electron/backend/checks/index';
import { parseAmountFen } from '../../shared/money';
import { sample } from '../samples';
import { call, freshBackend, rosterBackend, stageFile, tmpDir, validId } from './helpers';

async function importFile(b: Backend, file: string, kind: 'persons' | 'loans') {
  const job = await stageFile(b, file, kind);
  expect(job.state, job.message ?? '').toBe('ready');
  return (await call(b, 'import.commit', { jobId: job.jobId })).summary!;
}

async function readSheet(base64: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

/** The sample's 贷款金额（万元） column summed by the test itself, in 分, without floating point. */
async function sampleTotalFen(): Promise<{ fen: number; rows: number }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(sample('microloans-ledger.xlsx'));
  const ws = wb.worksheets[0];
  const header = ws.getRow(3).values as unknown[];
  const col = header.findIndex((v) => String(v ?? '').startsWith('贷款金额'));
  expect(String(header[col])).toContain('万元');
  let fen = 0, rows = 0;
  ws.eachRow((row, n) => {
    if (n <= 3 || typeof row.getCell(1).value !== 'number') return;
    fen += parseAmountFen(row.getCell(col).value, 'wan')!;
    rows++;
  });
  return { fen, rows };
}

describe('小额信贷 through dispatch', () => {
  let b: Backend;
  beforeAll(async () => {
    b = await rosterBackend();
  });

  it('imports the sample ledger after the roster: 160 loans, the total equal to the file to the 分', async () => {
    const { fen, rows } = await sampleTotalFen();
    expect(rows).toBe(160);
    const s = await importFile(b, sample('microloans-ledger.xlsx'), 'loans');
    expect(s).toMatchObject({ kind: 'loans', rows: 160, inserted: 160, updated: 0, errors: [] });
    const stats = (await call(b, 'stats.get', {})) as unknown as { persons: number; loans: { count: number; totalYuan: number; activeYuan: number; households: number; householdLoanRate: number } };
    expect(stats.persons).toBe(3000); // every borrower was in the roster
    expect(stats.loans.count).toBe(160);
    expect(Math.round(stats.loans.totalYuan * 100)).toBe(fen);
    expect(String(stats.loans.totalYuan)).toMatch(/^\d+(\.\d{1,2})?$/);
    expect(stats.loans.householdLoanRate).toBeGreaterThan(0);
    expect(stats.loans.householdLoanRate).toBeLessThanOrEqual(1);
    // 万元 became 分: the first row's 5 万元 is 50,000.00 元.
    const first = (await call(b, 'loans.query', { q: 'XD202200001' })).rows[0];
    expect(first).toMatchObject({ amountFen: 5_000_000, rateE6: 34_500, status: '逾期', bank: '邮储银行', issueDate: '2022-10-08', dueDate: '2024-10-08', termMonths: 24 });
  });

  it('re-importing the same file changes nothing', async () => {
    const job = await stageFile(b, sample('microloans-ledger.xlsx'), 'loans');
    expect(job.counts).toEqual({ new: 0, changed: 0, unchanged: 160, error: 0 });
  });

  it('round trip: our own export imports back unchanged, with the 合计 row skipped', async () => {
    const f = await call(b, 'export.loans', {});
    const ws = await readSheet(f.base64);
    expect(String(ws.getCell('A1').value)).toContain('小额信贷台账');
    expect(ws.getRow(3).getCell(8).value).toBe('贷款金额（万元）');
    const total = ws.getRow(3 + 160 + 1);
    expect(total.getCell(1).value).toBe('合计');
    const { fen } = await sampleTotalFen();
    expect(parseAmountFen(total.getCell(8).value, 'wan')).toBe(fen);
    const file = path.join(tmpDir(), f.fileName);
    fs.writeFileSync(file, Buffer.from(f.base64, 'base64'));
    const job = await stageFile(b, file, 'loans');
    expect(job.counts).toEqual({ new: 0, changed: 0, unchanged: 160, error: 0 });
  });

  it('creates a loan, records repayments and a 展期, and alerts by date', async () => {
    const p = (await call(b, 'persons.query', { limit: 1, householdType: '脱贫户' })).rows[0];
    const loan = await call(b, 'loans.create', {
      personId: p.id, bank: '农商银行', contractNo: 'TEST-0001', amountFen: 3_000_000, issueDate: '2030-01-15', dueDate: '2032-01-15',
      termMonths: null, rateE6: null, purpose: '种植业', status: '正常', note: null,
    });
    expect(loan).toMatchObject({ termMonths: 24, ratioBp: 10_000, subsidized: true, balanceFen: 3_000_000, effectiveDueDate: '2032-01-15' });
    await expect(call(b, 'loans.create', { personId: p.id, bank: 'x', contractNo: 'TEST-0001', amountFen: 1, issueDate: '2030-01-01', dueDate: '2031-01-01', termMonths: null, rateE6: null, purpose: null, status: '正常', note: null }))
      .rejects.toThrow(/合同编号 TEST-0001 已登记/);
    await expect(call(b, 'loans.addRepayment', { loanId: loan.id, date: '2030-06-01', principalFen: 9_000_000 })).rejects.toThrow(/超过未还本金/);
    let d = await call(b, 'loans.addRepayment', { loanId: loan.id, date: '2030-06-01', principalFen: 1_000_000, interestFen: 12_345 });
    expect(d).toMatchObject({ balanceFen: 2_000_000, repaidInterestFen: 12_345, status: '正常' });

    // Due in 20 days as of 2031-12-26: in the 30-day window (and so in 60 and 90).
    let a = await call(b, 'loans.alerts', { asOf: '2031-12-26' });
    expect(a.dueLoans.find((x) => x.id === loan.id)).toMatchObject({ days: 20, bucket: '30', balanceFen: 2_000_000 });
    // 15 days after the due date: overdue, bucket 11–30.
    a = await call(b, 'loans.alerts', { asOf: '2032-01-30' });
    expect(a.overdueLoans.find((x) => x.id === loan.id)).toMatchObject({ days: 15, bucket: '11-30' });

    d = await call(b, 'loans.extend', { loanId: loan.id, date: '2032-01-10', newDueDate: '2033-01-15' });
    expect(d).toMatchObject({ status: '展期', dueDate: '2032-01-15', extendedDueDate: '2033-01-15', effectiveDueDate: '2033-01-15' });
    expect(d.extensions).toHaveLength(1);
    a = await call(b, 'loans.alerts', { asOf: '2032-01-30' });
    expect(a.overdueLoans.some((x) => x.id === loan.id)).toBe(false);

    d = await call(b, 'loans.addRepayment', { loanId: loan.id, date: '2032-12-01', principalFen: 2_000_000 });
    expect(d).toMatchObject({ status: '已结清', settledDate: '2032-12-01', balanceFen: 0 });
    d = await call(b, 'loans.deleteRepayment', { id: d.repayments.at(-1)!.id });
    expect(d).toMatchObject({ status: '展期', settledDate: null, balanceFen: 2_000_000 });

    await call(b, 'loans.delete', { id: loan.id });
    expect((await call(b, 'loans.query', { q: 'TEST-0001' })).total).toBe(0);
    expect((await call(b, 'loans.query', { q: 'TEST-0001', deleted: true })).total).toBe(1);
    await call(b, 'loans.restore', { id: loan.id });
    expect((await call(b, 'loans.query', { q: 'TEST-0001' })).total).toBe(1);
  });

  it('computes 贴息 for a quarter and exports the 贴息明细表 with 合计 and 大写', async () => {
    const p = (await call(b, 'persons.query', { limit: 1, offset: 5, householdType: '监测户' })).rows[0];
    // 5万 at 3.45%, Q1 2035 = 90 days on 360: 5,000,000 × 0.0345 × 90 / 360 = 43,125 分 = 431.25 元.
    const l = await call(b, 'loans.create', {
      personId: p.id, bank: '邮储银行', contractNo: 'TEST-Q1', amountFen: 5_000_000, issueDate: '2034-06-01', dueDate: '2037-06-01',
      termMonths: 36, rateE6: 34_500, purpose: null, status: '正常', note: null,
    });
    const t = await call(b, 'loans.subsidy', { from: '2035-01-01', to: '2035-03-31' });
    expect(t.rows.map((r) => r.loanId)).toContain(l.id);
    const row = t.rows.find((r) => r.loanId === l.id)!;
    expect(row).toMatchObject({ days: 90, overdueDays: 0, subsidyFen: 43_125, capFen: 5_000_000 });
    expect(t.totalFen).toBe(t.rows.reduce((s, r) => s + r.subsidyFen, 0));

    await call(b, 'settings.update', { subsidyDayBasis: 365 });
    const t365 = await call(b, 'loans.subsidy', { from: '2035-01-01', to: '2035-03-31' });
    // × 90 / 365 = 42,534.25 → 42,534 分.
    expect(t365.rows.find((r) => r.loanId === l.id)!.subsidyFen).toBe(42_534);
    await call(b, 'settings.update', { subsidyDayBasis: 360 });

    const f = await call(b, 'export.subsidy', { from: '2035-01-01', to: '2035-03-31' });
    const ws = await readSheet(f.base64);
    expect(String(ws.getCell('A1').value)).toContain('贴息明细表');
    expect(String(ws.getCell('A2').value)).toContain('÷ 360');
    let totalRow: ExcelJS.Row | undefined;
    ws.eachRow((r) => { if (r.getCell(1).value === '合计') totalRow = r; });
    expect(totalRow).toBeDefined();
    const header = ws.getRow(3).values as unknown[];
    const col = header.indexOf('应贴息（元）');
    expect(parseAmountFen(totalRow!.getCell(col).value)).toBe(t.totalFen);
    expect(String(totalRow!.getCell(header.length - 1).value)).toBe(`大写：${t.totalWords}`);
    await expect(call(b, 'loans.subsidy', { from: '2035-03-31', to: '2035-01-01' })).rejects.toThrow(/晚于结束日期/);
  });

  it('户贷率 per village and township', async () => {
    const r = await call(b, 'loans.householdRate', { year: 2023 });
    expect(r.rows.length).toBe(12);
    expect(r.township.eligible).toBe(r.rows.reduce((s, x) => s + x.eligible, 0));
    expect(r.township.ever).toBe(r.rows.reduce((s, x) => s + x.ever, 0));
    expect(r.township.inYear).toBeLessThanOrEqual(r.township.ever);
    expect(r.township.everRate).toBeCloseTo(r.township.ever / r.township.eligible, 4);
  });

  it('the checks report the sample ledger’s real problems', () => {
    const f = runChecks(b.ctx, { module: 'loans' });
    // The generator lends 8万 and 10万 to some households as first loans, and to heads aged up to 75.
    expect(f.some((x) => x.rule === 'L01')).toBe(true);
    expect(f.some((x) => x.rule === 'L03')).toBe(true);
    expect(f.filter((x) => x.rule === 'L05')).toEqual([]); // everyone is in the roster
  });
});

describe('小额信贷 import edge cases', () => {
  it('a borrower missing from the roster is imported, marked 不在名单, reported by L05, and undone with the batch', async () => {
    const b = freshBackend();
    const s = await importFile(b, sample('microloans-ledger.xlsx'), 'loans');
    expect(s.inserted).toBe(160);
    const stats = (await call(b, 'stats.get', {})) as unknown as { persons: number; loans: { count: number } };
    expect(stats.loans.count).toBe(160);
    const outsiders = b.ctx.db.prepare('SELECT count(*) AS n FROM persons WHERE in_roster = 0').get() as { n: number };
    expect(outsiders.n).toBe(stats.persons);
    const l05 = runChecks(b.ctx, { module: 'loans' }).filter((x) => x.rule === 'L05');
    expect(l05).toHaveLength(160);
    const [batch] = await call(b, 'import.batches', {});
    await call(b, 'import.undo', { batchId: batch.id });
    expect((await call(b, 'stats.get', {})) as unknown).toMatchObject({ persons: 0, loans: { count: 0 } });
  });

  it('reads 元 and 万元 headers, decimals exactly, and reports bad rows by Excel row number', async () => {
    const b = freshBackend();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('贷款');
    ws.addRow(['某镇小额信贷台账']);
    ws.addRow(['借款人姓名', '身份证号', '贷款银行', '合同编号', '贷款金额（万元）', '放款日期', '期限（年）', '年利率', '还款状态', '已还本金（元）']);
    const id1 = validId('14072419800101001'), id2 = validId('14072419810202002'), id3 = validId('14072419820303003');
    ws.addRow(['甲', id1, '农商银行', 'A-1', 3.47, '2023.5.6', 2, '3.45%', '正常', 1234.56]);
    ws.addRow(['乙', id2, '农商银行', 'A-2', '', '2023-05-06', 3, 3.45, '正常', 0]);
    ws.addRow(['丙', 140724198203030000, '农商银行', 'A-3', 2, '2023-05-06', 3, 3.45, '正常', 0]);
    ws.addRow(['丁', id3, '农商银行', 'A-4', 1, '2023年5月6日', 3, 0.0345, '不知道', 0]);
    ws.addRow(['合计', '', '', '', 6.47]);
    const file = path.join(tmpDir(), 'small.xlsx');
    await wb.xlsx.writeFile(file);
    const s = await importFile(b, file, 'loans');
    expect(s.rows).toBe(4);
    expect(s.inserted).toBe(1);
    expect(s.errors.map((e) => [e.row, e.column])).toEqual([[4, '贷款金额（万元）'], [5, '身份证号'], [6, '还款状态']]);
    const l = (await call(b, 'loans.query', {})).rows[0];
    expect(l).toMatchObject({ amountFen: 3_470_000, issueDate: '2023-05-06', dueDate: '2025-05-06', termMonths: 24, rateE6: 34_500, repaidPrincipalFen: 123_456, balanceFen: 3_346_544, inRoster: false });
  });
});
