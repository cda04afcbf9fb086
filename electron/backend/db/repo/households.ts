import type { Ctx } from '../../services/context';
import { insertRow, updateRow } from './rows';

/**
 * The one place households are written: forms (services/persons.ts) and every import kind insert and
 * update through here, and each write leaves the one audit shape (whole rows under the column names,
 * with the import batch) that the batch undo (import/undo.ts) writes back.
 */

export interface HouseholdRow {
  hh_no: string | null; village_id: number | null; hh_type: string; monitor_category: string | null;
  risk_eliminated: number | null; exit_year: number | null; size: number | null;
}

export function insertHousehold(ctx: Ctx, h: Partial<HouseholdRow> & { hh_type: string }, batchId: number | null = null): number {
  return insertRow(ctx, 'households', { hh_no: null, village_id: null, monitor_category: null, risk_eliminated: null, exit_year: null, size: null, ...h }, batchId);
}

/** Sets the given columns; writes (and audits) only when a value changes. Returns whether it did. */
export function updateHousehold(ctx: Ctx, id: number, patch: Partial<HouseholdRow>, batchId: number | null = null): boolean {
  return updateRow(ctx, 'households', id, patch, batchId);
}

/** The most common length of the ledger's 户编号 (all digits), or null while it has none. */
export function usualHouseholdNoLength(ctx: Ctx): number | null {
  const r = ctx.db.prepare(`SELECT length(hh_no) AS n, count(*) AS c FROM households WHERE hh_no IS NOT NULL AND hh_no NOT GLOB '*[^0-9]*'
    GROUP BY n ORDER BY c DESC, n DESC LIMIT 1`).get() as { n: number } | undefined;
  return r?.n ?? null;
}
