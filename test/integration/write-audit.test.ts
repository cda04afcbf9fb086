import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { advanceClock, call, freshBackend, stageFile, tmpDir, validId } from './helpers';
import type { Backend } from '../../electron/backend/index';

/** Write paths whose side effects used to change data without an audit row (issue 9). */

type AuditRow = { operator: string; action: string; table_name: string; record_id: number | null; before_json: string | null; after_json: string | null; batch_id: number | null };
const auditOf = (b: Backend, table: string) =>
  b.ctx.db.prepare('SELECT operator, action, table_name, record_id, before_json, after_json, batch_id FROM audit_log WHERE table_name = ? ORDER BY id').all(table) as AuditRow[];
const json = (s: string | null) => (s == null ? null : JSON.parse(s) as Record<string, unknown>);

const person = (idNo: string, name: string, householdNo: string, householdType: '脱贫户' | '监测户' | '一般户') => ({
  idNo, name, villageId: null, householdNo, householdType, monitorCategory: householdType === '监测户' ? '脱贫不稳定户' : null,
  riskEliminated: householdType === '监测户' ? false : null, exitYear: householdType === '脱贫户' ? 2019 : null, relation: null, laborSkill: null, phone: null,
});

describe('households changed through a person form', () => {
  it('writes a households audit row with before and after', async () => {
    const b = freshBackend();
    const a = await call(b, 'persons.create', person(validId('14072419800101001'), '张一', 'HH-0001', '脱贫户'));
    const q = await call(b, 'persons.create', person(validId('14072419820202002'), '张二', 'HH-0001', '脱贫户'));
    expect(q.householdId).toBe(a.householdId);
    // Creating 张一 created the household: one create row with its columns (db/repo/households.ts), none for 张二 joining it.
    const created = auditOf(b, 'households');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ action: 'create', record_id: a.householdId, before_json: null });
    expect(json(created[0].after_json)).toMatchObject({ hh_no: 'HH-0001', hh_type: '脱贫户', exit_year: 2019 });

    await call(b, 'persons.update', { ...person(q.idNo, '张二', 'HH-0001', '监测户'), id: q.id });
    const rows = auditOf(b, 'households').filter((r) => r.action === 'update');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'update', record_id: a.householdId, operator: '测试员', batch_id: null });
    expect(json(rows[0].before_json)).toMatchObject({ hh_type: '脱贫户', exit_year: 2019 });
    expect(json(rows[0].after_json)).toMatchObject({ hh_type: '监测户', monitor_category: '脱贫不稳定户', exit_year: null });

    // Saving the form again without a household change writes no household row.
    await call(b, 'persons.update', { ...person(q.idNo, '张二', 'HH-0001', '监测户'), id: q.id, phone: '13800000000' });
    expect(auditOf(b, 'households')).toHaveLength(2);
  });

  it('an import undo is refused once a clerk changed a household the batch had changed (it used to overwrite the clerk silently)', async () => {
    const b = freshBackend();
    const first = validId('14072419800101003'), second = validId('14072419850505004');
    await call(b, 'persons.create', person(first, '李一', 'HH-0002', '一般户'));
    await call(b, 'persons.create', person(second, '李二', 'HH-0002', '一般户'));
    // The county file changes the household (一般户 → 脱贫户) through the first member only.
    const dir = tmpDir();
    const file = path.join(dir, '名单.csv');
    fs.writeFileSync(file, `姓名,证件号码,户编号,户类型,脱贫年度\n李一,${first},HH-0002,脱贫户,2020\n`);
    const job = await stageFile(b, file);
    expect(job.counts.changed).toBe(1);
    const done = await call(b, 'import.commit', { jobId: job.jobId });
    const batchId = done.summary!.batchId!;
    // The clerk then corrects the household through the second member.
    const p2 = (await call(b, 'persons.query', { idNo: second })).rows[0];
    await call(b, 'persons.update', { ...person(second, '李二', 'HH-0002', '监测户'), id: p2.id });
    await expect(call(b, 'import.undo', { batchId })).rejects.toThrow(/之后又被修改过/);
    const hh = b.ctx.db.prepare("SELECT hh_type FROM households WHERE hh_no = 'HH-0002'").get() as { hh_type: string };
    expect(hh.hh_type).toBe('监测户');
  });
});

