import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, freshBackend, stageFile, tmpDir, validId } from './helpers';
import type { Backend } from '../../electron/backend/index';

/**
 * The ledger judged at an as-of date (issue 14): derived statuses, the month's list of agreements,
 * and the refined rules — each one firing at one date and not at another, on crafted records.
 */

async function writeXlsx(rows: unknown[][], name = 'file.xlsx') {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  const file = path.join(tmpDir(), name);
  await wb.xlsx.writeFile(file);
  return file;
}

async function importFile(b: Backend, file: string, kind: 'posts' | 'loans') {
  const job = await stageFile(b, file, kind);
  expect(job.counts.error).toBe(0);
  return call(b, 'import.commit', { jobId: job.jobId });
}

async function ledger() {
  const b = freshBackend();
  const v = await call(b, 'villages.create', { name: '东关村', code: null });
  let n = 0;
  const person = async (over: Partial<Parameters<typeof call<'persons.create'>>[2]> & { birth?: string } = {}) => {
    n++;
    const { birth, ...rest } = over;
    return call(b, 'persons.create', {
      idNo: validId(`140724${birth ?? '19800101'}${String(n).padStart(2, '0')}1`), name: `测试${'一二三四五六七八九十'[n % 10]}`, villageId: v.id, householdNo: `H${n}`,
      householdType: '脱贫户', monitorCategory: null, riskEliminated: null, exitYear: 2018, relation: '户主', laborSkill: '普通劳动力', phone: null, ...rest,
    });
  };
  let posts = 0;
  const post = (over: Partial<Parameters<typeof call<'posts.create'>>[2]> = {}) => call(b, 'posts.create', {
    villageId: v.id, name: `保洁员${++posts}`, category: '乡村公益岗', fundSource: '衔接资金', headcount: 5, duties: '村内保洁', workTime: '每天',
    wageFen: 80000, councilDate: '2023-12-01', councilRecord: '村委会研究同意', ...over,
  });
  const appoint = (postId: number, personId: number, over: Partial<Parameters<typeof call<'appointments.create'>>[2]> = {}) => call(b, 'appointments.create', {
    postId, personId, agreementNo: `XY${postId}-${personId}`, startDate: '2024-01-01', endDate: '2024-12-31', wageFen: 80000,
    bankAccount: `62170000000000${String(personId).padStart(5, '0')}`, bankName: '邮储银行', status: '在岗', remark: null, ...over,
  });
  return { b, v, person, post, appoint };
}

const findings = async (b: Backend, asOf: string, rule: string) => (await call(b, 'checks.run', { asOf })).filter((f) => f.rule === rule);
const listed = async (b: Backend, month: string) => (await call(b, 'attendance.month', { month })).rows.map((r) => r.appointmentId);

