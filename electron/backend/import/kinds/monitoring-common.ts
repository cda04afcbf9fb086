import type { DB } from '../../db/open';
import type { Ctx } from '../../services/context';
import { stripSpaces, toHalfWidth } from '../../../../shared/text';
import { parseDate } from '../../../../shared/dates';
import type { FileContext } from './types';

/** The monitoring kinds' file context: the date the download or ledger was made (导出时间/填报时间 in the title). */
export interface DatedFile extends FileContext { reportDate?: string }

/** Reads 导出时间：2023-10-11 09:32:15 / 填报时间：2023年10月11日 from the lines above the header. */
export function withReportDate(file: FileContext): DatedFile {
  for (const line of file.titleLines) {
    const s = stripSpaces(toHalfWidth(line));
    const m = /(?:导出|填报|统计|截止)(?:时间|日期)?[:：]?(\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?)/.exec(s);
    const d = m ? parseDate(m[1]) : null;
    if (d) return { ...file, reportDate: d };
  }
  return file;
}

export interface HouseholdHit { householdId: number; headPersonId: number | null; headIdNo: string | null }

/**
 * The ledger household a row of the cases ledger or the visit record is about: by 户编号, else by
 * the 户主's 身份证号 (any member's ID finds the household). Undefined when neither is in the ledger.
 */
export function householdFinder(db: DB): (householdNo: string | null | undefined, idNo: string | null | undefined) => HouseholdHit | undefined {
  const byNo = db.prepare('SELECT id FROM households WHERE hh_no = ?');
  const byId = db.prepare('SELECT household_id AS id FROM persons WHERE id_no = ? AND household_id IS NOT NULL');
  const head = db.prepare(`SELECT id, id_no AS idNo FROM persons WHERE household_id = ? AND deleted_at IS NULL
    ORDER BY relation = '户主' DESC, id LIMIT 1`);
  return (householdNo, idNo) => {
    const h = ((householdNo ? byNo.get(householdNo) : undefined) ?? (idNo ? byId.get(idNo) : undefined)) as { id: number } | undefined;
    if (!h) return undefined;
    const p = head.get(h.id) as { id: number; idNo: string } | undefined;
    return { householdId: h.id, headPersonId: p?.id ?? null, headIdNo: p?.idNo ?? null };
  };
}

/**
 * Undo of the monitoring tables a batch touched: updates and deletes restored from the audit
 * rows' before (newest first, so the oldest before wins), then the rows the batch created removed.
 * `tables` lists children before parents.
 */
export function undoMonitoringTables(ctx: Ctx, batchId: number, tables: { name: string; pk: string }[]) {
  const db = ctx.db;
  const pkOf = new Map(tables.map((t) => [t.name, t.pk]));
  const marks = tables.map(() => '?').join(',');
  const entries = db.prepare(`SELECT table_name, action, before_json FROM audit_log WHERE batch_id = ? AND table_name IN (${marks})
    AND action IN ('update', 'delete') ORDER BY id DESC`).all(batchId, ...tables.map((t) => t.name)) as { table_name: string; action: string; before_json: string }[];
  for (const e of entries) {
    const b = JSON.parse(e.before_json) as Record<string, unknown>;
    const pk = pkOf.get(e.table_name)!;
    const cols = Object.keys(b);
    if (e.action === 'update') {
      db.prepare(`UPDATE ${e.table_name} SET ${cols.filter((k) => k !== pk).map((k) => `${k} = @${k}`).join(', ')} WHERE ${pk} = @${pk}`).run(b);
    } else {
      db.prepare(`INSERT INTO ${e.table_name} (${cols.join(', ')}) VALUES (${cols.map((k) => `@${k}`).join(', ')})`).run(b);
    }
  }
  for (const t of tables) db.prepare(`DELETE FROM ${t.name} WHERE created_batch_id = ?`).run(batchId);
}

/** Shown values: null and undefined as empty. */
export const shown = (v: unknown) => (v == null ? '' : String(v));

/** Adds a change when the file has the column (not undefined) and its value differs; an empty cell erases only where `erase`. */
export function changeIf(out: { field: string; before: string; after: string }[], field: string, after: unknown, before: unknown, erase = false, show = shown) {
  if (after === undefined) return;
  if (after === null && !erase) return;
  if ((after ?? null) !== (before ?? null)) out.push({ field, before: show(before), after: show(after) });
}
