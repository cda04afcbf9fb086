import type { Ctx } from '../../services/context';
import { audit } from '../../services/audit';
import { stmt } from '../statements';
import { insertRow } from './rows';

/**
 * The one place 公示 records are written (print/index.ts recordGongshi): the record of a posted 公示 and
 * the appointments it listed (gongshi_items, which P10 reads), each row with its audit row in the one
 * shape: the whole row under the column names.
 */

export interface GongshiRecordRow { kind: string; village_id: number | null; scope: string; start_date: string; end_date: string; days: number }

export function insertGongshiRecord(ctx: Ctx, g: GongshiRecordRow, now: string): number {
  return insertRow(ctx, 'gongshi_records', { ...g, created_at: now });
}

/**
 * Adds the appointments a 公示 listed that it does not list yet; one audit row each, logged under
 * record_id = appointment_id (the holder 操作日志 names). Returns the ones added.
 */
export function addGongshiItems(ctx: Ctx, gongshiId: number, appointmentIds: number[]): number[] {
  const ins = stmt(ctx.db, 'INSERT OR IGNORE INTO gongshi_items (gongshi_id, appointment_id) VALUES (?, ?)');
  const added = appointmentIds.filter((a) => ins.run(gongshiId, a).changes > 0);
  for (const a of added) audit(ctx, { action: 'create', table: 'gongshi_items', recordId: a, after: { gongshi_id: gongshiId, appointment_id: a } });
  return added;
}
