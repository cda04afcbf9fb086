import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import { columnsOf } from '../../electron/backend/import/undo';
import { sample } from '../samples';
import { call, freshBackend, rosterBackend } from './helpers';

/**
 * The 防返贫监测 tables (and villages, 问题核实) are written only through db/repo: every write, from the
 * page or an import, leaves exactly one audit row per record, in the one shape — the whole row under the
 * table's own (snake_case) column names — and 操作日志 names the household it concerns.
 */

type Raw = { id: number; action: string; table_name: string; record_id: number; before_json: string | null; after_json: string | null; batch_id: number | null; operator: string };
const lastId = (b: Backend) => (b.ctx.db.prepare('SELECT coalesce(max(id), 0) AS n FROM audit_log').get() as { n: number }).n;
const since = (b: Backend, id: number) => b.ctx.db.prepare('SELECT * FROM audit_log WHERE id > ? ORDER BY id').all(id) as Raw[];

/** Each row: the table's columns exactly, as the table holds them. */
function expectWholeRows(b: Backend, rows: Raw[]) {
  for (const r of rows) {
    const cols = columnsOf(b.ctx.db, r.table_name).sort();
    for (const json of [r.before_json, r.after_json]) {
      if (json == null) continue;
      const keys = Object.keys(JSON.parse(json) as object);
      expect(keys.every((k) => /^[a-z0-9_]+$/.test(k)), `${r.table_name}: ${keys.join(',')}`).toBe(true);
      expect(keys.sort(), r.table_name).toEqual(cols);
    }
    if (r.action === 'create') expect(r.before_json).toBeNull();
    if (r.action === 'update') expect(r.before_json).not.toBeNull();
  }
}

async function importFile(b: Backend, kind: 'persons' | 'monitoring' | 'monitoring-cases' | 'visits', name: string) {
  let job = await call(b, 'import.start', { kind, fileName: name, base64: fs.readFileSync(sample(name)).toString('base64') });
  for (let i = 0; i < 600 && job.state === 'reading'; i++) {
    await new Promise((r) => setTimeout(r, 20));
    job = await call(b, 'import.status', { jobId: job.jobId });
  }
  expect(job.state, job.message ?? '').toBe('ready');
  return (await call(b, 'import.commit', { jobId: job.jobId })).summary!.batchId!;
}

const MONITOR_TABLES = ['monitor_households', 'monitor_incomes', 'monitor_measures', 'monitor_cases', 'monitor_visits'];

