import type { Ctx } from '../../services/context';
import { nowLocal } from '../../services/context';
import { auditRecord, insertIsPlain } from '../../services/audit';
import { nameInitials } from '../../services/pinyin';
import { insertHousehold } from './households';
import { stmt } from '../statements';
import { restoreRow, softDeleteRow, updateRow, type RowValues } from './rows';

/**
 * The one place persons are written: the persons form, every import kind and the workshops service
 * insert, update and soft-delete through here; each write leaves the one audit shape (whole rows under
 * the column names, with the import batch) that the batch undo (import/undo.ts) writes back.
 */

export interface PersonRow {
  id_no: string; name: string; sex: string | null; birth_date: string | null; household_id: number | null; village_id: number | null;
  relation: string | null; labor_skill: string | null; phone: string | null; in_roster: number; person_no: string | null; deleted_at: string | null;
}

const INSERT_KEYS = ['id_no', 'name', 'name_initials', 'sex', 'birth_date', 'household_id', 'village_id', 'relation', 'labor_skill', 'phone', 'in_roster',
  'created_batch_id', 'created_at', 'updated_at'] as const;
const INSERT_SQL = `INSERT INTO persons (${INSERT_KEYS.join(', ')}) VALUES (${INSERT_KEYS.map(() => '?').join(', ')})`;

export function insertPerson(ctx: Ctx, p: Partial<PersonRow> & { id_no: string; name: string }, batchId: number | null = null, now = nowLocal(ctx.now())): number {
  const values = [p.id_no, p.name, nameInitials(p.name), p.sex ?? null, p.birth_date ?? null, p.household_id ?? null, p.village_id ?? null, p.relation ?? null,
    p.labor_skill ?? null, p.phone ?? null, p.in_roster ?? 1, batchId, now, now];
  const id = Number(stmt(ctx.db, INSERT_SQL).run(values).lastInsertRowid);
  auditRecord(ctx, 'create', 'persons', id, null, batchId, insertIsPlain(ctx.db, 'persons', INSERT_KEYS, values));
  return id;
}

/**
 * Sets the given columns (the name's initials follow the name); writes and audits only when a value
 * really changes, updated_at then set too (rows.updateRow, as every other table): a form saved without
 * edits or an unchanged re-import leaves no trace. Returns whether it wrote.
 */
export function updatePerson(ctx: Ctx, id: number, patch: Partial<PersonRow>, batchId: number | null = null, now = nowLocal(ctx.now())): boolean {
  const cols: RowValues = { ...patch };
  if (typeof patch.name === 'string') cols.name_initials = nameInitials(patch.name);
  return updateRow(ctx, 'persons', id, cols, batchId, { updated_at: now });
}

/**
 * A person a posts roster, loan ledger or workshop file names who is not on the county roster: added
 * marked 不在名单 (in_roster = 0) for P11/L05 to report, in a household of their own when the file says
 * which village or household type (posts, loans); a workshop's worker gets no household.
 */
export function addOutsider(ctx: Ctx, o: { idNo: string; name: string; sex: string | null; birthDate: string | null; phone?: string | null;
  household?: { villageId: number | null; type: string } }, batchId: number | null, now = nowLocal(ctx.now())): number {
  const household_id = o.household ? insertHousehold(ctx, { village_id: o.household.villageId, hh_type: o.household.type }, batchId) : null;
  return insertPerson(ctx, { id_no: o.idNo, name: o.name, sex: o.sex, birth_date: o.birthDate, household_id, village_id: o.household?.villageId ?? null,
    phone: o.phone ?? null, in_roster: 0 }, batchId, now);
}

/** Into the 回收站: the row stays (loans, posts and workshops still name the person), marked deleted. */
export function softDeletePerson(ctx: Ctx, id: number, now = nowLocal(ctx.now())): void {
  softDeleteRow(ctx, 'persons', id, now, { updated_at: now });
}

/** Out of the 回收站. */
export function restoreDeletedPerson(ctx: Ctx, id: number, now = nowLocal(ctx.now())): void {
  restoreRow(ctx, 'persons', id, { updated_at: now });
}
