import type { Ctx } from '../../services/context';
import { nowLocal } from '../../services/context';
import { insertRow, updateRow } from './rows';

/**
 * The one place 外出务工 (migrant_work, one row per person) is written: the 已外出务工信息 import goes
 * through here, so each write leaves the one audit shape the batch undo writes back.
 */

export interface MigrantWorkRow {
  person_id: number; working: number | null; channel: string | null; province: string | null; county: string | null; employer: string | null;
  months: number | null; monthly_income_fen: number | null; home_county: string | null; reported_on: string | null;
}

export function insertMigrantWork(ctx: Ctx, m: Partial<MigrantWorkRow> & { person_id: number }, batchId: number | null = null, now = nowLocal(ctx.now())): number {
  return insertRow(ctx, 'migrant_work', { ...m, created_at: now, updated_at: now }, batchId);
}

/** Sets the given columns (and updated_at when one of them changes). Returns whether anything changed. */
export function updateMigrantWork(ctx: Ctx, id: number, patch: Partial<MigrantWorkRow>, batchId: number | null = null, now = nowLocal(ctx.now())): boolean {
  return updateRow(ctx, 'migrant_work', id, patch, batchId, { updated_at: now });
}