describe('防返贫监测 writes: one audit row each, whole rows under the column names', () => {
  let b: Backend;
  beforeEach(() => { b = freshBackend(); });
  afterEach(() => b.close());
  /** The roster as a starting point (a copy of it already imported), in place of the empty ledger. */
  const withRoster = async () => { b.close(); b = await rosterBackend(); };

  it('imports: one create per inserted row, each with its batch', async () => {
    await withRoster();
    for (const [kind, name] of [['monitoring', 'monitoring-objects.xlsx'], ['monitoring-cases', 'monitoring-cases.xlsx'], ['visits', 'monitoring-visits.xlsx']] as const) {
      const from = lastId(b);
      const batchId = await importFile(b, kind, name);
      const rows = since(b, from).filter((r) => MONITOR_TABLES.includes(r.table_name) || r.table_name === 'villages');
      expect(rows.length, kind).toBeGreaterThan(0);
      expectWholeRows(b, rows);
      expect(rows.every((r) => r.batch_id === batchId)).toBe(true);
      // Exactly one create per row the batch inserted, none twice.
      for (const t of new Set(rows.map((r) => r.table_name))) {
        const inserted = (b.ctx.db.prepare(`SELECT id FROM ${t} WHERE created_batch_id = ? ORDER BY id`).all(batchId) as { id: number }[]).map((r) => r.id);
        expect(rows.filter((r) => r.table_name === t && r.action === 'create').map((r) => r.record_id), `${kind} ${t}`).toEqual(inserted);
      }
    }
    // An unchanged re-import writes nothing at all.
    const from = lastId(b);
    await importFile(b, 'visits', 'monitoring-visits.xlsx');
    expect(since(b, from).filter((r) => r.table_name !== 'import_batches')).toEqual([]);
  });

  it('the 防返贫监测 page: visit, village visits, measure and its end, case and its steps, 风险消除', async () => {
    await withRoster();
    await importFile(b, 'monitoring', 'monitoring-objects.xlsx');
    const list = await call(b, 'monitoring.households', { asOf: '2024-06-30', openOnly: true });
    expect(list.length).toBeGreaterThan(2);
    const [h1, h2, h3] = list;
    const one = async (what: string, f: () => Promise<unknown>, tables: string[]) => {
      const from = lastId(b);
      await f();
      const rows = since(b, from);
      expect(rows.map((r) => r.table_name), what).toEqual(tables);
      expectWholeRows(b, rows);
      for (const r of rows) expect([r.batch_id, r.operator], what).toEqual([null, '测试员']);
      return rows;
    };
    await one('走访', () => call(b, 'monitoring.addVisit', { householdId: h1.id, date: '2024-06-10', visitor: '李干部', method: '入户', incomeChange: null, riskChange: '无变化', content: '了解务工情况' }), ['monitor_visits']);
    await one('整村走访', () => call(b, 'monitoring.addVisits', { householdIds: [h1.id, h2.id, h3.id], date: '2024-06-11', visitor: '李干部', method: '电话', incomeChange: null, riskChange: null, content: null }),
      ['monitor_visits', 'monitor_visits', 'monitor_visits']);
    const m = { id: 0 };
    await one('措施', async () => { m.id = (await call(b, 'monitoring.addMeasure', { householdId: h1.id, personId: null, type: '就业', content: '介绍到县城务工', startDate: '2024-05-01', endDate: null, note: null })).id; },
      ['monitor_measures']);
    const [ended] = await one('措施结束', () => call(b, 'monitoring.endMeasure', { id: m.id, endDate: '2024-06-01' }), ['monitor_measures']);
    expect([JSON.parse(ended.before_json!).end_date, JSON.parse(ended.after_json!).end_date]).toEqual([null, '2024-06-01']);
    const c = { id: 0 };
    const step = { householdId: h2.id, category: '边缘易致贫户', risk: '因病', channel: '干部排查', found: '2024-05-02', verified: null, villageReview: null, townshipReview: null,
      confirmed: null, planned: null, measure: null, acted: null, helper: '王书记', note: null };
    await one('工作台账', async () => { c.id = (await call(b, 'monitoring.saveCase', step)).id; }, ['monitor_cases']);
    await one('工作台账 核实', () => call(b, 'monitoring.saveCase', { ...step, id: c.id, verified: '2024-05-05' }), ['monitor_cases']);
    // Saved again unchanged: nothing to record.
    await one('工作台账 未改', () => call(b, 'monitoring.saveCase', { ...step, id: c.id, verified: '2024-05-05' }), []);
    const [mh, hh] = await one('风险消除', () => call(b, 'monitoring.eliminate', { householdId: h3.id, date: '2024-06-20', method: '帮扶消除', signer: '李驻村', note: null }),
      ['monitor_households', 'households']);
    expect(JSON.parse(mh.after_json!)).toMatchObject({ household_id: h3.id, eliminated_date: '2024-06-20', eliminated_signer: '李驻村' });
    expect(JSON.parse(hh.after_json!)).toMatchObject({ id: h3.id, risk_eliminated: 1 });

    // 操作日志 says which household each row concerns (its head), in Chinese.
    const all = (await call(b, 'audit.query', { offset: 0, limit: 500 })).rows.filter((r) => MONITOR_TABLES.includes(r.table));
    // The import's rows as well as the page's.
    expect(all.filter((r) => r.batchId != null).every((r) => /\p{Script=Han}+户/u.test(r.subject))).toBe(true);
    const log = all.filter((r) => r.batchId == null);
    expect(log.length).toBe(9);
    const heads = new Map([h1, h2, h3].map((h) => [h.id, h.headName]));
    for (const r of log) {
      const hid = (b.ctx.db.prepare(`SELECT household_id AS h FROM ${r.table} WHERE id = ?`).get(r.recordId) as { h: number }).h;
      expect(r.subject, `${r.table} ${r.recordId}`).toContain(`${heads.get(hid)}户`);
      expect(r.tableLabel).not.toBe(r.table);
      for (const ch of r.changes) expect(ch.label, `${r.table}.${ch.field}`).not.toMatch(/^[a-z_]+$/);
    }
  });

  it('操作日志 still reads the rows the page wrote before (camelCase, no household on a 工作台账 row)', async () => {
    await withRoster();
    await importFile(b, 'monitoring', 'monitoring-objects.xlsx');
    const [h] = await call(b, 'monitoring.households', { asOf: '2024-06-30', openOnly: true });
    const c = await call(b, 'monitoring.saveCase', { householdId: h.id, category: null, risk: '因病', channel: null, found: '2024-05-02', verified: null, villageReview: null,
      townshipReview: null, confirmed: null, planned: null, measure: null, acted: null, helper: null, note: null });
    const ins = b.ctx.db.prepare('INSERT INTO audit_log (operator, action, table_name, record_id, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?)');
    const from = lastId(b);
    ins.run('旧版', 'create', 'monitor_visits', 999, null, JSON.stringify({ householdId: h.id, date: '2024-03-01', visitor: '李干部', method: '入户', incomeChange: null, riskChange: '无', content: '走访' }));
    ins.run('旧版', 'create', 'monitor_cases', c.id, null, JSON.stringify({ category: null, risk: '因病', found_date: '2024-05-02', helper: '王书记' }));
    ins.run('旧版', 'update', 'monitor_households', 998, null, JSON.stringify({ householdId: h.id, riskEliminated: true, eliminatedMonth: '2024-05', eliminatedSigner: '李驻村' }));
    ins.run('旧版', 'create', 'finding_reviews', 5, null, JSON.stringify({ rule: 'P13', recordType: 'appointment', name: '王建国', message: '聘用期满', reason: '已续聘' }));
    const rows = (await call(b, 'audit.query', { operator: '旧版', offset: 0, limit: 10 })).rows.filter((r) => r.id > from);
    const by = (t: string) => rows.find((r) => r.table === t)!;
    expect(by('monitor_visits').subject).toContain(`${h.headName}户`);
    expect(by('monitor_visits').summary).toContain('走访人：李干部');
    expect(by('monitor_visits').summary).toContain('走访方式：入户');
    expect(by('monitor_cases').subject).toContain(`${h.headName}户`);
    expect(by('monitor_cases').summary).toContain('发现日期：2024-05-02');
    expect(by('monitor_households').subject).toContain(`${h.headName}户`);
    expect(by('monitor_households').changes).toContainEqual(expect.objectContaining({ label: '签字确认的驻村干部', after: '李驻村' }));
    expect(by('finding_reviews').subject).toBe('王建国');
  });

  it('villages: the form and an import that names a new village, one row each', async () => {
    let from = lastId(b);
    const v = await call(b, 'villages.create', { name: '东关村', code: null });
    await call(b, 'villages.update', { id: v.id, name: '东关村', code: '140724100201' });
    await call(b, 'villages.update', { id: v.id, name: '东关村', code: '140724100201' });
    let rows = since(b, from);
    expect(rows.map((r) => [r.table_name, r.action])).toEqual([['villages', 'create'], ['villages', 'update']]);
    expectWholeRows(b, rows);
    from = lastId(b);
    const batchId = await importFile(b, 'persons', 'persons-county-export.xlsx');
    rows = since(b, from).filter((r) => r.table_name === 'villages');
    expect(rows.length).toBeGreaterThan(0);
    expectWholeRows(b, rows);
    expect(rows.every((r) => r.action === 'create' && r.batch_id === batchId)).toBe(true);
    // Undoing the import takes its villages away again.
    await call(b, 'import.undo', { batchId });
    expect((b.ctx.db.prepare('SELECT name FROM villages').all() as { name: string }[]).map((r) => r.name)).toEqual(['东关村']);
  });
});
