import Database from 'better-sqlite3';
import type ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import { migrations } from '../../electron/backend/db/migrations';
import { DB_FILE, migrate, openDatabase, schemaVersion } from '../../electron/backend/db/open';
import { creditCodeCheckChar } from '../../shared/creditcode';
import { call, freshBackend, tmpDir, validId } from './helpers';
import { countySheet } from '../support/countySheet';

/**
 * Issue 14, workshop identity: a workshop is its 统一社会信用代码 + 车间名称 (经营主体 + 车间名称 + 村
 * without a code). Two workshops with one generic name and different codes are two workshops in
 * the import, in the forms and in their 务工台账; the status history is dated by the file.
 */

const code = (first17: string) => first17 + creditCodeCheckChar(first17);
const CODE_A = code('91140724MA0A00001');
const CODE_B = code('91140724MA0B00002');
const CODE_C = code('91140724MA0C00003');
const NAME = '某村手工编织帮扶车间';

/** A county-style sheet: title, 统计截止 note, header on row 3, then the rows. */
const sheet = (header: string[], rows: unknown[][], note = '统计截止：2023年9月30日') =>
  countySheet('乐平镇就业帮扶车间信息台账', note, header, rows as ExcelJS.CellValue[][]);

async function stage(b: Backend, fileName: string, buf: Buffer) {
  let job = await call(b, 'import.start', { kind: 'workshops', fileName, base64: buf.toString('base64') });
  for (let i = 0; i < 600 && job.state === 'reading'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = await call(b, 'import.status', { jobId: job.jobId });
  }
  expect(job.state, job.message ?? '').toBe('ready');
  return job;
}
const errorsOf = async (b: Backend, jobId: string) => (await call(b, 'import.preview', { jobId, category: 'error', offset: 0, limit: 50 })).rows;

const LEDGER_HEADER = ['序号', '行政村', '车间名称', '经营主体', '统一社会信用代码', '负责人', '认定时间', '运营状态', '状态变更时间', '吸纳就业人数', '其中脱贫劳动力'];
const ledgerRows = () => [
  [1, '河西村', NAME, '昔阳甲手工艺有限公司', CODE_A, '王秀英', '2021-04-15', '正常运营', null, 12, 8],
  [2, '河东村', NAME, '昔阳乙编织合作社', CODE_B, '李桂兰', '2020-06-01', '停工', '2023-03-20', 9, 6],
];

let seq = 0;
async function poorPerson(b: Backend, name: string) {
  seq++;
  return call(b, 'persons.create', {
    idNo: validId(`14072419850202${String(100 + seq).slice(-3)}`), name, villageId: null, householdNo: null, householdType: '脱贫户',
    monitorCategory: null, riskEliminated: null, exitYear: 2018, relation: null, laborSkill: '普通劳动力', phone: null,
  });
}

