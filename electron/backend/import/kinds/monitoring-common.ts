import type { DB } from '../../db/open';
import { stripSpaces, toHalfWidth } from '../../../../shared/text';
import { parseDate } from '../../../../shared/dates';
import type { FieldSpec } from '../header';
import { missingColumnsMessage } from './fields';
import type { FileContext, KindDef } from './types';

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

/**
 * What the kinds read from the national system's per-person downloads (监测对象信息, 已外出务工信息) share:
 * one row per person, the file named once for the missing-column message, and the download's 导出时间 read
 * from its title lines for every row (the year an income belongs to, the day the work was reported).
 */
export function personDownload(kind: string, label: string, fields: FieldSpec[]): Pick<KindDef<unknown>, 'kind' | 'label' | 'unit' | 'fields' | 'missingMessage' | 'prepare'> {
  return {
    kind, label, unit: '人', fields,
    missingMessage: (missing, found) => missingColumnsMessage(label, missing, found),
    prepare: (_ctx, file) => withReportDate(file),
  };
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

/** Shown values: null and undefined as empty. */
export const shown = (v: unknown) => (v == null ? '' : String(v));

/** Adds a change when the file has the column (not undefined) and its value differs; an empty cell erases only where `erase`. */
export function changeIf(out: { field: string; before: string; after: string }[], field: string, after: unknown, before: unknown, erase = false, show = shown) {
  if (after === undefined) return;
  if (after === null && !erase) return;
  if ((after ?? null) !== (before ?? null)) out.push({ field, before: show(before), after: show(after) });
}