describe('a person form saved', () => {
  it('without a change writes nothing; with one writes exactly one audit row with before and after', async () => {
    const b = freshBackend();
    const p = await call(b, 'persons.create', person(validId('14072419800101006'), '赵一', 'HH-0004', '脱贫户'));
    const row = () => b.ctx.db.prepare('SELECT * FROM persons WHERE id = ?').get(p.id);
    const stored = row();
    const count = () => (b.ctx.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
    const n0 = count();
    advanceClock(b, 86_400_000);
    await call(b, 'persons.update', { ...p, id: p.id });
    // Not even updated_at moves: the row is byte for byte as it was, and no table got an audit row.
    expect(row()).toEqual(stored);
    expect(count()).toBe(n0);

    await call(b, 'persons.update', { ...p, id: p.id, name: '赵新', phone: '13800000001' });
    const rows = auditOf(b, 'persons').filter((r) => r.action === 'update');
    expect(rows).toHaveLength(1);
    expect(count()).toBe(n0 + 1);
    expect(rows[0]).toMatchObject({ record_id: p.id, operator: '测试员', batch_id: null });
    expect(json(rows[0].before_json)).toMatchObject({ name: '赵一', phone: null, updated_at: (stored as { updated_at: string }).updated_at });
    const after = json(rows[0].after_json)!;
    expect(after).toMatchObject({ name: '赵新', name_initials: 'zx', phone: '13800000001' });
    expect(after.updated_at).not.toBe((stored as { updated_at: string }).updated_at);
    expect(after).toEqual(row());
  });
});

describe('loans leaving 逾期', () => {
  it('the closed overdue spell (it drives 贴息) has an audit row', async () => {
    const b = freshBackend();
    const p = await call(b, 'persons.create', person(validId('14072419700303005'), '王贷', 'HH-0003', '脱贫户'));
    const base = {
      personId: p.id, bank: '农商银行', contractNo: 'HT-001', amountFen: 5_000_000, issueDate: '2024-01-10', dueDate: '2025-01-10',
      termMonths: 12, rateE6: null, purpose: null, note: null,
    } as const;
    const loan = await call(b, 'loans.create', { ...base, status: '逾期', overdueSince: '2025-01-11' });
    await call(b, 'loans.update', { ...base, id: loan.id, status: '正常', overdueEnded: '2025-03-01' });
    const spells = b.ctx.db.prepare('SELECT id FROM loan_overdue_periods WHERE loan_id = ?').all(loan.id) as { id: number }[];
    expect(spells).toHaveLength(1);
    const rows = auditOf(b, 'loan_overdue_periods');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'create', record_id: spells[0].id, operator: '测试员' });
    expect(json(rows[0].after_json)).toMatchObject({ loan_id: loan.id, from_date: '2025-01-11', to_date: '2025-03-01' });
  });
});

describe('month lock', () => {
  it('locking a month twice writes one audit row (the second changes nothing)', async () => {
    const b = freshBackend();
    await call(b, 'attendance.lock', { month: '2026-01' });
    await call(b, 'attendance.lock', { month: '2026-01' });
    expect(auditOf(b, 'month_locks')).toHaveLength(1);
  });
});

describe('操作日志 names every table the services write', () => {
  it('has a Chinese label for each audited table (gongshi_records, loan_overdue_periods … used to show as code words)', async () => {
    const { TABLE_LABELS } = await import('../../electron/backend/services/auditLog');
    const root = path.join(__dirname, '../../electron/backend');
    const tables = new Set<string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const f = path.join(dir, e.name);
        if (e.isDirectory()) walk(f);
        // Written directly with audit(), or through a repository over db/repo/rows.ts (insertRow(ctx, 'loans', …)).
        else if (f.endsWith('.ts')) {
          const src = fs.readFileSync(f, 'utf8');
          for (const m of src.matchAll(/audit\(ctx, \{[^}]*?table: '([a-z_]+)'/g)) tables.add(m[1]);
          for (const m of src.matchAll(/(?:insertRow|updateRow|softDeleteRow|restoreRow|deleteRow)\(ctx, '([a-z_]+)'/g)) tables.add(m[1]);
        }
      }
    };
    walk(root);
    expect(tables.size).toBeGreaterThan(15);
    expect([...tables].filter((t) => !TABLE_LABELS[t])).toEqual([]);
  });
});