describe('workshop identity: code + name', () => {
  it('imports two namesakes with different codes, keeps their 务工台账 apart, and both stay editable by hand', async () => {
    const b = freshBackend();
    let job = await stage(b, '车间台账.xlsx', await sheet(LEDGER_HEADER, ledgerRows()));
    expect(job.counts).toEqual({ new: 2, changed: 0, unchanged: 0, error: 0 });
    await call(b, 'import.commit', { jobId: job.jobId });
    const both = (await call(b, 'workshops.query', { name: NAME, limit: 10 })).rows;
    expect(both.map((w) => [w.name, w.creditCode, w.villageName, w.entity])).toEqual(expect.arrayContaining([
      [NAME, CODE_A, '河西村', '昔阳甲手工艺有限公司'], [NAME, CODE_B, '河东村', '昔阳乙编织合作社'],
    ]));
    const a = both.find((w) => w.creditCode === CODE_A)!, bw = both.find((w) => w.creditCode === CODE_B)!;
    expect(a.id).not.toBe(bw.id);
    // The same file again changes nothing: each row finds its own workshop.
    expect((await stage(b, '车间台账.xlsx', await sheet(LEDGER_HEADER, ledgerRows()))).counts).toEqual({ new: 0, changed: 0, unchanged: 2, error: 0 });

    // A 务工台账 naming the workshop by name and code: each worker lands in the right one.
    const p1 = await poorPerson(b, '张秀兰'), p2 = await poorPerson(b, '赵玉梅'), p3 = await poorPerson(b, '孙凤英');
    const empHeader = ['序号', '车间名称', '统一社会信用代码', '姓名', '身份证号', '入职日期', '合同期限', '月工资（元）'];
    const empRows = [
      [1, NAME, CODE_A, p1.name, p1.idNo, '2023-03-01', 12, 2200],
      [2, NAME, CODE_B, p2.name, p2.idNo, '2023-03-01', 12, 2100],
      [3, NAME, CODE_A, p3.name, p3.idNo, '2023-04-01', 12, 2300],
    ];
    job = await stage(b, '务工台账.xlsx', await sheet(empHeader, empRows, '填报日期：2023年9月30日'));
    expect(job.counts).toEqual({ new: 3, changed: 0, unchanged: 0, error: 0 });
    await call(b, 'import.commit', { jobId: job.jobId });
    const inA = (await call(b, 'employments.query', { workshopId: a.id, limit: 10 })).rows.map((e) => e.name).sort();
    const inB = (await call(b, 'employments.query', { workshopId: bw.id, limit: 10 })).rows.map((e) => e.name);
    expect(inA).toEqual([p1.name, p3.name].sort());
    expect(inB).toEqual([p2.name]);
    expect((await call(b, 'workshops.query', { name: NAME, limit: 10 })).total).toBe(2); // no third one auto-registered

    // Our own 务工台账 export carries the code, so it comes back unchanged.
    const out = await call(b, 'export.employments', {});
    expect((await stage(b, out.fileName, Buffer.from(out.base64, 'base64'))).counts).toEqual({ new: 0, changed: 0, unchanged: 3, error: 0 });

    // Without a code column the name alone cannot say which: an error naming the 车间名称 column, not a guess.
    const noCode = await stage(b, '务工台账-无代码.xlsx', await sheet(['序号', '车间名称', '姓名', '身份证号', '入职日期'], [[1, NAME, p1.name, p1.idNo, '2023-05-01']]));
    expect(noCode.counts.error).toBe(1);
    const [amb] = await errorsOf(b, noCode.jobId);
    expect(amb.errors[0].column).toBe('车间名称');
    expect(amb.errors[0].message).toContain('有 2 个同名车间');
    expect(amb.errors[0].message).toContain('统一社会信用代码');

    // By hand: a third namesake with its own code is accepted; the same code + name again is not.
    const c = await call(b, 'workshops.create', { name: NAME, villageId: null, entity: '昔阳丙服饰有限公司', creditCode: CODE_C, leader: null, phone: null, industry: null, recognizedDate: '2022-01-10', note: null });
    expect(c.name).toBe(NAME);
    await expect(call(b, 'workshops.create', { name: NAME, villageId: null, entity: '别的公司', creditCode: CODE_A, leader: null, phone: null, industry: null, recognizedDate: null, note: null }))
      .rejects.toThrow(new RegExp(`统一社会信用代码 ${CODE_A} 下的车间“${NAME}”已经登记过了`));
    // Both imported namesakes can be edited; moving one onto the other's code is refused.
    const base = (w: typeof a) => ({ id: w.id, name: w.name, villageId: w.villageId, entity: w.entity, creditCode: w.creditCode, leader: w.leader, phone: w.phone, industry: w.industry, recognizedDate: w.recognizedDate, note: w.note });
    expect((await call(b, 'workshops.update', { ...base(a), leader: '王建华' })).leader).toBe('王建华');
    expect((await call(b, 'workshops.update', { ...base(bw), phone: '13912345678' })).phone).toBe('13912345678');
    await expect(call(b, 'workshops.update', { ...base(bw), creditCode: CODE_A })).rejects.toThrow(/已经登记过了/);
    // A worker entered by hand goes to the chosen namesake only.
    const p4 = await poorPerson(b, '钱淑珍');
    await call(b, 'employments.create', { workshopId: c.id, idNo: p4.idNo, name: p4.name, startDate: '2023-06-01', endDate: null, contractMonths: 12, monthlyWageFen: 200_000, channel: null, note: null });
    expect((await call(b, 'employments.query', { workshopId: c.id, limit: 10 })).total).toBe(1);
    expect((await call(b, 'employments.query', { workshopId: a.id, limit: 10 })).total).toBe(2);
    const audit = b.ctx.db.prepare("SELECT count(*) AS n FROM audit_log WHERE table_name = 'workshops' AND action = 'update' AND record_id IN (?, ?)").get(a.id, bw.id) as { n: number };
    expect(audit.n).toBe(2);
  });

  it('the same code + name twice in one file is one workshop written twice: both rows refused, the message names the code column', async () => {
    const b = freshBackend();
    const rows = [ledgerRows()[0], [2, '河西村', NAME, '昔阳甲手工艺有限公司', CODE_A, '另一个负责人', '2021-04-15', '正常运营', null, 20, 10]];
    const job = await stage(b, '重复.xlsx', await sheet(LEDGER_HEADER, rows));
    expect(job.counts).toEqual({ new: 0, changed: 0, unchanged: 0, error: 2 });
    const errs = await errorsOf(b, job.jobId);
    for (const r of errs) {
      expect(r.errors[0].column).toBe('统一社会信用代码');
      expect(r.errors[0].message).toContain(`统一社会信用代码 ${CODE_A}`);
      expect(r.errors[0].message).toContain('是同一个车间');
      expect(r.errors[0].message).toContain('合并为一行');
      expect(r.errors[0].message).not.toMatch(/身份证|删除/);
    }
    // Without codes, the same 经营主体 + name + 村 is the same workshop; another 经营主体 is another one.
    const noCode = [
      [1, '河西村', NAME, '甲', null, null, null, '正常运营', null, 5, 5],
      [2, '河西村', NAME, '乙', null, null, null, '正常运营', null, 6, 6],
      [3, '河西村', NAME, '甲', null, null, null, '正常运营', null, 7, 7],
    ];
    const j2 = await stage(b, '无代码.xlsx', await sheet(LEDGER_HEADER, noCode));
    expect(j2.counts).toEqual({ new: 1, changed: 0, unchanged: 0, error: 2 });
    expect((await errorsOf(b, j2.jobId)).map((r) => [r.row, r.errors[0].column])).toEqual([[4, '车间名称'], [6, '车间名称']]);
  });
});

