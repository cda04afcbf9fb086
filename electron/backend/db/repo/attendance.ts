import type { Ctx } from '../../services/context';
import { audit } from '../../services/audit';
import { stmt } from '../statements';

/**
 * The one place a month's attendance and pay (attendance) and the month locks (month_locks) are
 * written: the 考勤与工资 screen (services/posts.ts) and the 工资发放表 import go through here.
 *
 * Neither table has an id, so rows.ts (keyed by id) cannot write them; the shape of their audit rows is
 * still the one every repository writes: the whole row under the column names, before and after, with
 * the batch. An attendance row is keyed (appointment_id, month) and logged under record_id =
 * appointment_id (so 操作日志 names the holder and the undo's "changed since" check finds it); a
 * month lock is keyed by month and logged with no record id.
 */

export interface AttendanceValues {
  due_days: number; present_days: number; assessment: '合格' | '不合格'; payable_fen: number; paid_fen: number; paid_reason: string | null;
}
const VALUE_COLUMNS = ['due_days', 'present_days', 'assessment', 'payable_fen', 'paid_fen', 'paid_reason'] as const;

type Row = Record<string, unknown>;
const getRow = (ctx: Ctx, appointmentId: number, month: string) =>
  stmt(ctx.db, 'SELECT * FROM attendance WHERE appointment_id = ? AND month = ?').get(appointmentId, month) as Row | undefined;

/**
 * Records one holder's month: inserts it, or updates it when some value differs (an unchanged row is
 * neither written nor logged). Returns what it did.
 */
export function putAttendance(ctx: Ctx, appointmentId: number, month: string, v: AttendanceValues, batchId: number | null, now: string): 'inserted' | 'updated' | 'unchanged' {
  const before = getRow(ctx, appointmentId, month);
  if (before && VALUE_COLUMNS.every((c) => before[c] === v[c])) return 'unchanged';
  const values = VALUE_COLUMNS.map((c) => v[c]);
  if (before) {
    stmt(ctx.db, `UPDATE attendance SET ${VALUE_COLUMNS.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE appointment_id = ? AND month = ?`)
      .run(...values, now, appointmentId, month);
  } else {
    stmt(ctx.db, `INSERT INTO attendance (appointment_id, month, ${VALUE_COLUMNS.join(', ')}, updated_at) VALUES (?, ?, ${VALUE_COLUMNS.map(() => '?').join(', ')}, ?)`)
      .run(appointmentId, month, ...values, now);
  }
  audit(ctx, { action: before ? 'update' : 'create', table: 'attendance', recordId: appointmentId, before, after: getRow(ctx, appointmentId, month), batchId });
  return before ? 'updated' : 'inserted';
}

/**
 * The undo of what an import batch wrote into attendance (import/undo.ts restores by id, and this table
 * has none): newest first, a row the batch inserted is removed and a row it changed gets its audit
 * `before` back. `check` sees each month first and throws to refuse (a locked month). Like the generic
 * undo, it writes no audit rows of its own: the batch's one 撤销导入 row records it.
 */
export function undoBatchAttendance(ctx: Ctx, batchId: number, check: (month: string) => void): void {
  const entries = ctx.db.prepare(`SELECT action, record_id AS appointmentId, before_json AS beforeJson, after_json AS afterJson FROM audit_log
    WHERE batch_id = ? AND table_name = 'attendance' ORDER BY id DESC`).all(batchId) as { action: string; appointmentId: number; beforeJson: string | null; afterJson: string }[];
  const del = stmt(ctx.db, 'DELETE FROM attendance WHERE appointment_id = ? AND month = ?');
  const restore = stmt(ctx.db, `UPDATE attendance SET ${VALUE_COLUMNS.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @updated_at
    WHERE appointment_id = @appointment_id AND month = @month`);
  for (const e of entries) {
    const after = JSON.parse(e.afterJson) as { month: string };
    check(after.month);
    if (e.action === 'create') del.run(e.appointmentId, after.month);
    else {
      const b = JSON.parse(e.beforeJson!) as Row;
      restore.run(Object.fromEntries(['appointment_id', 'month', ...VALUE_COLUMNS, 'updated_at'].map((k) => [k, b[k] ?? null])));
    }
  }
}

/** Locks a month (its pay is out). Returns false when it already was: nothing written, nothing logged. */
export function insertMonthLock(ctx: Ctx, month: string, now: string): boolean {
  const r = stmt(ctx.db, 'INSERT OR IGNORE INTO month_locks (month, locked_at, operator) VALUES (?, ?, ?)').run(month, now, ctx.operator());
  if (!r.changes) return false;
  audit(ctx, { action: 'create', table: 'month_locks', recordId: null, after: stmt(ctx.db, 'SELECT * FROM month_locks WHERE month = ?').get(month) });
  return true;
}

/**
 * Reopens a month. The audit row keeps the lock as it was (who locked it and when) and, as the after,
 * the reason the clerk gave: it is required, and the table has no column for it. Returns false when the
 * month was not locked.
 */
export function deleteMonthLock(ctx: Ctx, month: string, reason: string): boolean {
  const before = stmt(ctx.db, 'SELECT * FROM month_locks WHERE month = ?').get(month);
  if (!before) return false;
  stmt(ctx.db, 'DELETE FROM month_locks WHERE month = ?').run(month);
  audit(ctx, { action: 'delete', table: 'month_locks', recordId: null, before, after: { reason } });
  return true;
}
