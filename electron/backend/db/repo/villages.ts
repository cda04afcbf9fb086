import type { Ctx } from '../../services/context';
import { insertRow, updateRow } from './rows';

/**
 * The one place villages are written: the 村 form (services/villages.ts) and every import that names a
 * village not yet in the ledger, each with the one audit shape (whole rows under the column names, batch).
 */

export interface VillageRow { name: string; code: string | null }

export function insertVillage(ctx: Ctx, v: VillageRow, batchId: number | null = null): number {
  return insertRow(ctx, 'villages', { ...v }, batchId);
}

/** Writes (and audits) only when the name or code really changes. */
export function updateVillage(ctx: Ctx, id: number, patch: Partial<VillageRow>): boolean {
  return updateRow(ctx, 'villages', id, patch);
}

/**
 * Importers resolve village names to ids, creating each village on first sight (marked with the
 * batch, so undoing the import removes it again, and audited like any other insert). One cache for the whole batch.
 */
export function villageResolver(ctx: Ctx, batchId: number | null): (name: string | null | undefined) => number | null {
  const ids = new Map<string, number>();
  for (const v of ctx.db.prepare('SELECT id, name FROM villages').all() as { id: number; name: string }[]) ids.set(v.name, v.id);
  return (name) => {
    if (!name) return null;
    let id = ids.get(name);
    if (id === undefined) { id = insertVillage(ctx, { name, code: null }, batchId); ids.set(name, id); }
    return id;
  };
}
