import type { Ctx } from '../../services/context';
import { auditRecord, rowSnapshot } from '../../services/audit';
import { stmt } from '../statements';

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
  const id = Number(stmt(ctx.db, `INSERT INTO households (hh_no, village_id, hh_type, monitor_category, risk_eliminated, exit_year, size, created_batch_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(h.hh_no ?? null, h.village_id ?? null, h.hh_type, h.monitor_category ?? null, h.risk_eliminated ?? null,
    h.exit_year ?? null, h.size ?? null, batchId).lastInsertRowid);
  auditRecord(ctx, 'create', 'households', id, null, batchId);
  return id;
}

/** Sets the given columns; writes (and audits) only when a value changes. Returns whether it did. */
export function updateHousehold(ctx: Ctx, id: number, patch: Partial<HouseholdRow>, batchId: number | null = null): boolean {
  const before = rowSnapshot(ctx.db, 'households', id);
  if (!before) return false;
  const keys = (Object.keys(patch) as (keyof HouseholdRow)[]).filter((k) => patch[k] !== undefined && patch[k] !== before[k]);
  if (!keys.length) return false;
  stmt(ctx.db, `UPDATE households SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...keys.map((k) => patch[k]), id);
  auditRecord(ctx, 'update', 'households', id, before, batchId);
  return true;
}
