import type { Statement } from 'better-sqlite3';
import type { DB } from '../db/open';
import { nowLocal, type Ctx } from './context';
import { AppError } from '../errors';
import { getSettings } from './settings';

export interface AuditEntry {
  action: 'create' | 'update' | 'delete' | 'restore' | 'import' | 'undo';
  table: string;
  recordId: number | null;
  before?: unknown;
  after?: unknown;
  batchId?: number | null;
}

// Imports call audit() once per changed row: prepare the insert once per connection, not per call.
const inserts = new WeakMap<DB, Statement>();

/** The screens, where a person sits: a change needs their name (tests and the CLI name theirs otherwise). */
const NAMED_MODES = new Set(['browser', 'electron']);
/** Settings, backups and restores are about the machine, not a person's record; the name is set through settings itself. */
const UNNAMED_TABLES = new Set(['settings', 'safety_settings', 'database']);

/** Callers run this inside their own transaction so the change and its record land together. */
export function audit(ctx: Ctx, e: AuditEntry): void {
  // Work is tied to a person: without a name the whole change is refused (and rolled back with the transaction);
  // the screens ask for the name once and repeat the request.
  // ctx.operator() falls back to 录入员 when nobody is named (a fixed operator, as the CLI's --operator, counts as named).
  const operator = ctx.operator();
  if (operator === '录入员' && NAMED_MODES.has(ctx.mode) && !UNNAMED_TABLES.has(e.table) && !getSettings(ctx).operator.trim()) {
    throw new AppError('VALIDATION', '请先填写操作员姓名（页面顶部“请填写操作员”），每次修改都会记下是谁做的。', { operatorRequired: true });
  }
  let ins = inserts.get(ctx.db);
  if (!ins) {
    ins = ctx.db.prepare(`INSERT INTO audit_log (at, operator, action, table_name, record_id, before_json, after_json, batch_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    inserts.set(ctx.db, ins);
  }
  ins.run(nowLocal(ctx.now()), operator, e.action, e.table, e.recordId,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after), e.batchId ?? null);
}

const rowReads = new WeakMap<DB, Map<string, Statement>>();

/** A record as its table holds it: the one shape of an audit row's before and after (the table's own column names). */
export function rowSnapshot(db: DB, table: string, id: number): Record<string, unknown> | undefined {
  let m = rowReads.get(db);
  if (!m) { m = new Map(); rowReads.set(db, m); }
  let st = m.get(table);
  if (!st) { st = db.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}" WHERE id = ?`); m.set(table, st); }
  return st.get(id) as Record<string, unknown> | undefined;
}

/**
 * The audit row of one record's insert or update, in the one shape the batch undo writes back:
 * table, record id, the whole row before (given, read before the write) and after (read now), batch, operator.
 */
export function auditRecord(ctx: Ctx, action: 'create' | 'update', table: string, id: number, before: unknown, batchId: number | null = null): void {
  audit(ctx, { action, table, recordId: id, before: action === 'create' ? undefined : before, after: rowSnapshot(ctx.db, table, id), batchId });
}
