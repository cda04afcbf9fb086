import type { Ctx } from '../../services/context';
import { nowLocal } from '../../services/context';
import { deleteRow, insertRow, restoreRow, softDeleteRow, updateRow } from './rows';

/**
 * The one place 帮扶车间 is written: workshops, their dated status history, the 务工台账 (employments)
 * and the 一次性吸纳就业补助 paid (workshop_subsidies). The workshop forms (services/workshops.ts) and the
 * workshop/务工台账 import (import/kinds/workshops.ts) both go through here, so each write leaves the one
 * audit shape (whole rows under the column names, with the import batch) that the batch undo
 * (import/undo.ts) writes back and 操作日志 shows.
 */

export interface WorkshopRow {
  name: string; village_id: number | null; entity: string | null; credit_code: string | null; leader: string | null; phone: string | null;
  industry: string | null; recognized_date: string | null; status: string; status_date: string | null; reported_employed: number | null;
  reported_poor: number | null; reported_monitored: number | null; reported_avg_wage_fen: number | null; note: string | null; deleted_at: string | null;
}

export function insertWorkshop(ctx: Ctx, w: Partial<WorkshopRow> & { name: string; status: string }, batchId: number | null = null, now = nowLocal(ctx.now())): number {
  return insertRow(ctx, 'workshops', { ...w, created_at: now, updated_at: now }, batchId);
}

/** Sets the given columns (and updated_at when one of them changes). Returns whether anything changed. */
export function updateWorkshop(ctx: Ctx, id: number, patch: Partial<WorkshopRow>, batchId: number | null = null, now = nowLocal(ctx.now())): boolean {
  return updateRow(ctx, 'workshops', id, patch, batchId, { updated_at: now });
}

export function softDeleteWorkshop(ctx: Ctx, id: number, now = nowLocal(ctx.now())): void {
  softDeleteRow(ctx, 'workshops', id, now, { updated_at: now });
}

export function restoreWorkshop(ctx: Ctx, id: number, now = nowLocal(ctx.now())): void {
  restoreRow(ctx, 'workshops', id, { updated_at: now });
}

export interface StatusChangeRow {
  workshop_id: number; from_status: string | null; to_status: string; changed_on: string; reason: string | null; measures?: string | null;
}

/**
 * One dated status change, signed by the operator. The history names its batch in batch_id (not
 * created_batch_id): the batch undo deletes by that column.
 */
export function insertStatusChange(ctx: Ctx, h: StatusChangeRow, batchId: number | null = null, now = nowLocal(ctx.now())): number {
  return insertRow(ctx, 'workshop_status_history', { measures: null, ...h, operator: ctx.operator(), batch_id: batchId, created_at: now }, batchId);
}

/** Moves a status change to another day (a batch dating what it registered by the earliest 入职日期). */
export function redateStatusChange(ctx: Ctx, id: number, changedOn: string, batchId: number | null = null): boolean {
  return updateRow(ctx, 'workshop_status_history', id, { changed_on: changedOn }, batchId);
}

export interface EmploymentRow {
  workshop_id: number; person_id: number; start_date: string; end_date: string | null; contract_months: number | null;
  monthly_wage_fen: number | null; channel: string | null; exit_reason: string | null; note: string | null;
}

export function insertEmployment(ctx: Ctx, e: Partial<EmploymentRow> & Pick<EmploymentRow, 'workshop_id' | 'person_id' | 'start_date'>,
  batchId: number | null = null, now = nowLocal(ctx.now())): number {
  return insertRow(ctx, 'employments', { ...e, created_at: now, updated_at: now }, batchId);
}

export function updateEmployment(ctx: Ctx, id: number, patch: Partial<EmploymentRow>, batchId: number | null = null, now = nowLocal(ctx.now())): boolean {
  return updateRow(ctx, 'employments', id, patch, batchId, { updated_at: now });
}

/** A row entered in error (no subsidy was paid on it): gone, its row kept in the log. */
export function deleteEmployment(ctx: Ctx, id: number): void {
  deleteRow(ctx, 'employments', id);
}

export interface SubsidyRow {
  workshop_id: number; person_id: number; employment_id: number | null; amount_fen: number; paid_date: string; voucher: string | null; note: string | null;
}

/** A 一次性吸纳就业补助 payment, signed by the operator. */
export function insertSubsidy(ctx: Ctx, s: SubsidyRow, now = nowLocal(ctx.now())): number {
  return insertRow(ctx, 'workshop_subsidies', { ...s, operator: ctx.operator(), created_at: now });
}

/**
 * A payment revoked: the row goes, and its audit row keeps the whole row and why (the reason is
 * the one thing the log must add to what the row said).
 */
export function revokeSubsidy(ctx: Ctx, id: number, reason: string): void {
  deleteRow(ctx, 'workshop_subsidies', id, null, reason);
}
