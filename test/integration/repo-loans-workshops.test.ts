/**
 * 小额信贷 and 帮扶车间 are written only through db/repo/loans.ts, workshops.ts and migrantWork.ts. Two
 * guards: (1) every service action and import leaves exactly one audit row per record it changed, in the
 * one shape (the whole row under the table's column names, before and after), and none for a record it
 * did not change; (2) no SQL outside db/repo/ writes these tables, so a new write cannot skip the audit.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import { sample } from '../samples';
import { call, freshBackend, importBuffer, rosterBackend, validId } from './helpers';
import { withCellsChanged } from '../support/editWorkbook';
import { auditedWrites, sqlWritesOutsideRepo } from '../support/auditedWrites';

const TABLES = ['loans', 'loan_repayments', 'loan_extensions', 'loan_overdue_periods', 'workshops', 'workshop_status_history', 'employments',
  'workshop_subsidies', 'migrant_work'];

/** Each action runs between two snapshots of these tables (test/support/auditedWrites.ts); all keyed by id. */
const { audited } = auditedWrites(Object.fromEntries(TABLES.map((t) => [t, {}])));

const file = (name: string) => fs.readFileSync(sample(name));

/** 操作日志 reads these rows in the clerk's words: whom they concern, every field by its Chinese name, money in 元. */
async function readableLog(b: Backend) {
  const mine: Awaited<ReturnType<typeof call<'audit.query'>>>['rows'] = [];
  for (const table of TABLES) mine.push(...(await call(b, 'audit.query', { table, offset: 0, limit: 1000 })).rows);
  expect(mine.length).toBeGreaterThan(0);
  expect(mine.filter((r) => !r.subject).map((r) => `${r.table} ${r.recordId}`)).toEqual([]);
  const unnamed = new Set(mine.flatMap((r) => r.changes.filter((c) => !/\p{Script=Han}/u.test(c.label)).map((c) => `${r.table}.${c.label}`)));
  expect([...unnamed]).toEqual([]);
  for (const r of mine) for (const c of r.changes) if (/_fen$/.test(c.field)) expect(`${c.before}${c.after}`, `${r.table}.${c.field}`).toMatch(/元/);
}

let seq = 0;
async function person(b: Backend, name: string) {
  seq++;
  return call(b, 'persons.create', {
    idNo: validId(`140724198${seq % 10}0202${String(200 + seq).slice(-3)}`), name, villageId: null, householdNo: null, householdType: '脱贫户',
    monitorCategory: null, riskEliminated: null, exitYear: 2018, relation: null, laborSkill: '普通劳动力', phone: null,
  });
}

describe('小额信贷 writes: one audit row per changed record, whole rows under the column names', () => {
  it('the loan ledger import, a changed re-import and every form action', async () => {
    const b = await rosterBackend();
    try {
      expect(await audited(b, 'ledger import', () => importBuffer(b, 'loans', 'loans.xlsx', file('microloans-ledger.xlsx')))).toBeGreaterThan(100);
      // The same file again changes nothing and logs nothing.
      expect(await audited(b, 're-import', () => importBuffer(b, 'loans', 'loans-again.xlsx', file('microloans-ledger.xlsx')))).toBe(0);
      // A newer ledger with other 已还本金 totals replaces the undated repayments (the loan rows themselves unchanged).
      const repaid = await withCellsChanged(file('microloans-ledger.xlsx'), '已还本金（元）', 6, (i) => 1000 * (i + 1));
      expect(await audited(b, 'changed re-import', () => importBuffer(b, 'loans', 'loans-repaid.xlsx', repaid))).toBeGreaterThan(5);

      const p = await person(b, '王贷');
      const base = {
        personId: p.id, bank: '农商银行', contractNo: 'HT-REPO-1', amountFen: 3_000_000, issueDate: '2024-01-10', dueDate: '2025-01-10',
        termMonths: 12, rateE6: null, purpose: null, note: null,
      } as const;
      let id = 0;
      await audited(b, 'create', async () => { id = (await call(b, 'loans.create', { ...base, status: '逾期', overdueSince: '2025-01-11' })).id; });
      // Leaving 逾期 writes the loan and the closed overdue spell: two records, two rows.
      expect(await audited(b, 'update', () => call(b, 'loans.update', { ...base, id, status: '正常', overdueEnded: '2025-03-01' }))).toBe(2);
      expect(await audited(b, 'unchanged save', () => call(b, 'loans.update', { ...base, id, status: '正常' }))).toBe(0);
      expect(await audited(b, 'extend', () => call(b, 'loans.extend', { loanId: id, date: '2024-12-20', newDueDate: '2025-06-30', note: null }))).toBe(2);
      expect(await audited(b, 'partial repayment', () => call(b, 'loans.addRepayment', { loanId: id, date: '2024-06-20', principalFen: 1_000_000, interestFen: 5_000, note: null }))).toBe(1);
      // Paying off the rest settles the loan: the repayment and the loan.
      let repayId = 0;
      expect(await audited(b, 'settling repayment', async () => {
        repayId = (await call(b, 'loans.addRepayment', { loanId: id, date: '2025-03-20', principalFen: 2_000_000, interestFen: 0, note: '结清' })).repayments.at(-1)!.id;
      })).toBe(2);
      expect(await audited(b, 'repayment deleted', () => call(b, 'loans.deleteRepayment', { id: repayId }))).toBe(2);
      expect(await audited(b, 'into the 回收站', () => call(b, 'loans.delete', { id }))).toBe(1);
      expect(await audited(b, 'restored', () => call(b, 'loans.restore', { id }))).toBe(1);
      await readableLog(b);
    } finally {
      b.close();
    }
  });
});

