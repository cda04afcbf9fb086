import type { Ctx } from '../../services/context';
import { insertRow, updateRow } from './rows';

/**
 * The one place the 岗位库 (posts) is written: the posts form (services/posts.ts) and the 岗位库 and
 * 花名册 imports insert and update through here, each write leaving the one audit shape (whole rows
 * under the column names, with the import batch) that the batch undo (import/undo.ts) writes back.
 */

export interface PostRow {
  village_id: number | null; name: string; category: string; fund_source: string | null; headcount: number; duties: string | null;
  work_time: string | null; wage_fen: number; council_date: string | null; council_record: string | null;
  status: '设立' | '撤销'; status_date: string | null;
}

/** Undefined columns take the table's default (category 乡村公益岗, status 设立, headcount 1). */
export function insertPost(ctx: Ctx, p: Partial<PostRow> & { name: string }, batchId: number | null, now: string): number {
  return insertRow(ctx, 'posts', { ...p, created_at: now, updated_at: now }, batchId);
}

/** Sets the given columns (undefined = keep); writes and audits only when a value changes. Returns whether it did. */
export function updatePost(ctx: Ctx, id: number, patch: Partial<PostRow>, batchId: number | null, now: string): boolean {
  return updateRow(ctx, 'posts', id, patch, batchId, { updated_at: now });
}
