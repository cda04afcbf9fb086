import type { Ctx } from './context';

export interface AuditEntry {
  action: 'create' | 'update' | 'delete' | 'restore' | 'import' | 'undo';
  table: string;
  recordId: number | null;
  before?: unknown;
  after?: unknown;
  batchId?: number | null;
}

/** Callers run this inside their own transaction so the change and its record land together. */
export function audit(ctx: Ctx, e: AuditEntry): void {
  ctx.db.prepare(
    `INSERT INTO audit_log (operator, action, table_name, record_id, before_json, after_json, batch_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(ctx.operator(), e.action, e.table, e.recordId,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after), e.batchId ?? null);
}