describe('workshop status history is dated by the file', () => {
  it('uses 认定时间 and the 状态变更时间 column; without one, the 统计截止 date; a re-import change by the file date too', async () => {
    const b = freshBackend();
    const job = await stage(b, '车间台账.xlsx', await sheet(LEDGER_HEADER, ledgerRows()));
    await call(b, 'import.commit', { jobId: job.jobId });
    const rows = (await call(b, 'workshops.query', { name: NAME, limit: 10 })).rows;
    const a = rows.find((w) => w.creditCode === CODE_A)!, bw = rows.find((w) => w.creditCode === CODE_B)!;
    const hist = async (id: number) => (await call(b, 'workshops.get', { id })).history.map((h) => [h.changedOn, h.fromStatus, h.toStatus]);
    expect(await hist(a.id)).toEqual([['2021-04-15', null, '正常运营']]);
    expect(await hist(bw.id)).toEqual([['2023-03-20', '正常运营', '停产'], ['2020-06-01', null, '正常运营']]);
    expect(bw).toMatchObject({ status: '停产', statusDate: '2023-03-20' });
    // stats --as-of follows the dated history: 乙 alone before 甲's 认定; both running in 2022; 乙 stopped by mid-2023.
    const ws = async (asOf: string) => ((await call(b, 'stats.get', { asOf })) as unknown as { workshops: { count: number; operating: number } }).workshops;
    expect(await ws('2020-12-31')).toMatchObject({ count: 1, operating: 1 });
    expect(await ws('2022-01-01')).toMatchObject({ count: 2, operating: 2 });
    expect(await ws('2023-06-30')).toMatchObject({ count: 2, operating: 1 });

    // A later county file: 甲 is 经营困难 with no date column → dated by its 统计截止 (2024-03-31).
    const later = ledgerRows().map((r) => r.slice(0, 8).concat(r.slice(9)));
    later[0][7] = '经营困难';
    const header = LEDGER_HEADER.filter((h) => h !== '状态变更时间');
    const j2 = await stage(b, '车间台账-2024.xlsx', await sheet(header, later, '统计截止：2024年3月31日'));
    expect(j2.counts).toEqual({ new: 0, changed: 1, unchanged: 1, error: 0 });
    await call(b, 'import.commit', { jobId: j2.jobId });
    expect(await hist(a.id)).toEqual([['2024-03-31', '正常运营', '经营困难'], ['2021-04-15', null, '正常运营']]);

    // A 状态变更时间 before the last recorded change is refused, naming that column.
    const back = ledgerRows();
    back[0][7] = '停产';
    back[0][8] = '2022-01-01';
    const j3 = await stage(b, '车间台账-旧.xlsx', await sheet(LEDGER_HEADER, back));
    const [err] = await errorsOf(b, j3.jobId);
    expect(err.errors[0]).toMatchObject({ column: '状态变更时间' });
    expect(err.errors[0].message).toContain('早于已登记的上一次状态变更（2024-03-31）');
    // A status date before the 认定时间 is a row error of its own.
    const before = ledgerRows();
    before[1][8] = '2019-01-01';
    const j4 = await stage(b, '车间台账-错.xlsx', await sheet(LEDGER_HEADER, before));
    const row5 = (await errorsOf(b, j4.jobId)).find((r) => r.row === 5)!;
    expect(row5.errors[0]).toMatchObject({ column: '状态变更时间' });
    expect(row5.errors[0].message).toContain('早于认定时间 2020-06-01');
  });
});

