import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sample } from '../samples';
import { call, freshBackend, importBuffer, rosterBackend, stageBuffer, stageFile, tmpDir, validId } from './helpers';
import { countySheet } from '../support/countySheet';
import type { Backend } from '../../electron/backend/index';

const expected = JSON.parse(fs.readFileSync(sample('posts-roster-township.expected.json'), 'utf8')) as
  { rows: number; multiPostPerson: string; outsideRoster: string; over65: string; total: number; numericIdRows: number[] };

async function withRoster() {
  const b = await rosterBackend();
  const job = await stageFile(b, sample('posts-roster-township.xlsx'), 'posts');
  return { b, job };
}

async function sheetOf(base64: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

describe('公益岗位花名册 import', () => {
  it('reproduces the expected findings of the sample roster', async () => {
    const { b, job } = await withRoster();
    expect(job.headerRow).toBe(4); // two-row merged header on rows 3–4
    expect(job.counts.new + job.counts.error).toBe(expected.rows);
    const errors = (await call(b, 'import.preview', { jobId: job.jobId, category: 'error', offset: 0, limit: 50 })).rows;
    expect(errors.map((r) => r.row)).toEqual(expected.numericIdRows);
    expect(errors.every((r) => r.errors[0].message.includes('身份证号损坏'))).toBe(true);
    const done = await call(b, 'import.commit', { jobId: job.jobId });
    expect(done.summary?.inserted).toBe(expected.rows - expected.numericIdRows.length);
    const stats = await call(b, 'stats.get', {}) as { posts: { active: number; holders: number; monthlyWageYuan: number } };
    expect(stats.posts.active).toBe(expected.rows - expected.numericIdRows.length);
    expect(stats.posts.holders).toBe(stats.posts.active - 1); // one person holds two posts
    const findings = await call(b, 'checks.run', {});
    const ids = (rule: string) => new Set(findings.filter((f) => f.rule === rule).map((f) => f.id));
    expect([...ids('P01')]).toEqual([expected.multiPostPerson]);
    expect(ids('P03').has(expected.outsideRoster)).toBe(true);
    // Declared 一般户 on the roster: P03 alone (P11 is for a claimed 脱贫户/监测户 the county list lacks).
    expect(ids('P11').has(expected.outsideRoster)).toBe(false);
    expect(findings.some((f) => f.rule === 'P04' && f.id === expected.over65 && f.severity === 'error')).toBe(true);
    // Damaged IDs are import errors, never outsiders; the one outsider declared 一般户 is no P11.
    expect(ids('P11').size).toBe(0);
  });

  it('keeps the wage total of the 合计 row once the damaged rows are fixed', async () => {
    const { b, job } = await withRoster();
    const errors = (await call(b, 'import.preview', { jobId: job.jobId, category: 'error', offset: 0, limit: 50 })).rows;
    const all = (await call(b, 'import.preview', { jobId: job.jobId, category: 'new', offset: 0, limit: 200 })).rows;
    const wages = all.reduce((n, r) => n + Math.round(Number(r.values['月补贴标准（元）']) * 100), 0);
    // The damaged rows' wages are in the file's 合计 too: read them from the file itself.
    const ws = (await sheetOf(fs.readFileSync(sample('posts-roster-township.xlsx')).toString('base64')));
    const damaged = errors.reduce((n, r) => n + Number(ws.getRow(r.row).getCell(13).value) * 100, 0);
    expect((wages + damaged) / 100).toBe(expected.total);
  });

  it('exports the roster in the two-row layout and re-imports it unchanged; the .xls copy reads the same', async () => {
    const { b, job } = await withRoster();
    await call(b, 'import.commit', { jobId: job.jobId });
    const out = await call(b, 'export.posts', {});
    const ws = await sheetOf(out.base64);
    expect(ws.getRow(3).getCell(2).value).toBe('岗位信息');
    expect(ws.getRow(4).getCell(8).value).toBe('身份证号码');
    const file = path.join(tmpDir(), out.fileName);
    fs.writeFileSync(file, Buffer.from(out.base64, 'base64'));
    const again = await stageFile(b, file, 'posts');
    expect(again.counts).toEqual({ new: 0, changed: 0, unchanged: expected.rows - expected.numericIdRows.length, error: 0 });
    const xls = await stageFile(b, sample('posts-roster-township.xls'), 'posts');
    expect(xls.counts).toEqual({ new: 0, changed: 0, unchanged: expected.rows - expected.numericIdRows.length, error: expected.numericIdRows.length });
  });

  it('undoes a roster batch, removing the outsider it added', async () => {
    const { b, job } = await withRoster();
    await call(b, 'import.commit', { jobId: job.jobId });
    const before = (await call(b, 'stats.get', {})).persons;
    expect(before).toBe(3001);
    const [batch] = await call(b, 'import.batches', {});
    await call(b, 'import.undo', { batchId: batch.id });
    const s = await call(b, 'stats.get', {}) as { persons: number; posts: { active: number; library: number } };
    expect(s.persons).toBe(3000);
    expect(s.posts).toMatchObject({ active: 0, library: 0 });
  });
});

/** A small ledger built through the channels, for rule cases that must and must not fire. */
async function ledger() {
  const b = freshBackend();
  const v = await call(b, 'villages.create', { name: '东关村', code: null });
  let n = 0;
  const person = async (over: Partial<Parameters<typeof call<'persons.create'>>[2]> & { birth?: string; sexDigit?: number } = {}) => {
    n++;
    const birth = over.birth ?? '19800101';
    const first17 = `140724${birth}${String(n).padStart(2, '0')}${over.sexDigit ?? 1}`;
    const { birth: _b, sexDigit: _s, ...rest } = over;
    return call(b, 'persons.create', {
      idNo: validId(first17), name: `测试${'一二三四五六七八九十'[n % 10]}${n}`.replace(/\d/g, ''), villageId: v.id, householdNo: `H${n}`,
      householdType: '脱贫户', monitorCategory: null, riskEliminated: null, exitYear: 2018, relation: '户主', laborSkill: '普通劳动力', phone: null, ...rest,
    });
  };
  const post = (over: Partial<Parameters<typeof call<'posts.create'>>[2]> = {}) => call(b, 'posts.create', {
    villageId: v.id, name: '保洁员', category: '乡村公益岗', fundSource: '衔接资金', headcount: 1, duties: '村内保洁', workTime: '每天',
    wageFen: 80000, councilDate: '2026-01-05', councilRecord: '村委会研究同意', ...over,
  });
  const appoint = (postId: number, personId: number, over: Partial<Parameters<typeof call<'appointments.create'>>[2]> = {}) => call(b, 'appointments.create', {
    postId, personId, agreementNo: `XY${postId}-${personId}`, startDate: '2026-01-01', endDate: '2026-12-31', wageFen: 80000,
    bankAccount: `62170000000000${String(personId).padStart(5, '0')}`, bankName: '邮储银行', status: '在岗', remark: null, ...over,
  });
  return { b, v, person, post, appoint };
}

const rules = async (b: Backend) => (await call(b, 'checks.run', { module: 'posts' })).map((f) => f.rule);

describe('posts rules fire when they should and only then', () => {
  it('a roster naming one person twice on the same post: two appointments from different days, the same day once', async () => {
    const b = freshBackend();
    const header = ['序号', '行政村', '岗位名称', '姓名', '身份证号码', '聘用开始时间', '聘用期限（月）', '月补贴标准（元）', '银行卡号'];
    const a = validId('14072419850101051'), c = validId('14072419860202062');
    const roster = (rows: (string | number)[][]) => countySheet('乐平镇公益岗位花名册', '填报单位：乐平镇', header, rows);
    const file = await roster([[1, '南关村', '水管员', '陈宝山', a, '2023-01-01', 12, 600, '6217900000000000001'],
      [2, '南关村', '保洁员', '王翠萍', c, '2023-01-01', 12, 500, '6217900000000000002'],
      [3, '南关村', '水管员', '陈宝山', a, '2023-05-01', 12, 600, '6217900000000000003']]);
    const s = await importBuffer(b, 'posts', 'roster.xlsx', file);
    expect(s.errors).toEqual([]);
    expect(s.inserted).toBe(3);
    // The rule engine, not the importer, says one person holds two posts.
    const p01 = (await call(b, 'checks.run', { module: 'posts', asOf: '2023-06-01' })).filter((f) => f.rule === 'P01');
    expect(p01.map((f) => f.id)).toEqual([a]);
    // The same file again: each row is its own appointment, nothing changes.
    const again = await stageBuffer(b, 'posts', 'roster.xlsx', file);
    expect(again.counts).toEqual({ new: 0, changed: 0, unchanged: 3, error: 0 });
    // Next year's roster with a new start day renews the one appointment (changed, not a second one).
    const next = await stageBuffer(b, 'posts', 'roster-2024.xlsx', await roster([[1, '南关村', '保洁员', '王翠萍', c, '2024-01-01', 12, 500, '6217900000000000002']]));
    expect(next.counts).toEqual({ new: 0, changed: 1, unchanged: 0, error: 0 });
    // The same person, post and start day twice is one row written twice.
    const twice = await stageBuffer(b, 'posts', 'twice.xlsx', await roster([[1, '北关村', '护林员', '王翠萍', c, '2023-03-01', 12, 500, ''],
      [2, '北关村', '护林员', '王翠萍', c, '2023-03-01', 12, 500, '']]));
    expect(twice.counts).toEqual({ new: 1, changed: 0, unchanged: 0, error: 1 });
    const rows = await call(b, 'import.preview', { jobId: twice.jobId, category: 'error', offset: 0, limit: 10 });
    expect(rows.rows[0].errors[0].message).toContain('重复行不再导入');
    b.close();
  });

  it('P01/P02: two posts for one person or one household', async () => {
    const { b, person, post, appoint } = await ledger();
    const a = await person(), other = await person();
    const p1 = await post(), p2 = await post({ name: '护林员', category: '生态护林员' });
    await appoint(p1.id, a.id);
    await appoint(p2.id, other.id);
    expect(await rules(b)).not.toContain('P01');
    expect(await rules(b)).not.toContain('P02');
    const p3 = await post({ name: '护路员', category: '交通护路员' });
    const second = await appoint(p3.id, a.id);
    expect((await rules(b)).filter((r) => r === 'P01')).toHaveLength(1);
    // A P01 person's own second post is not counted again as 一户多岗.
    expect(await rules(b)).not.toContain('P02');
    const p4 = await post({ name: '河道管护员', category: '河湖管护员' });
    await appoint(p4.id, (await person({ householdNo: 'H1', relation: '配偶' })).id); // a's household (H1)
    expect((await rules(b)).filter((r) => r === 'P02')).toHaveLength(1);
    await call(b, 'appointments.exit', { id: second.id, date: '2026-03-01', reason: '本人不再需要', note: null });
    expect(await rules(b)).not.toContain('P01');
    expect(await rules(b)).toContain('P02');
  });
  it('P03/P11: a 一般户 holder or one missing from the county roster', async () => {
    const { b, person, post, appoint } = await ledger();
    const p = await post();
    await appoint(p.id, (await person({ householdType: '监测户' })).id);
    expect(await rules(b)).not.toContain('P03');
    const p2 = await post({ name: '护林员', category: '生态护林员' });
    await appoint(p2.id, (await person({ householdType: '一般户' })).id);
    expect(await rules(b)).toContain('P03');
    expect(await rules(b)).not.toContain('P11');
  });
  it('P04: ages outside the settings warn, 70+ is an error', async () => {
    const { b, person, post, appoint } = await ledger();
    const p = await post({ headcount: 3 });
    await appoint(p.id, (await person({ birth: '19800101' })).id);
    expect(await rules(b)).not.toContain('P04');
    await appoint(p.id, (await person({ birth: '19640101', sexDigit: 2 })).id); // a woman of 62
    let f = await call(b, 'checks.run', { module: 'posts' });
    expect(f.filter((x) => x.rule === 'P04').map((x) => x.severity)).toEqual(['warning']);
    await appoint(p.id, (await person({ birth: '19500101' })).id); // 76
    f = await call(b, 'checks.run', { module: 'posts' });
    expect(f.filter((x) => x.rule === 'P04').map((x) => x.severity).sort()).toEqual(['error', 'warning']);
  });
  it('P05: 丧失劳动力 holders are 人岗不适', async () => {
    const { b, person, post, appoint } = await ledger();
    const p = await post({ headcount: 2 });
    await appoint(p.id, (await person({ laborSkill: '弱劳动力或半劳动力' })).id);
    expect(await rules(b)).not.toContain('P05');
    await appoint(p.id, (await person({ laborSkill: '丧失劳动力' })).id);
    expect(await rules(b)).toContain('P05');
  });
  it('P06: more holders than the headcount', async () => {
    const { b, person, post, appoint } = await ledger();
    const p = await post({ headcount: 1 });
    await appoint(p.id, (await person()).id);
    expect(await rules(b)).not.toContain('P06');
    await appoint(p.id, (await person()).id);
    expect(await rules(b)).toContain('P06');
  });
  it('P07: pay without attendance or above the standard; the pay rule itself never fires it', async () => {
    const { b, person, post, appoint } = await ledger();
    const p = await post({ headcount: 2 });
    const a1 = await appoint(p.id, (await person()).id);
    const a2 = await appoint(p.id, (await person()).id);
    await call(b, 'attendance.save', { month: '2026-03', rows: [
      { appointmentId: a1.id, dueDays: 22, presentDays: 22, assessment: '合格', paidFen: null, paidReason: null },
      { appointmentId: a2.id, dueDays: 22, presentDays: 22, assessment: '不合格', paidFen: null, paidReason: null },
    ] });
    expect(await rules(b)).not.toContain('P07');
    const month = await call(b, 'attendance.month', { month: '2026-03' });
    expect(month.rows.map((r) => r.payableFen)).toEqual([80000, 0]);
    await call(b, 'attendance.save', { month: '2026-03', rows: [
      { appointmentId: a2.id, dueDays: 22, presentDays: 22, assessment: '不合格', paidFen: 80000, paidReason: '村里说照发' },
    ] });
    expect(await rules(b)).toContain('P07');
  });
  it('P09: one bank account for two persons', async () => {
    const { b, person, post, appoint } = await ledger();
    const p = await post({ headcount: 2 });
    await appoint(p.id, (await person()).id, { bankAccount: '6217000000000000001' });
    await appoint(p.id, (await person()).id, { bankAccount: '6217000000000000002' });
    expect(await rules(b)).not.toContain('P09');
    const p2 = await post({ name: '护林员', category: '生态护林员' });
    await appoint(p2.id, (await person()).id, { bankAccount: '6217000000000000001' });
    expect(await rules(b)).toContain('P09');
  });
  it('P10/P13: missing paperwork and an expired agreement still 在岗', async () => {
    const { b, person, post, appoint } = await ledger();
    const p = await post({ headcount: 2 });
    await appoint(p.id, (await person()).id, { endDate: '2099-12-31' });
    const r = await rules(b);
    expect(r).toContain('P10'); // no 公示 recorded yet
    expect(r).not.toContain('P13');
    await appoint(p.id, (await person()).id, { startDate: '2024-01-01', endDate: '2024-12-31', agreementNo: null });
    const f = await call(b, 'checks.run', { module: 'posts' });
    expect(f.some((x) => x.rule === 'P13')).toBe(true);
    expect(f.find((x) => x.rule === 'P10' && x.message.includes('聘用协议编号'))).toBeTruthy();
  });
});

describe('attendance and the 工资发放表', () => {
  it('saves a month, refuses a different 实发 without a reason, locks, and exports with 合计 and 大写', async () => {
    const { b, person, post, appoint } = await ledger();
    const p = await post({ headcount: 3 });
    const a = await Promise.all([1, 2, 3].map(async () => appoint(p.id, (await person()).id)));
    await expect(call(b, 'attendance.save', { month: '2026-04', rows: [{ appointmentId: a[0].id, dueDays: 22, presentDays: 22, assessment: '合格', paidFen: 70000, paidReason: null }] }))
      .rejects.toThrow(/请填写原因/);
    await call(b, 'attendance.save', { month: '2026-04', rows: [
      { appointmentId: a[0].id, dueDays: 22, presentDays: 22, assessment: '合格', paidFen: null, paidReason: null },
      { appointmentId: a[1].id, dueDays: 22, presentDays: 11, assessment: '合格', paidFen: null, paidReason: null },
      { appointmentId: a[2].id, dueDays: 22, presentDays: 20, assessment: '不合格', paidFen: null, paidReason: null },
    ] });
    const out = await call(b, 'export.wages', { month: '2026-04' });
    const ws = await sheetOf(out.base64);
    const header = (ws.getRow(3).values as unknown[]).map(String);
    const paidCol = header.indexOf('实发金额');
    expect(ws.getRow(4).getCell(paidCol).value).toBe(800);
    expect(ws.getRow(5).getCell(paidCol).value).toBe(400);
    expect(ws.getRow(6).getCell(paidCol).value).toBe(0);
    expect(ws.getRow(7).getCell(1).value).toBe('合计');
    expect(ws.getRow(7).getCell(paidCol).value).toBe(1200);
    const texts: string[] = [];
    ws.eachRow((r) => r.eachCell((c) => texts.push(String(c.value))));
    expect(texts.some((t) => t.includes('壹仟贰佰元整'))).toBe(true);
    expect(header).toContain('本人签字');
    await call(b, 'attendance.lock', { month: '2026-04' });
    await expect(call(b, 'attendance.save', { month: '2026-04', rows: [] })).rejects.toThrow(/已锁定/);
  });
  it('exits with a reason, keeps the history and allows a later re-appointment', async () => {
    const { b, person, post, appoint } = await ledger();
    const p = await post();
    const who = await person();
    const a = await appoint(p.id, who.id);
    await expect(call(b, 'appointments.exit', { id: a.id, date: '2026-05-01', reason: '其他', note: null })).rejects.toThrow(/写明/);
    const exited = await call(b, 'appointments.exit', { id: a.id, date: '2026-05-01', reason: '就学/参军/迁出', note: null });
    expect(exited).toMatchObject({ status: '离岗', exitReason: '就学/参军/迁出', exitDate: '2026-05-01' });
    await appoint(p.id, who.id, { startDate: '2026-08-01' });
    const history = await call(b, 'appointments.list', { personId: who.id });
    expect(history.rows.map((r) => r.status).sort()).toEqual(['在岗', '离岗']);
  });
});

describe('a holder first met on the roster', () => {
  it('joins the county roster when a later persons file lists them (declared 一般户: P03, never P11)', async () => {
    const { b, job } = await withRoster();
    await call(b, 'import.commit', { jobId: job.jobId });
    const p11 = async () => (await call(b, 'checks.run', {})).some((f) => f.rule === 'P11' && f.id === expected.outsideRoster);
    expect(await p11()).toBe(false);
    expect((await call(b, 'checks.run', {})).some((f) => f.rule === 'P03' && f.id === expected.outsideRoster)).toBe(true);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '证件号码', '户类型']);
    ws.addRow(['周满仓', expected.outsideRoster, '一般户']);
    const file = path.join(tmpDir(), 'late.xlsx');
    await wb.xlsx.writeFile(file);
    const late = await stageFile(b, file);
    expect(late.counts.changed).toBe(1);
    const [row] = (await call(b, 'import.preview', { jobId: late.jobId, category: 'changed', offset: 0, limit: 1 })).rows;
    expect(row.changes).toContainEqual({ field: '县级名单', before: '不在名单', after: '在名单' });
    await call(b, 'import.commit', { jobId: late.jobId });
    expect(await p11()).toBe(false);
  });
});