describe('小额信贷 undo', () => {
  it('refuses to undo a batch that replaced only a loan\'s 已还本金 once a clerk recorded a repayment on that loan', async () => {
    const b = await rosterBackend();
    try {
      await importBuffer(b, 'loans', 'loans.xlsx', file('microloans-ledger.xlsx'));
      const s2 = await importBuffer(b, 'loans', 'loans-repaid.xlsx', await withCellsChanged(file('microloans-ledger.xlsx'), '已还本金（元）', 6, (i) => 1000 * (i + 1)));
      // The batch changed repayments only: no loans row of its own in the log.
      const db = b.ctx.db;
      expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE batch_id = ? AND table_name = 'loans'").get(s2.batchId)).toEqual({ n: 0 });
      const rep = db.prepare("SELECT loan_id FROM loan_repayments WHERE created_batch_id = ? LIMIT 1").get(s2.batchId) as { loan_id: number };
      const loan = await call(b, 'loans.get', { id: rep.loan_id });
      await call(b, 'loans.addRepayment', { loanId: loan.id, date: loan.issueDate, principalFen: 100, interestFen: 0, note: null });
      await expect(call(b, 'import.undo', { batchId: s2.batchId! })).rejects.toThrow(/之后又被修改过/);
    } finally {
      b.close();
    }
  });
});

describe('帮扶车间 writes: one audit row per changed record, whole rows under the column names', () => {
  it('the workshop ledger and 务工台账 imports and every form action', async () => {
    const b = freshBackend();
    try {
      expect(await audited(b, 'ledger import', () => importBuffer(b, 'workshops', 'workshops.xlsx', file('workshops-ledger.xlsx')))).toBeGreaterThan(9);
      // A 务工台账 naming a workshop the ledger lacks: registered once, dated by the earliest 入职日期 (a later row's), no second write.
      const [x, y] = [await person(b, '甲工'), await person(b, '乙工')];
      const csv = `车间名称,姓名,身份证号,入职日期,月工资\n新建帮扶车间,${x.name},${x.idNo},2023-05-01,2000\n新建帮扶车间,${y.name},${y.idNo},2023-02-01,2100\n`;
      expect(await audited(b, '务工台账 import', () => importBuffer(b, 'workshops', '务工台账.csv', Buffer.from(csv)))).toBe(4);
      const created = b.ctx.db.prepare("SELECT status_date FROM workshops WHERE name = '新建帮扶车间'").get() as { status_date: string };
      expect(created.status_date).toBe('2023-02-01');

      const input = { villageId: null, entity: '昔阳审计服饰有限公司', creditCode: null, leader: '王建国', phone: null, industry: '服装加工', recognizedDate: '2022-05-15', note: null };
      let wid = 0;
      // The workshop and the first entry of its history.
      expect(await audited(b, 'workshop created', async () => { wid = (await call(b, 'workshops.create', { ...input, name: '审计车间' })).id; })).toBe(2);
      expect(await audited(b, 'workshop edited', () => call(b, 'workshops.update', { ...input, id: wid, name: '审计车间', leader: '李建国' }))).toBe(1);
      expect(await audited(b, 'workshop saved unchanged', () => call(b, 'workshops.update', { ...input, id: wid, name: '审计车间', leader: '李建国' }))).toBe(0);

      const workers: Awaited<ReturnType<typeof person>>[] = [];
      for (const n of ['张一', '李二', '王三', '赵四', '孙五']) workers.push(await person(b, n));
      const job = (w: { idNo: string; name: string }) => ({
        workshopId: wid, idNo: w.idNo, name: w.name, startDate: '2023-03-01', endDate: null, contractMonths: 12, monthlyWageFen: 220_000, channel: null, note: null,
      });
      const emp: number[] = [];
      for (const w of workers) await audited(b, 'employment created', async () => { emp.push((await call(b, 'employments.create', job(w))).id); });
      // A worker not on the roster: the person (not audited here) and the employment.
      expect(await audited(b, 'outsider employed', () => call(b, 'employments.create', job({ idNo: validId('14072419900101888'), name: '钱七' })))).toBe(1);
      expect(await audited(b, 'employment edited', () => call(b, 'employments.update', { ...job(workers[4]), id: emp[4], contractMonths: 24 }))).toBe(1);

      const d = await call(b, 'workshops.get', { id: wid });
      const pick = d.plan.eligible.slice(0, 2).map((c) => c.personId);
      expect(pick).toHaveLength(2);
      let paid: { id: number }[] = [];
      expect(await audited(b, 'subsidies paid', async () => {
        paid = (await call(b, 'workshops.paySubsidies', { workshopId: wid, personIds: pick, paidDate: '2024-01-15', voucher: '昔人社〔2024〕3号' })).paid;
      })).toBe(2);
      expect(await audited(b, 'subsidy revoked', () => call(b, 'workshops.revokeSubsidy', { id: paid[0].id, reason: '重复发放' }))).toBe(1);
      const revoke = b.ctx.db.prepare("SELECT after_json FROM audit_log WHERE table_name = 'workshop_subsidies' AND action = 'delete'").get() as { after_json: string };
      expect(JSON.parse(revoke.after_json)).toEqual({ reason: '重复发放' });

      expect(await audited(b, 'left', () => call(b, 'employments.leave', { id: emp[3], endDate: '2024-05-31', reason: '外出务工' }))).toBe(1);
      expect(await audited(b, 'employment deleted', () => call(b, 'employments.delete', { id: emp[4] }))).toBe(1);
      // A status change: its history row (with the reason) and the workshop's status.
      expect(await audited(b, 'status changed', () => call(b, 'workshops.changeStatus', { id: wid, status: '经营困难', date: '2024-06-01', reason: '订单减少', measures: '协调订单' }))).toBe(2);
      expect(await audited(b, 'into the 回收站', () => call(b, 'workshops.delete', { id: wid }))).toBe(1);
      expect(await audited(b, 'restored', () => call(b, 'workshops.restore', { id: wid }))).toBe(1);
      await readableLog(b);
    } finally {
      b.close();
    }
  });

  it('the 已外出务工信息 import and a changed copy', async () => {
    const b = await rosterBackend();
    try {
      await importBuffer(b, 'monitoring', 'monitoring.xlsx', file('monitoring-objects.xlsx'));
      expect(await audited(b, 'migrant import', () => importBuffer(b, 'migrant-work', 'migrant.xlsx', file('migrant-work.xlsx')))).toBeGreaterThan(0);
      expect(await audited(b, 'migrant re-import', () => importBuffer(b, 'migrant-work', 'migrant-again.xlsx', file('migrant-work.xlsx')))).toBe(0);
      const income = await withCellsChanged(file('migrant-work.xlsx'), '月均收入（元）', 8, (i) => 4000 + i);
      expect(await audited(b, 'migrant changed copy', () => importBuffer(b, 'migrant-work', 'migrant-income.xlsx', income))).toBe(8);
      await readableLog(b);
    } finally {
      b.close();
    }
  });
});

