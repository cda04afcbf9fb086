import type { Ctx } from '../../services/context';
import { audit, rowSnapshot } from '../../services/audit';
import { stmt } from '../statements';
import { insertRow, updateRow } from './rows';

/**
 * The one place appointments (聘用) are written: the 聘用 form, 退岗, 批量续聘 and the 花名册 import
 * insert and update through here, each write leaving the one audit shape (whole rows under the column
 * names, with the import batch) that the batch undo (import/undo.ts) writes back.
 */

export interface AppointmentRow {
  post_id: number; person_id: number; agreement_no: string | null; start_date: string; end_date: string | null; term_months: number | null;
  wage_fen: number; bank_account: string | null; bank_name: string | null; status: '在岗' | '待岗' | '离岗';
  exit_date: string | null; exit_reason: string | null; exit_note: string | null; remark: string | null;
}

export function insertAppointment(ctx: Ctx, a: Partial<AppointmentRow> & { post_id: number; person_id: number; start_date: string },
  batchId: number | null, now: string): number {
  return insertRow(ctx, 'appointments', { ...a, created_at: now, updated_at: now }, batchId);
}

/** Sets the given columns (undefined = keep); writes and audits only when a value changes. Returns whether it did. */
export function updateAppointment(ctx: Ctx, id: number, patch: Partial<AppointmentRow>, batchId: number | null, now: string): boolean {
  return updateRow(ctx, 'appointments', id, patch, batchId, { updated_at: now });
}

/**
 * 续聘: a new end date, and why (批量续聘's note). The appointments table has no column for the why, so
 * the audit row's after holds it as `reason` beside the whole row (the batch undo copies back only real
 * columns; 操作日志 shows it as 原因).
 */
export function renewAppointment(ctx: Ctx, id: number, endDate: string, reason: string, now: string): void {
  const before = rowSnapshot(ctx.db, 'appointments', id);
  stmt(ctx.db, 'UPDATE appointments SET end_date = ?, updated_at = ? WHERE id = ?').run(endDate, now, id);
  audit(ctx, { action: 'update', table: 'appointments', recordId: id, before, after: { ...rowSnapshot(ctx.db, 'appointments', id), reason } });
}