describe('migration 008 on an older data file', () => {
  it('keeps every workshop, worker, history row and payment with its id, and lets namesakes in afterwards', async () => {
    const dir = tmpDir();
    const file = path.join(dir, DB_FILE);
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.pragma('foreign_keys = ON');
    migrate(old, null, migrations.slice(0, 7));
    expect(schemaVersion(old)).toBe(7);
    old.exec(`
      INSERT INTO villages (id, name) VALUES (3, '河西村');
      INSERT INTO persons (id, id_no, name) VALUES (11, '${validId('14072419850202001')}', '张秀兰'), (12, '${validId('14072419850202002')}', '赵玉梅');
      INSERT INTO workshops (id, name, village_id, entity, credit_code, status, status_date, recognized_date, deleted_at)
        VALUES (7, '${NAME}', 3, '昔阳甲手工艺有限公司', '${CODE_A}', '正常运营', '2021-04-15', '2021-04-15', NULL),
               (9, '沙垴来料加工帮扶车间', NULL, NULL, NULL, '停产', '2023-01-01', NULL, '2024-01-01 10:00:00');
      INSERT INTO workshop_status_history (id, workshop_id, to_status, changed_on) VALUES (21, 7, '正常运营', '2021-04-15'), (22, 9, '停产', '2023-01-01');
      INSERT INTO employments (id, workshop_id, person_id, start_date, contract_months, monthly_wage_fen) VALUES (31, 7, 11, '2023-03-01', 12, 220000), (32, 9, 12, '2022-01-01', 6, 190000);
      INSERT INTO workshop_subsidies (id, workshop_id, person_id, employment_id, amount_fen, paid_date) VALUES (41, 7, 11, 31, 100000, '2023-10-01');
    `);
    const dump = (db: Database.Database) => ({
      workshops: db.prepare('SELECT * FROM workshops ORDER BY id').all(),
      history: db.prepare('SELECT * FROM workshop_status_history ORDER BY id').all(),
      employments: db.prepare('SELECT * FROM employments ORDER BY id').all(),
      subsidies: db.prepare('SELECT * FROM workshop_subsidies ORDER BY id').all(),
    });
    const before = dump(old);
    old.close();

    // The way the app opens it: a backup first, then every pending migration.
    const db = openDatabase({ dataDir: dir });
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(fs.readdirSync(path.join(dir, 'backups')).some((f) => f.startsWith('before-migration-v7-'))).toBe(true);
    expect(dump(db)).toEqual(before);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The references still hold: a worker cannot point at a workshop that is not there.
    expect(() => db.prepare("INSERT INTO employments (workshop_id, person_id, start_date) VALUES (999, 11, '2024-01-01')").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare('DELETE FROM workshops WHERE id = 7').run()).toThrow(/FOREIGN KEY/);
    // A namesake with another code now fits; the same code + name still does not.
    db.prepare('INSERT INTO workshops (name, credit_code) VALUES (?, ?)').run(NAME, CODE_B);
    expect(() => db.prepare('INSERT INTO workshops (name, credit_code) VALUES (?, ?)').run(NAME, CODE_A)).toThrow(/UNIQUE/);
    // Without a code: 经营主体 + name + 村 is the identity.
    db.prepare("INSERT INTO workshops (name, entity, village_id) VALUES (?, '乙', 3)").run(NAME);
    db.prepare("INSERT INTO workshops (name, entity, village_id) VALUES (?, '丙', 3)").run(NAME);
    expect(() => db.prepare("INSERT INTO workshops (name, entity, village_id) VALUES (?, '乙', 3)").run(NAME)).toThrow(/UNIQUE/);
    db.close();
  });
});

