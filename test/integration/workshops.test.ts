import { todayIso } from '../../shared/dates';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import { workshopsRules } from '../../electron/backend/checks/workshops';
import { sample } from '../samples';
import { call, freshBackend, tmpDir, validId } from './helpers';

type WStats = { workshops: { count: number; operating: number; employed: number; poorEmployed: number } };
const stats = async (b: Backend) => (await call(b, 'stats.get', {})) as unknown as WStats;

/** import.start → wait until staged (kind workshops); the shared helper only knows persons. */
async function stage(b: Backend, fileName: string, buf: Buffer) {
  let job = await call(b, 'import.start', { kind: 'workshops', fileName, base64: buf.toString('base64') });
  for (let i = 0; i < 600 && job.state === 'reading'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = await call(b, 'import.status', { jobId: job.jobId });
  }
  return job;
}
const importFile = async (b: Backend, file: string) => {
  const job = await stage(b, path.basename(file), fs.readFileSync(file));
  expect(job.state).toBe('ready');
  return call(b, 'import.commit', { jobId: job.jobId });
};
const importBase64 = async (b: Backend, fileName: string, base64: string) => {
  const job = await stage(b, fileName, Buffer.from(base64, 'base64'));
  expect(job.state, job.message ?? '').toBe('ready');
  return job;
};

