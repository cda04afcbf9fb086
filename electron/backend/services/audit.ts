import type { Statement } from 'better-sqlite3';
import type { DB } from '../db/open';
import type { Ctx } from './context';

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

/** Callers run this inside their own transaction so the change and its record land together. */
export function audit(ctx: Ctx, e: AuditEntry): void {
  let ins = inserts.get(ctx.db);
  if (!ins) {
    ins = ctx.db.prepare(`INSERT INTO audit_log (operator, action, table_name, record_id, before_json, after_json, batch_id)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    inserts.set(ctx.db, ins);
  }
  ins.run(ctx.operator(), e.action, e.table, e.recordId,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after), e.batchId ?? null);
}