describe('one-time subsidy on months actually worked, judged at the date asked', () => {
  it('workshops.get asOf and the payment date decide who is offered it; leaving after a month never qualifies', async () => {
    const b = freshBackend();
    const w = await call(b, 'workshops.create', { name: '界都来料加工帮扶车间', villageId: null, entity: null, creditCode: CODE_C, leader: null, phone: null, industry: null, recognizedDate: '2022-06-01', note: null });
    const hire = async (name: string, startDate: string, endDate: string | null, contractMonths: number) => {
      const p = await poorPerson(b, name);
      await call(b, 'employments.create', { workshopId: w.id, idNo: p.idNo, name, startDate, endDate, contractMonths, monthlyWageFen: 200_000, channel: null, note: null });
      return p;
    };
    for (const n of ['甲一', '甲二', '甲三', '甲四', '甲五']) await hire(n, '2023-01-01', null, 12);
    const newcomer = await hire('新来的', '2024-01-01', null, 3); // a 3-month contract, still working
    const left = await hire('一个月', '2024-01-01', '2024-01-31', 12); // a 12-month contract, left after one

    const at = (asOf: string) => call(b, 'workshops.get', { id: w.id, asOf });
    const march = await at('2024-03-01');
    expect(march.asOf).toBe('2024-03-01');
    expect(march.plan.eligible.map((c) => c.name).sort()).toEqual(['甲一', '甲三', '甲二', '甲五', '甲四'].sort());
    expect(march.plan.waiting.map((c) => [c.name, c.monthsWorked])).toEqual([['新来的', 2], ['一个月', 1]]);
    const august = await at('2024-08-01');
    expect(august.plan.eligible.map((c) => c.name)).toContain('新来的');
    expect(august.plan.eligible.map((c) => c.name)).not.toContain('一个月');
    expect(august.plan.waiting.map((c) => c.name)).toEqual(['一个月']);

    // Paid on a day before the months are in: refused with the months; paid later: accepted.
    await expect(call(b, 'workshops.paySubsidies', { workshopId: w.id, personIds: [newcomer.id], paidDate: '2024-03-01' }))
      .rejects.toThrow('新来的 暂不符合一次性吸纳就业补助条件：截至 2024-03-01 在本车间实际务工 2 个月，不足 6 个月');
    await expect(call(b, 'workshops.paySubsidies', { workshopId: w.id, personIds: [left.id], paidDate: '2024-08-01' })).rejects.toThrow(/实际务工 1 个月/);
    const paid = await call(b, 'workshops.paySubsidies', { workshopId: w.id, personIds: [newcomer.id], paidDate: '2024-07-15' });
    expect(paid.paid.map((s) => [s.name, s.amountFen, s.paidDate])).toEqual([['新来的', 100_000, '2024-07-15']]);
  });
});