describe('the month’s list: exactly the agreements that cover some day of it', () => {
  it('an agreement that ended, then an exit entered later: never listed past the end; 期满未续 counted with why', async () => {
    const { b, person, post, appoint } = await ledger();
    const a = await appoint((await post()).id, (await person()).id, { startDate: '2024-01-01', endDate: '2024-06-30' });
    expect(await listed(b, '2024-06')).toEqual([a.id]);
    expect(await listed(b, '2024-07')).toEqual([]);
    const july = await call(b, 'attendance.month', { month: '2024-07' });
    expect(july.expiredLeftOut).toBe(1);
    expect(july.note).toMatch(/1 人聘用协议.*已期满、未续聘/);
    expect((await call(b, 'appointments.list', { asOf: '2024-05-01', offset: 0, limit: 10 })).rows[0].derivedStatus).toBe('在岗');
    expect((await call(b, 'appointments.list', { asOf: '2024-08-01', offset: 0, limit: 10 })).rows[0].derivedStatus).toBe('期满未续');

    // The exit is entered in September: it does not stretch the agreement over July and August.
    await call(b, 'appointments.exit', { id: a.id, date: '2024-09-15', reason: '本人不再需要', note: null });
    for (const m of ['2024-07', '2024-08', '2024-09']) expect(await listed(b, m)).toEqual([]);
    expect(await listed(b, '2024-06')).toEqual([a.id]);
    expect((await call(b, 'attendance.month', { month: '2024-10' })).expiredLeftOut).toBe(0);
    expect((await call(b, 'appointments.list', { asOf: '2024-10-01', offset: 0, limit: 10 })).rows[0].derivedStatus).toBe('已退岗');
    await expect(call(b, 'attendance.save', { month: '2024-08', rows: [{ appointmentId: a.id, dueDays: 22, presentDays: 22, assessment: '合格', paidFen: null, paidReason: null }] }))
      .rejects.toThrow(/不在岗/);
  });

  it('a renewed agreement is listed again; a mid-month joiner is listed in the month they joined', async () => {
    const { b, person, post, appoint } = await ledger();
    const short = await appoint((await post()).id, (await person()).id, { startDate: '2024-01-01', endDate: '2024-03-31' });
    const joiner = await appoint((await post()).id, (await person()).id, { startDate: '2024-05-16', endDate: '2025-05-15' });
    expect(await listed(b, '2024-04')).toEqual([]);
    expect((await call(b, 'attendance.month', { month: '2024-04' })).expiredLeftOut).toBe(1);
    expect(await listed(b, '2024-05')).toEqual([joiner.id]);
    await call(b, 'appointments.renew', { ids: [short.id], endDate: '2024-12-31' });
    expect(await listed(b, '2024-04')).toEqual([short.id]);
    expect((await listed(b, '2024-05')).sort()).toEqual([short.id, joiner.id].sort());
    expect((await call(b, 'attendance.month', { month: '2024-04' })).expiredLeftOut).toBe(0);
  });

  it('工资发放表 lists every agreement of the month, attendance entered or not, says who was left out, and imports back unchanged', async () => {
    const { b, person, post, appoint } = await ledger();
    const one = await appoint((await post()).id, (await person()).id, { startDate: '2024-01-01', endDate: '2024-12-31' });
    await appoint((await post()).id, (await person()).id, { startDate: '2024-06-20', endDate: '2024-12-31' });
    await appoint((await post()).id, (await person()).id, { startDate: '2023-01-01', endDate: '2023-12-31' }); // 期满未续
    await call(b, 'attendance.save', { month: '2024-06', rows: [{ appointmentId: one.id, dueDays: 20, presentDays: 20, assessment: '合格', paidFen: null, paidReason: null }] });
    const out = await call(b, 'export.wages', { month: '2024-06' });
    const file = path.join(tmpDir(), 'wages.xlsx');
    fs.writeFileSync(file, Buffer.from(out.base64, 'base64'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    const ids: string[] = [];
    ws.eachRow((r) => r.eachCell((c) => { if (/^\d{17}[\dX]$/.test(String(c.value))) ids.push(String(c.value)); }));
    expect(ids).toHaveLength(2);
    expect(String(ws.getRow(2).getCell(1).value)).toMatch(/共 2 人.*其中 1 人未登记考勤.*另有 1 人聘用协议/);
    const job = await stageFile(b, file, 'post-wages' as 'posts');
    expect(job.counts).toMatchObject({ error: 0, new: 0, changed: 0, unchanged: 2 });
  });
});

describe('derived loan status and stats.loans.overdue at two dates', () => {
  it('past due and not 已结清 at the date, whatever the ledger says; a contradicting 台账状态 is one L06 finding', async () => {
    const { b, person } = await ledger();
    const p = await person();
    const base = { personId: p.id, bank: '农商银行', termMonths: null, rateE6: 34_500, purpose: null, note: null } as const;
    const plain = await call(b, 'loans.create', { ...base, contractNo: 'A1', amountFen: 3_000_000, issueDate: '2023-01-01', dueDate: '2024-01-01', status: '正常' });
    const paidLate = await call(b, 'loans.create', { ...base, contractNo: 'A2', amountFen: 1_000_000, issueDate: '2023-02-01', dueDate: '2024-01-10', status: '已结清', settledDate: '2024-02-01' });
    const ext = await call(b, 'loans.create', { ...base, contractNo: 'A3', amountFen: 1_000_000, issueDate: '2023-03-01', dueDate: '2024-01-05', status: '正常' });
    await call(b, 'loans.extend', { loanId: ext.id, date: '2023-12-20', newDueDate: '2024-12-31' });
    const status = async (id: number, asOf: string) => (await call(b, 'loans.get', { id, asOf })).derivedStatus;

    expect(await status(plain.id, '2023-06-01')).toBe('正常');
    expect(await status(plain.id, '2023-12-15')).toBe('即将到期');
    expect(await status(plain.id, '2024-03-01')).toBe('逾期');
    expect(await status(paidLate.id, '2024-01-20')).toBe('逾期');
    expect(await status(paidLate.id, '2024-03-01')).toBe('已结清');
    expect(await status(ext.id, '2023-12-10')).toBe('即将到期'); // the 展期 was granted on 12-20
    expect(await status(ext.id, '2024-03-01')).toBe('展期');
    expect(await status(plain.id, '2022-12-31')).toBe('未放款');
    expect((await call(b, 'loans.get', { id: plain.id, asOf: '2024-03-01' })).status).toBe('正常'); // 台账状态 kept

    const overdue = async (asOf: string) => ((await call(b, 'stats.get', { asOf })) as unknown as { loans: { overdue: number } }).loans.overdue;
    expect(await overdue('2023-12-15')).toBe(0);
    expect(await overdue('2024-01-20')).toBe(2);
    expect(await overdue('2024-03-01')).toBe(1);

    const l06 = await findings(b, '2024-03-01', 'L06');
    expect(l06).toHaveLength(1);
    expect(l06[0].message).toMatch(/已逾期 60 天.*台账状态却是“正常”/);
    expect(await findings(b, '2023-12-31', 'L06')).toEqual([]);
  });
});

describe('refined loan rules at two dates', () => {
  it('L01: a 追加 loan (是否贴息 = 部分) above 5万 is allowed while the household owes no more than 10万', async () => {
    const { b } = await ledger();
    const id = validId('14072419800101201');
    const file = await writeXlsx([
      ['行政村', '户主姓名', '身份证号', '户类型', '合同编号', '贷款金额（万元）', '放款日期', '到期日期', '是否贴息', '还款状态'],
      ['东关村', '王二', id, '脱贫户', 'F1', 3, '2023-01-01', '2024-01-01', '是', '正常'],
      ['东关村', '王二', id, '脱贫户', 'F2', 8, '2023-06-01', '2026-06-01', '部分', '正常'],
      ['东关村', '王二', id, '脱贫户', 'F3', 8, '2025-01-01', '2027-01-01', '是', '正常'],
    ]);
    await importFile(b, file, 'loans');
    const loans = (await call(b, 'loans.query', { offset: 0, limit: 10 })).rows;
    const f1 = loans.find((l) => l.contractNo === 'F1')!, f2 = loans.find((l) => l.contractNo === 'F2')!;
    expect(f2.additional).toBe(true);
    expect(loans.find((l) => l.contractNo === 'F3')!.additional).toBe(false);
    // Both owed on 2023-10-01: 11万 passes 10万.
    let l01 = await findings(b, '2023-10-01', 'L01');
    expect(l01.map((f) => f.message)).toEqual([expect.stringMatching(/未结清贷款 2 笔共 110,000.00元/)]);
    await call(b, 'loans.addRepayment', { loanId: f1.id, date: '2024-01-01', principalFen: 3_000_000 });
    expect(await findings(b, '2023-10-01', 'L01')).toHaveLength(1); // the repayment came later
    expect(await findings(b, '2024-06-01', 'L01')).toEqual([]); // 追加 8万 alone is allowed
    // F3 is a first loan of 8万: an error from its issue day on, not before.
    l01 = await findings(b, '2025-02-01', 'L01');
    expect(l01.some((f) => f.message.includes('合同 F3') && f.message.includes('首次贷款5万元'))).toBe(true);
  });

  it('L03: judged on the borrower when the ledger names one; a ledger of 户主 only makes it a warning that says so', async () => {
    const { b, person } = await ledger();
    const old = validId('14072419500101301');
    await importFile(b, await writeXlsx([
      ['户主姓名', '身份证号', '户类型', '合同编号', '贷款金额（万元）', '放款日期', '到期日期', '是否贴息', '还款状态'],
      ['李老汉', old, '脱贫户', 'H1', 3, '2023-01-01', '2025-01-01', '是', '正常'],
    ]), 'loans');
    const named = await person({ birth: '19500101' });
    await call(b, 'loans.create', { personId: named.id, bank: '农商银行', contractNo: 'B1', amountFen: 3_000_000, issueDate: '2023-01-01', dueDate: '2025-01-01', termMonths: null, rateE6: null, purpose: null, status: '正常', note: null });
    const l03 = await findings(b, '2023-06-01', 'L03');
    expect(l03.find((f) => f.id === old)).toMatchObject({ severity: 'warning', message: expect.stringMatching(/只写了户主/) });
    expect(l03.find((f) => f.id === named.idNo)).toMatchObject({ severity: 'error' });
    expect(await findings(b, '2022-06-01', 'L03')).toEqual([]); // not lent yet
  });

  it('贴息: a 追加 loan earns 贴息 once the first loan is repaid (the 5万 cap on the household’s balance, day by day); a missing date is its own subtotal', async () => {
    const { b, person } = await ledger();
    const p = await person();
    const base = { personId: p.id, bank: '农商银行', termMonths: null, rateE6: 34_500, purpose: null, note: null, status: '正常' as const };
    const first = await call(b, 'loans.create', { ...base, contractNo: 'C1', amountFen: 5_000_000, issueDate: '2023-01-01', dueDate: '2025-01-01' });
    const add = await call(b, 'loans.create', { ...base, contractNo: 'C2', amountFen: 3_000_000, issueDate: '2023-03-01', dueDate: '2025-03-01', additional: true });
    await call(b, 'loans.addRepayment', { loanId: first.id, date: '2023-07-01', principalFen: 5_000_000 });
    const t = await call(b, 'loans.subsidy', { from: '2023-01-01', to: '2023-12-31' });
    // 3万 × 3.45% × 184 days (07-01 … 12-31) ÷ 360 = 529.00 元; nothing before the first loan was repaid.
    expect(t.rows.find((r) => r.loanId === add.id)).toMatchObject({ subsidyFen: 52_900, missingDate: false });
    expect(t.rows.find((r) => r.loanId === add.id)!.note).toMatch(/逐日调整/);
    const q1 = await call(b, 'loans.subsidy', { from: '2023-01-01', to: '2023-03-31' });
    expect(q1.rows.find((r) => r.loanId === add.id)?.subsidyFen ?? 0).toBe(0);

    const q = await person();
    await call(b, 'loans.create', { ...base, personId: q.id, contractNo: 'C3', amountFen: 2_000_000, issueDate: '2023-01-01', dueDate: '2026-01-01', status: '逾期' });
    const u = await call(b, 'loans.subsidy', { from: '2023-01-01', to: '2023-12-31' });
    expect(u.missingDates.count).toBe(1);
    expect(u.rows.at(-1)).toMatchObject({ missingDate: true, subsidyFen: 0 });
    const out = await call(b, 'export.subsidy', { from: '2023-01-01', to: '2023-12-31' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0].eachRow((r) => cells.push(String(r.getCell(1).value)));
    expect(cells).toContain('缺少日期未计算 1 笔');
    expect(cells.indexOf('已计算小计')).toBeLessThan(cells.indexOf('缺少日期未计算 1 笔'));
  });
});

describe('refined posts rules at two dates', () => {
  it('P10: a 公示 clears exactly the appointments it listed, when it began by their start; a later one is a 补公示', async () => {
    const { b, person, post, appoint } = await ledger();
    const jan = await appoint((await post()).id, (await person()).id, { startDate: '2024-01-01' });
    const mar = await appoint((await post()).id, (await person()).id, { startDate: '2024-03-01' });
    const p10 = async (asOf: string) => Object.fromEntries((await findings(b, asOf, 'P10')).map((f) => [f.record.id, f.message]));
    expect(Object.keys(await p10('2024-04-01')).map(Number).sort()).toEqual([jan.id, mar.id].sort());
    await call(b, 'print.record', { kind: 'gongshi', month: '2024-03', startDate: '2024-02-20' });
    expect(Object.keys(await p10('2024-04-01')).map(Number)).toEqual([jan.id]); // the March 公示 did not list January's hire
    expect(Object.keys(await p10('2024-02-10')).map(Number)).toEqual([jan.id]); // before the 公示: only January's hire held a post
    // January's hire gets a 公示 only in April: a 补公示, said so, and it clears nothing.
    await call(b, 'print.record', { kind: 'gongshi', month: '2024-01', startDate: '2024-04-10' });
    expect((await p10('2024-04-01'))[jan.id]).not.toMatch(/补公示/);
    expect((await p10('2024-05-01'))[jan.id]).toMatch(/2024-04-10 起的公示晚于聘用开始日期 2024-01-01，属补公示/);
  });

  it('P11 only for a claimed 脱贫户/监测户 missing from the county list; a declared 一般户 gets P03 alone; P13 after the end date only', async () => {
    const { b } = await ledger();
    const claimed = validId('14072419800101401'), plain = validId('14072419800101501');
    await importFile(b, await writeXlsx([
      ['行政村', '岗位名称', '姓名', '身份证号码', '人员类别', '聘用开始时间', '聘用结束时间', '月补贴标准（元）', '协议编号'],
      ['东关村', '护路员', '赵甲', claimed, '脱贫户', '2024-01-01', '2024-06-30', 600, 'X1'],
      ['东关村', '护林员', '钱乙', plain, '一般户', '2024-01-01', '2024-06-30', 600, 'X2'],
    ]), 'posts');
    const ids = async (asOf: string, rule: string) => (await findings(b, asOf, rule)).map((f) => f.id).sort();
    expect(await ids('2024-03-01', 'P11')).toEqual([claimed]);
    expect(await ids('2024-03-01', 'P03')).toEqual([plain]);
    expect(await ids('2023-12-01', 'P11')).toEqual([]); // not yet holders
    expect(await ids('2024-06-30', 'P13')).toEqual([]);
    expect(await ids('2024-07-01', 'P13')).toEqual([claimed, plain].sort());
  });

  it('P02 counts persons: one person’s two posts are P01 alone; a second holder in the household makes it P02 from their start', async () => {
    const { b, person, post, appoint } = await ledger();
    const a = await person();
    await appoint((await post()).id, a.id, { startDate: '2024-01-01' });
    await appoint((await post()).id, a.id, { startDate: '2024-02-01' });
    const spouse = await person({ householdNo: 'H1', relation: '配偶' });
    await appoint((await post()).id, spouse.id, { startDate: '2024-05-01' });
    expect(await findings(b, '2024-03-01', 'P01')).toHaveLength(1);
    expect(await findings(b, '2024-03-01', 'P02')).toEqual([]);
    const p02 = await findings(b, '2024-06-01', 'P02');
    expect(p02).toHaveLength(1);
    expect(p02[0].message).toMatch(/同一户有 2 人/);
  });
});
