import type { Ctx } from '../../services/context';
import { nowLocal } from '../../services/context';
import { deleteRow, insertRow, restoreRow, softDeleteRow, updateRow } from './rows';

/**
 * The one place 小额信贷 is written: loans, their repayments, 展期 and closed overdue spells. The loans
 * form (services/loans.ts) and the loan ledger import (import/kinds/loans.ts) both go through here, so
 * each write leaves the one audit shape (whole rows under the column names, with the import batch) that
 * the batch undo (import/undo.ts) writes back and 操作日志 shows.
 */

export interface LoanRow {
  person_id: number; bank: string | null; contract_no: string | null; amount_fen: number; issue_date: string; due_date: string;
  extended_due_date: string | null; term_months: number | null; rate_e6: number | null; ratio_bp: number; subsidized: number; additional: number;
  purpose: string | null; status: string; overdue_since: string | null; settled_date: string | null; note: string | null;
  borrower_source: string | null; deleted_at: string | null;
}

export function insertLoan(ctx: Ctx, l: Omit<Partial<LoanRow>, 'person_id' | 'amount_fen' | 'issue_date' | 'due_date'>
  & Pick<LoanRow, 'person_id' | 'amount_fen' | 'issue_date' | 'due_date'>, batchId: number | null = null, now = nowLocal(ctx.now())): number {
  return insertRow(ctx, 'loans', { ...l, created_at: now, updated_at: now }, batchId);
}

/** Sets the given columns (and updated_at when one of them changes). Returns whether anything changed. */
export function updateLoan(ctx: Ctx, id: number, patch: Partial<LoanRow>, batchId: number | null = null, now = nowLocal(ctx.now())): boolean {
  return updateRow(ctx, 'loans', id, patch, batchId, { updated_at: now });
}

/** Into the 回收站: repayments and 展期 stay with it. */
export function softDeleteLoan(ctx: Ctx, id: number, now = nowLocal(ctx.now())): void {
  softDeleteRow(ctx, 'loans', id, now, { updated_at: now });
}

export function restoreLoan(ctx: Ctx, id: number, now = nowLocal(ctx.now())): void {
  restoreRow(ctx, 'loans', id, { updated_at: now });
}

export interface RepaymentRow { loan_id: number; repay_date: string | null; principal_fen: number; interest_fen: number; note: string | null }

export function insertRepayment(ctx: Ctx, r: RepaymentRow, batchId: number | null = null, now = nowLocal(ctx.now())): number {
  return insertRow(ctx, 'loan_repayments', { ...r, created_at: now }, batchId);
}

/** A repayment entered in error, or an imported running total a newer ledger replaces: gone, its row kept in the log. */
export function deleteRepayment(ctx: Ctx, id: number, batchId: number | null = null): void {
  deleteRow(ctx, 'loan_repayments', id, batchId);
}

export interface ExtensionRow { loan_id: number; ext_date: string; old_due_date: string; new_due_date: string; note: string | null }

export function insertExtension(ctx: Ctx, e: ExtensionRow, batchId: number | null = null, now = nowLocal(ctx.now())): number {
  return insertRow(ctx, 'loan_extensions', { ...e, created_at: now }, batchId);
}

/** A closed overdue spell: it takes 贴息 away for its days, so the log must show who recorded it. */
export function insertOverduePeriod(ctx: Ctx, p: { loan_id: number; from_date: string; to_date: string | null }, batchId: number | null = null,
  now = nowLocal(ctx.now())): number {
  return insertRow(ctx, 'loan_overdue_periods', { ...p, created_at: now }, batchId);
}
