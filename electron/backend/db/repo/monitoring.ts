import type { Ctx } from '../../services/context';
import { nowLocal } from '../../services/context';
import { insertRow, updateRow } from './rows';

/**
 * The one place the 防返贫监测 tables are written: the 防返贫监测 page (services/monitoringLedger.ts) and the
 * monitoring, monitoring-cases and visits imports insert and update through here, so each write leaves the
 * one audit shape (whole rows under the column names, with the import batch) that the batch undo
 * (import/undo.ts) writes back and 操作日志 shows with the household it concerns.
 *
 * The row types name the columns a caller may set, so a misspelt column fails the type check
 * (rows.ts also refuses it at run time).
 */

export interface MonitorHouseholdRow {
  household_id: number; identified_month: string | null; eliminated_month: string | null; elimination_method: string | null;
  risks: string | null; dev_status: string | null; eliminated_date: string | null; eliminated_signer: string | null; eliminated_note: string | null;
}
export interface MonitorIncomeRow { household_id: number; year: number; per_capita_fen: number }
export interface MonitorMeasureRow {
  household_id: number; person_id: number | null; type: string; nature: '开发式' | '保障式'; content: string;
  start_date: string | null; end_date: string | null; source: '下载' | '录入'; note: string | null;
}
export interface MonitorCaseRow {
  household_id: number; head_person_id: number | null; category: string | null; risk: string | null; channel: string | null;
  found_date: string; verified_date: string | null; village_review_date: string | null; township_review_date: string | null;
  confirmed_date: string | null; plan_date: string | null; measure: string | null; measure_date: string | null; helper: string | null; note: string | null;
}
export interface MonitorVisitRow {
  household_id: number; visit_date: string; visitor: string; method: '入户' | '电话' | null;
  income_change: string | null; risk_change: string | null; content: string | null;
}

// monitor_households and monitor_cases keep updated_at: stamped on insert, and on update only when something else changed.

export function insertMonitorHousehold(ctx: Ctx, row: Partial<MonitorHouseholdRow> & { household_id: number }, batchId: number | null = null): number {
  return insertRow(ctx, 'monitor_households', { ...row, updated_at: nowLocal(ctx.now()) }, batchId);
}
export function updateMonitorHousehold(ctx: Ctx, id: number, patch: Partial<MonitorHouseholdRow>, batchId: number | null = null): boolean {
  return updateRow(ctx, 'monitor_households', id, patch, batchId, { updated_at: nowLocal(ctx.now()) });
}

export function insertMonitorIncome(ctx: Ctx, row: MonitorIncomeRow, batchId: number | null = null): number {
  return insertRow(ctx, 'monitor_incomes', { ...row }, batchId);
}
export function updateMonitorIncome(ctx: Ctx, id: number, patch: Partial<MonitorIncomeRow>, batchId: number | null = null): boolean {
  return updateRow(ctx, 'monitor_incomes', id, patch, batchId);
}

export function insertMonitorMeasure(ctx: Ctx, row: Partial<MonitorMeasureRow> & Pick<MonitorMeasureRow, 'household_id' | 'type' | 'nature' | 'source'>,
  batchId: number | null = null): number {
  return insertRow(ctx, 'monitor_measures', { ...row }, batchId);
}
export function updateMonitorMeasure(ctx: Ctx, id: number, patch: Partial<MonitorMeasureRow>, batchId: number | null = null): boolean {
  return updateRow(ctx, 'monitor_measures', id, patch, batchId);
}

export function insertMonitorCase(ctx: Ctx, row: Partial<MonitorCaseRow> & Pick<MonitorCaseRow, 'household_id' | 'found_date'>, batchId: number | null = null): number {
  const now = nowLocal(ctx.now());
  return insertRow(ctx, 'monitor_cases', { ...row, created_at: now, updated_at: now }, batchId);
}
export function updateMonitorCase(ctx: Ctx, id: number, patch: Partial<MonitorCaseRow>, batchId: number | null = null): boolean {
  return updateRow(ctx, 'monitor_cases', id, patch, batchId, { updated_at: nowLocal(ctx.now()) });
}

export function insertMonitorVisit(ctx: Ctx, row: Partial<MonitorVisitRow> & Pick<MonitorVisitRow, 'household_id' | 'visit_date' | 'visitor'>,
  batchId: number | null = null): number {
  return insertRow(ctx, 'monitor_visits', { ...row }, batchId);
}
export function updateMonitorVisit(ctx: Ctx, id: number, patch: Partial<MonitorVisitRow>, batchId: number | null = null): boolean {
  return updateRow(ctx, 'monitor_visits', id, patch, batchId);
}