describe('操作日志 still reads the rows older versions wrote (camelCase, partial rows)', () => {
  it('names the borrower and the workshop, labels the fields in Chinese and shows money in 元', async () => {
    const b = freshBackend();
    try {
      const p = await person(b, '刘旧');
      const loan = await call(b, 'loans.create', { personId: p.id, bank: '农商银行', contractNo: 'HT-OLD-1', amountFen: 2_000_000, issueDate: '2024-01-10',
        dueDate: '2025-01-10', termMonths: 12, rateE6: null, purpose: null, note: null, status: '正常' });
      const w = await call(b, 'workshops.create', { name: '旧车间', villageId: null, entity: null, creditCode: null, leader: null, phone: null, industry: null, recognizedDate: '2022-05-15', note: null });
      const ins = b.ctx.db.prepare('INSERT INTO audit_log (operator, action, table_name, record_id, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?)');
      ins.run('老版本', 'create', 'loan_overdue_periods', 900, null, JSON.stringify({ loanId: loan.id, fromDate: '2025-01-11', toDate: '2025-03-01' }));
      ins.run('老版本', 'create', 'workshop_subsidies', 901, null, JSON.stringify({ workshopId: w.id, personId: p.id, amountFen: 100_000, paidDate: '2024-01-15' }));
      ins.run('老版本', 'update', 'loans', loan.id, JSON.stringify({ status: '正常', settled_date: null }), JSON.stringify({ status: '已结清', settled_date: '2024-12-01' }));
      const { rows } = await call(b, 'audit.query', { operator: '老版本', offset: 0, limit: 10 });
      const by = (t: string) => rows.find((r) => r.table === t)!;
      expect(by('loan_overdue_periods').subject).toContain('刘旧');
      expect(by('loan_overdue_periods').summary).toContain('开始日期：2025-01-11');
      expect(by('workshop_subsidies').subject).toBe('刘旧，旧车间');
      expect(by('workshop_subsidies').summary).toContain('1,000.00 元');
      expect(by('loans').summary).toBe('状态：正常 → 已结清；结清日期：（空） → 2024-12-01');
    } finally {
      b.close();
    }
  });
});

describe('no write to these tables outside db/repo/', () => {
  it('finds no INSERT, UPDATE or DELETE of a 小额信贷 or 帮扶车间 table anywhere else in the backend', () => {
    expect(sqlWritesOutsideRepo(TABLES)).toEqual([]);
  });
});