/** The ledger's column sums, read independently of the importer: header row found by text, 合计 row and notes skipped. */
async function ledgerSums(file: string | Buffer) {
  const wb = new ExcelJS.Workbook();
  if (typeof file === 'string') await wb.xlsx.readFile(file);
  else await wb.xlsx.load(file as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  let headerRow = 0;
  ws.eachRow((row, n) => { if (!headerRow && (row.values as unknown[]).some((v) => v === '其中脱贫劳动力')) headerRow = n; });
  const col = (name: string) => (ws.getRow(headerRow).values as unknown[]).findIndex((v) => typeof v === 'string' && v.startsWith(name));
  const cols = { employed: col('吸纳就业人数'), poor: col('其中脱贫劳动力'), monitored: col('其中监测对象'), status: col('运营状态') };
  const out = { rows: 0, employed: 0, poor: 0, monitored: 0, stopped: 0, total: null as null | { employed: number; poor: number } };
  ws.eachRow((row, n) => {
    if (n <= headerRow) return;
    const first = String(row.getCell(1).value ?? '');
    if (first.includes('合计')) { out.total = { employed: Number(row.getCell(cols.employed).value), poor: Number(row.getCell(cols.poor).value) }; return; }
    if (typeof row.getCell(1).value !== 'number') return;
    out.rows++;
    out.employed += Number(row.getCell(cols.employed).value);
    out.poor += Number(row.getCell(cols.poor).value);
    out.monitored += Number(row.getCell(cols.monitored).value);
    if (/停/.test(String(row.getCell(cols.status).value))) out.stopped++;
  });
  return out;
}

let seq = 0;
/** A roster person of the given household type; returns their 身份证号. */
async function person(b: Backend, name: string, householdType: '脱贫户' | '监测户' | '一般户' = '脱贫户') {
  seq++;
  const p = await call(b, 'persons.create', {
    idNo: validId(`140724198${seq % 10}0101${String(100 + seq).slice(-3)}`), name, villageId: null, householdNo: null, householdType,
    monitorCategory: householdType === '监测户' ? '边缘易致贫户' : null, riskEliminated: householdType === '监测户' ? false : null,
    exitYear: householdType === '脱贫户' ? 2018 : null, relation: null, laborSkill: '普通劳动力', phone: null,
  });
  return p;
}

const WORKSHOP = {
  villageId: null, entity: '昔阳测试服饰有限公司', creditCode: '91140724MA04009081', leader: '王建国', phone: '13912345678',
  industry: '服装加工', recognizedDate: '2022-05-15', note: null,
};
const job = (workshopId: number, p: { idNo: string; name: string }, over: Record<string, unknown> = {}) => ({
  workshopId, idNo: p.idNo, name: p.name, startDate: '2023-03-01', endDate: null, contractMonths: 12, monthlyWageFen: 220_000, channel: '村委推荐', note: null, ...over,
});
const findings = (b: Backend, code: string) => workshopsRules.find((r) => r.code === code)!.run(b.ctx, todayIso());

describe('帮扶车间信息台账 import', () => {
  it('imports the sample ledger: 9 workshops whose totals equal the file’s own column sums', async () => {
    const b = freshBackend();
    const file = sample('workshops-ledger.xlsx');
    const job = await stage(b, 'workshops-ledger.xlsx', fs.readFileSync(file));
    expect(job.headerRow).toBe(3);
    expect(job.counts).toEqual({ new: 9, changed: 0, unchanged: 0, error: 0 });
    const done = await call(b, 'import.commit', { jobId: job.jobId });
    expect(done.summary).toMatchObject({ kind: 'workshops', rows: 9, inserted: 9, updated: 0, errors: [] });

    const sums = await ledgerSums(file);
    expect(sums.rows).toBe(9);
    const s = await stats(b);
    expect(s.workshops).toEqual({ count: 9, operating: 9 - sums.stopped, employed: sums.employed, poorEmployed: sums.poor });

    const list = await call(b, 'workshops.query', { limit: 100 });
    expect(list.total).toBe(9);
    expect(list.rows.reduce((a, w) => a + w.monitored, 0)).toBe(sums.monitored);
    expect(list.rows.every((w) => w.source === 'reported')).toBe(true);
    // 停工 in the county file is our 停产; its history is dated by the file: 认定 on its 认定时间, 停产 by the
    // file's 统计截止 date (the sheet has no 状态变更时间 column), never by the day of the import.
    const stopped = list.rows.filter((w) => w.status === '停产');
    expect(stopped).toHaveLength(sums.stopped);
    const detail = await call(b, 'workshops.get', { id: stopped[0].id });
    expect(detail.history.map((h) => [h.changedOn, h.fromStatus, h.toStatus])).toEqual([['2023-09-30', '正常运营', '停产'], [stopped[0].recognizedDate, null, '正常运营']]);
    expect(detail.history[0].reason).toContain('按统计截止日期');
    expect(stopped[0].statusDate).toBe('2023-09-30');
    // Codes are kept as written, as text; those failing the checksum are flagged (W06), not refused.
    expect(list.rows.every((w) => /^91140724MA\d{7}[0-9A-Z]$/.test(w.creditCode ?? ''))).toBe(true);
    const w06 = findings(b, 'W06');
    expect(w06.length).toBe(list.rows.filter((w) => w.creditCodeProblem).length);
    expect(w06.length).toBeGreaterThan(0);
    expect(w06[0].message).toContain('校验位');
    // Without per-person rows the reported counts are compared: all report ≥ 5, so none is below qualification yet.
    expect(list.rows.every((w) => w.qualification.state === 'unverified')).toBe(true);
    expect(findings(b, 'W02')).toEqual([]);

    // Re-importing the same file changes nothing.
    expect((await stage(b, 'workshops-ledger.xlsx', fs.readFileSync(file))).counts).toEqual({ new: 0, changed: 0, unchanged: 9, error: 0 });
  });

  it('round trip: our export has the county layout and re-imports as 9 unchanged; undo removes the batch', async () => {
    const b = freshBackend();
    await call(b, 'settings.update', { township: '乐平镇' });
    await importFile(b, sample('workshops-ledger.xlsx'));
    const out = await call(b, 'export.workshops', {});
    const buf = Buffer.from(out.base64, 'base64');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('乐平镇就业帮扶车间信息台账');
    expect(ws.getRow(3).values).toEqual(expect.arrayContaining(['车间名称', '统一社会信用代码', '吸纳就业人数', '其中脱贫劳动力', '其中监测对象', '人均月工资（元）']));
    expect(typeof ws.getCell('E4').value).toBe('string'); // 信用代码 as text
    const orig = await ledgerSums(sample('workshops-ledger.xlsx'));
    const mine = await ledgerSums(buf);
    expect([mine.rows, mine.employed, mine.poor, mine.monitored]).toEqual([orig.rows, orig.employed, orig.poor, orig.monitored]);
    expect(mine.total).toEqual({ employed: orig.employed, poor: orig.poor });

    const again = await importBase64(b, out.fileName, out.base64);
    expect(again.counts).toEqual({ new: 0, changed: 0, unchanged: 9, error: 0 });

    const [batch] = await call(b, 'import.batches', {});
    await call(b, 'import.undo', { batchId: batch.id });
    expect((await stats(b)).workshops.count).toBe(0);
  });

  it('shows a changed status as a change, records it in the history, and a wrong status word as an error', async () => {
    const b = freshBackend();
    await importFile(b, sample('workshops-ledger.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(sample('workshops-ledger.xlsx'));
    const ws = wb.worksheets[0];
    const name = String(ws.getCell('C4').value);
    ws.getCell('J4').value = '经营困难';
    ws.getCell('J5').value = '半死不活';
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const job = await stage(b, 'changed.xlsx', buf);
    expect(job.counts).toEqual({ new: 0, changed: 1, unchanged: 7, error: 1 });
    const err = await call(b, 'import.preview', { jobId: job.jobId, category: 'error', offset: 0, limit: 5 });
    expect(err.rows[0].errors[0].message).toContain('运营状态“半死不活”无法识别');
    const ch = await call(b, 'import.preview', { jobId: job.jobId, category: 'changed', offset: 0, limit: 5 });
    expect(ch.rows[0].changes).toEqual([{ field: '运营状态', before: '正常运营', after: '经营困难' }]);
    await call(b, 'import.commit', { jobId: job.jobId });
    const w = (await call(b, 'workshops.query', { name, limit: 5 })).rows[0];
    expect(w.status).toBe('经营困难');
    expect((await call(b, 'workshops.get', { id: w.id })).history.map((h) => h.toStatus)).toEqual(['经营困难', '正常运营']);
  });
});

describe('车间登记、状态、务工台账、认定与补助', () => {
  it('validates the credit code and phone with Chinese messages naming the field', async () => {
    const b = freshBackend();
    await expect(call(b, 'workshops.create', { ...WORKSHOP, name: '甲车间', creditCode: '91140724MA04009082' })).rejects.toThrow(/统一社会信用代码.*校验位/);
    await expect(call(b, 'workshops.create', { ...WORKSHOP, name: '甲车间', phone: '12345' })).rejects.toThrow(/联系电话/);
    const w = await call(b, 'workshops.create', { ...WORKSHOP, name: '甲车间', creditCode: ' 91140724ma04009081 ' });
    expect(w.creditCode).toBe('91140724MA04009081');
    await expect(call(b, 'workshops.create', { ...WORKSHOP, name: '甲车间' })).rejects.toThrow(/已经登记过了/);
    const audit = b.ctx.db.prepare("SELECT count(*) AS n FROM audit_log WHERE table_name = 'workshops' AND record_id = ?").get(w.id) as { n: number };
    expect(audit.n).toBe(1);
  });

  it('keeps a dated status history; 经营困难 needs 帮扶措施; dates cannot go backwards', async () => {
    const b = freshBackend();
    const w = await call(b, 'workshops.create', { ...WORKSHOP, name: '乙车间' });
    await expect(call(b, 'workshops.changeStatus', { id: w.id, status: '经营困难', date: '2024-03-01', reason: '订单减少', measures: null })).rejects.toThrow(/帮扶措施/);
    await expect(call(b, 'workshops.changeStatus', { id: w.id, status: '经营困难', date: '2024-03-01', reason: '  ', measures: '协调订单' })).rejects.toThrow(/原因/);
    await call(b, 'workshops.changeStatus', { id: w.id, status: '经营困难', date: '2024-03-01', reason: '订单减少', measures: '协调县电商中心订单' });
    await expect(call(b, 'workshops.changeStatus', { id: w.id, status: '停产', date: '2024-02-01', reason: '停电', measures: null })).rejects.toThrow(/早于上一次状态变更（2024-03-01）/);
    await expect(call(b, 'workshops.changeStatus', { id: w.id, status: '经营困难', date: '2024-04-01', reason: 'x', measures: 'y' })).rejects.toThrow(/现在就是/);
    const d1 = await call(b, 'workshops.changeStatus', { id: w.id, status: '停产', date: '2024-05-10', reason: '厂房维修', measures: null });
    const d = await call(b, 'workshops.changeStatus', { id: w.id, status: '正常运营', date: '2024-07-01', reason: '维修完成复产', measures: null });
    expect(d1.workshop.status).toBe('停产');
    expect(d.workshop).toMatchObject({ status: '正常运营', statusDate: '2024-07-01' });
    expect(d.history.map((h) => [h.changedOn, h.fromStatus, h.toStatus])).toEqual([
      ['2024-07-01', '停产', '正常运营'], ['2024-05-10', '经营困难', '停产'], ['2024-03-01', '正常运营', '经营困难'], ['2022-05-15', null, '正常运营'],
    ]);
    expect(d.history[2]).toMatchObject({ reason: '订单减少', measures: '协调县电商中心订单', operator: '测试员' });
  });

  it('derives figures and qualification from the 务工台账, pays the subsidy once per person, and flags W01–W05', async () => {
    const b = freshBackend();
    const w = await call(b, 'workshops.create', { ...WORKSHOP, name: '丙车间' });
    const poor = [];
    for (const n of ['张一', '李二', '王三', '赵四']) poor.push(await person(b, n));
    const monitored = await person(b, '孙五', '监测户');
    const ordinary = await person(b, '周六', '一般户');

    for (const p of poor.slice(0, 3)) await call(b, 'employments.create', job(w.id, p));
    let d = await call(b, 'workshops.get', { id: w.id });
    expect(d.workshop).toMatchObject({ source: 'employments', employed: 3, poor: 3, monitored: 0, avgWageFen: 220_000 });
    expect(d.workshop.qualification.state).toBe('notQualified');
    expect(d.workshop.qualification.reason).toContain('3 人，不足 5 人');
    expect(d.plan.blocked).toContain('暂不能发放');
    expect(findings(b, 'W02').map((f) => f.name)).toEqual(['丙车间']);

    await call(b, 'employments.create', job(w.id, poor[3], { contractMonths: 3 }));
    await call(b, 'employments.create', job(w.id, monitored, { monthlyWageFen: 250_000 }));
    await call(b, 'employments.create', job(w.id, ordinary));
    // Someone not on the roster is kept as a worker outside the roster.
    const outsider = { idNo: validId('14072419900101777'), name: '钱七' };
    const e7 = await call(b, 'employments.create', job(w.id, outsider));
    expect(e7).toMatchObject({ inRoster: false, poor: false, counts: false });
    await expect(call(b, 'employments.create', job(w.id, { idNo: poor[0].idNo, name: '别人' }))).rejects.toThrow(/人员名单中是“张一”/);
    await expect(call(b, 'employments.create', job(w.id, poor[0], { startDate: '2023-06-01' }))).rejects.toThrow(/已有 2023-03-01 起/);

    d = await call(b, 'workshops.get', { id: w.id });
    expect(d.workshop).toMatchObject({ employed: 7, poor: 5, monitored: 1 });
    expect(d.workshop.qualification.state).toBe('notQualified'); // 4 qualifying: 赵四's contract is 3 months
    expect(d.workshop.qualification.reason).toContain('1 人合同期限不足 6 个月');
    const e4 = (await call(b, 'employments.query', { workshopId: w.id, name: '赵四' })).rows[0];
    expect(e4.reasons).toEqual(['合同期限 3 个月，不足 6 个月']);
    await call(b, 'employments.update', { ...job(w.id, poor[3]), id: e4.id, contractMonths: 12 });
    d = await call(b, 'workshops.get', { id: w.id });
    expect(d.workshop.qualification.state).toBe('qualified');
    expect(findings(b, 'W02')).toEqual([]);
    expect(d.plan.eligible.map((c) => c.name).sort()).toEqual(['张一', '李二', '王三', '赵四', '孙五'].sort());
    expect(d.plan.eligible.every((c) => c.amountFen === 100_000)).toBe(true);

    // Pay three; the same person never twice for this workshop.
    const pick = d.plan.eligible.slice(0, 3).map((c) => c.personId);
    const paid = await call(b, 'workshops.paySubsidies', { workshopId: w.id, personIds: pick, paidDate: '2024-01-15', voucher: '昔人社〔2024〕3号' });
    expect(paid.paid).toHaveLength(3);
    await expect(call(b, 'workshops.paySubsidies', { workshopId: w.id, personIds: [pick[0]], paidDate: '2024-02-01' })).rejects.toThrow(/只能领取一次/);
    await expect(call(b, 'workshops.paySubsidies', { workshopId: w.id, personIds: [e7.personId], paidDate: '2024-02-01' })).rejects.toThrow(/不符合/);
    d = await call(b, 'workshops.get', { id: w.id });
    expect(d.plan.eligible).toHaveLength(2);
    expect(d.plan.paidTotalFen).toBe(300_000);
    expect(d.workshop.subsidyPaidFen).toBe(300_000);
    expect(d.subsidies.map((s) => s.voucher)).toEqual(['昔人社〔2024〕3号', '昔人社〔2024〕3号', '昔人社〔2024〕3号']);
    const paidEmp = (await call(b, 'employments.query', { workshopId: w.id, name: paid.paid[0].name })).rows[0];
    expect(paidEmp.subsidized).toBe(true);
    await expect(call(b, 'employments.delete', { id: paidEmp.id })).rejects.toThrow(/不能删除/);
    expect(findings(b, 'W04')).toEqual([]);

    // W04: a second payment that arrived some other way (old data) and a cap lowered below what was paid.
    b.ctx.db.prepare("INSERT INTO workshop_subsidies (workshop_id, person_id, amount_fen, paid_date) VALUES (?, ?, 100000, '2024-03-01')").run(w.id, pick[0]);
    let w04 = findings(b, 'W04');
    expect(w04).toHaveLength(1);
    expect(w04[0].message).toContain('领取了 2 次');
    await call(b, 'settings.update', { workshopSubsidyCapFen: 300_000 });
    // Saving some other setting later must not put the cap back to its default.
    await call(b, 'settings.update', { township: '乐平镇' });
    expect((await call(b, 'settings.get', {})).workshopSubsidyCapFen).toBe(300_000);
    w04 = findings(b, 'W04');
    expect(w04.map((f) => f.message).join()).toContain('超过每个车间 3,000 元的上限，多出 1,000 元');
    d = await call(b, 'workshops.get', { id: w.id });
    expect(d.plan.eligible).toEqual([]);
    expect(d.plan.overCap).toHaveLength(2);

    // W01: the same person in a second workshop at the same time; a later start after leaving is fine.
    const w2 = await call(b, 'workshops.create', { ...WORKSHOP, name: '丁车间' });
    expect(findings(b, 'W01')).toEqual([]);
    await call(b, 'employments.create', job(w2.id, poor[1], { startDate: '2023-06-01' }));
    const w01 = findings(b, 'W01');
    expect(w01.map((f) => f.name)).toEqual(['李二']);
    expect(w01[0].message).toContain('丙车间');
    const e2 = (await call(b, 'employments.query', { workshopId: w.id, name: '李二' })).rows[0];
    await expect(call(b, 'employments.leave', { id: e2.id, endDate: '2023-01-01', reason: null })).rejects.toThrow(/早于入职日期/);
    const left = await call(b, 'employments.leave', { id: e2.id, endDate: '2023-05-31', reason: '到丁车间务工' });
    expect(left).toMatchObject({ endDate: '2023-05-31', exitReason: '到丁车间务工', active: false });
    expect(findings(b, 'W01')).toEqual([]);

    // W03: 丁车间 stops while 李二 still works there.
    expect(findings(b, 'W03')).toEqual([]);
    await call(b, 'workshops.changeStatus', { id: w2.id, status: '停产', date: '2024-06-01', reason: '订单中断', measures: null });
    const w03 = findings(b, 'W03');
    expect(w03).toHaveLength(1);
    expect(w03[0].message).toContain('仍有 1 人在岗（李二）');
    const e2b = (await call(b, 'employments.query', { workshopId: w2.id })).rows[0];
    await call(b, 'employments.leave', { id: e2b.id, endDate: '2024-06-01', reason: '车间停产' });
    expect(findings(b, 'W03')).toEqual([]);

    // W05: a worker who also holds a 公益岗位 in the same period (posts tables come with the posts module).
    const hasPosts = !!b.ctx.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'appointments'").get();
    if (!hasPosts) { console.log('W05 跳过：公益岗位模块（appointments 表）尚未合入'); return; }
    expect(findings(b, 'W05')).toEqual([]);
    const post = Number(b.ctx.db.prepare("INSERT INTO posts (name) VALUES ('保洁员')").run().lastInsertRowid);
    const zhang = (await call(b, 'employments.query', { workshopId: w.id, name: '张一' })).rows[0];
    b.ctx.db.prepare("INSERT INTO appointments (post_id, person_id, start_date, status) VALUES (?, ?, '2023-01-01', '在岗')").run(post, zhang.personId);
    // Left the post before starting work: not the same period.
    const wang = (await call(b, 'employments.query', { workshopId: w.id, name: '王三' })).rows[0];
    b.ctx.db.prepare("INSERT INTO appointments (post_id, person_id, start_date, status, exit_date) VALUES (?, ?, '2022-01-01', '离岗', '2023-02-28')").run(post, wang.personId);
    const w05 = findings(b, 'W05');
    expect(w05.map((f) => [f.name, f.severity])).toEqual([['张一', 'warning']]);
    expect(w05[0].message).toContain('保洁员');
  });

  it('imports a per-person 务工台账 (merged 车间 cells), re-imports unchanged, exports and re-imports it, and undoes it', async () => {
    const b = freshBackend();
    await importFile(b, sample('workshops-ledger.xlsx'));
    const before = await stats(b);
    const zhang = await person(b, '张小燕');
    const li = await person(b, '李大海', '监测户');
    const name = '沙垴来料加工帮扶车间';
    const outsider = validId('14072419850505123');
    const badId = outsider.slice(0, 17) + (outsider[17] === '0' ? '1' : '0');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('务工台账');
    ws.addRow(['沙垴来料加工帮扶车间务工人员台账']);
    ws.addRow(['填报时间：2024年1月']);
    ws.addRow(['序号', '车间名称', '姓名', '身份证号', '入职时间', '离职时间', '合同期限', '月工资（元）', '就业渠道']);
    ws.addRow([1, name, '张小燕', zhang.idNo, '2023.3.1', null, '1年', 2300, '村委推荐']);
    ws.addRow([2, null, '李大海', li.idNo, '2023-03-01', '2023-12-31', 12, '2,100', '亲友介绍']);
    ws.addRow([3, null, '外村人', outsider, '20230401', null, '6个月', 1900, '自主求职']);
    ws.addRow([4, null, '坏号码', badId, '2023-04-01', null, 6, 1900, null]);
    ws.addRow([5, '新车间', '张小燕', zhang.idNo, '2023-05-01', null, 12, 2000, null]);
    ws.addRow(['合计', null, '5人']);
    ws.mergeCells('B4:B7');
    const buf = Buffer.from(await wb.xlsx.writeBuffer());

    const job1 = await stage(b, '务工台账.xlsx', buf);
    const err = await call(b, 'import.preview', { jobId: job1.jobId, category: 'error', offset: 0, limit: 5 });
    expect(job1.counts).toEqual({ new: 4, changed: 0, unchanged: 0, error: 1 });
    expect(err.rows[0]).toMatchObject({ row: 7 });
    expect(err.rows[0].errors[0].message).toContain('校验');
    const done = await call(b, 'import.commit', { jobId: job1.jobId });
    expect(done.summary).toMatchObject({ inserted: 4, errors: [expect.objectContaining({ row: 7 })] });

    const list = (await call(b, 'employments.query', { limit: 50 })).rows;
    const zhangRow = list.find((e) => e.name === '张小燕' && e.workshopName === name)!;
    expect(zhangRow).toMatchObject({ startDate: '2023-03-01', contractMonths: 12, monthlyWageFen: 230_000, poor: true });
    expect(list.find((e) => e.name === '李大海')).toMatchObject({ endDate: '2023-12-31', monthlyWageFen: 210_000, monitored: true });
    expect(list.find((e) => e.name === '外村人')).toMatchObject({ inRoster: false, poor: false });
    // A workshop named only in the 务工台账 is registered, to be completed by hand.
    const stub = (await call(b, 'workshops.query', { name: '新车间' })).rows[0];
    expect(stub.note).toContain('请补全');
    // 张小燕 works in 沙垴 and 新车间 at the same time.
    expect(findings(b, 'W01').map((f) => f.name)).toEqual(['张小燕']);

    // With per-person rows 沙垴's figures now come from them (李大海 has left): employed 2, poor 1.
    const shanao = (await call(b, 'workshops.query', { name })).rows[0];
    expect(shanao).toMatchObject({ source: 'employments', employed: 2, poor: 1, monitored: 0 });
    const after = await stats(b);
    expect(after.workshops.count).toBe(before.workshops.count + 1);
    expect(after.workshops.poorEmployed).toBe(before.workshops.poorEmployed - 27 + 1 + 1);

    expect((await stage(b, '务工台账.xlsx', buf)).counts).toEqual({ new: 0, changed: 0, unchanged: 4, error: 1 });

    // Our own 务工台账 export comes back unchanged; so does the ledger, whose counts now follow the 务工台账.
    const out = await call(b, 'export.employments', {});
    expect((await importBase64(b, out.fileName, out.base64)).counts).toEqual({ new: 0, changed: 0, unchanged: 4, error: 0 });
    const ledger = await call(b, 'export.workshops', {});
    expect((await importBase64(b, ledger.fileName, ledger.base64)).counts).toEqual({ new: 0, changed: 0, unchanged: 10, error: 0 });

    const [batch] = await call(b, 'import.batches', {});
    await call(b, 'import.undo', { batchId: batch.id });
    expect((await call(b, 'employments.query', {})).total).toBe(0);
    expect(await stats(b)).toMatchObject({ workshops: before.workshops });
    expect(b.ctx.db.prepare("SELECT count(*) AS n FROM persons WHERE name = '外村人'").get()).toEqual({ n: 0 });
  });

  it('prints the workshop list and the 务工人员台账 through the shared print layout, IDs masked', async () => {
    const b = freshBackend();
    await call(b, 'settings.update', { township: '乐平镇' });
    await importFile(b, sample('workshops-ledger.xlsx'));
    const w = (await call(b, 'workshops.query', { name: '沙垴' })).rows[0];
    const p = await call(b, 'print.html', { kind: 'workshops' });
    expect(p.title).toContain('乐平镇');
    expect(p.title).toContain('就业帮扶车间名单');
    expect(p.rows).toBe(9);
    const sums = await ledgerSums(sample('workshops-ledger.xlsx'));
    expect(p.html).toContain('共9个');
    expect(p.html).toContain(`>${sums.poor}<`);
    const one = await call(b, 'print.html', { kind: 'workshops', villageId: w.villageId! });
    expect(one.rows).toBe(1);
    const zhang = await person(b, '张印');
    await call(b, 'employments.create', job(w.id, zhang));
    const e = await call(b, 'print.html', { kind: 'employments' });
    expect(e.rows).toBe(1);
    expect(e.html).toContain('张印');
    expect(e.html).not.toContain(zhang.idNo);
    expect(e.html).toContain(`${zhang.idNo.slice(0, 6)}********${zhang.idNo.slice(-4)}`);
    const f = path.join(tmpDir(), 'list.html');
    fs.writeFileSync(f, p.html);
    expect(fs.statSync(f).size).toBeGreaterThan(1000);
  });
});
