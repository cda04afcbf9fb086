import type { Ctx } from '../../services/context';
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

/** 续聘: a new end date, and why (批量续聘's note), which the audit row keeps as its 原因 (rows.updateRow's reason). */
export function renewAppointment(ctx: Ctx, id: number, endDate: string, reason: string, now: string): void {
  updateRow(ctx, 'appointments', id, { end_date: endDate }, null, { updated_at: now }, reason);
}
