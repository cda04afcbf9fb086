import type { Person, PersonInput } from '../../../shared/api/contract';
import { todayIso } from '../../../shared/dates';
import type { z } from 'zod';
import type { PersonQuery } from '../../../shared/api/contract';
import { validateId } from '../../../shared/idcard';
import { isValidPhone, personNameProblem } from '../../../shared/domain';
import { cleanText, stripSpaces, toHalfWidth } from '../../../shared/text';
import { AppError, notFound } from '../errors';
import type { DB } from '../db/open';
import type { Ctx } from './context';
import { insertPerson, restoreDeletedPerson, softDeletePerson, updatePerson as writePerson } from '../db/repo/persons';
import { insertHousehold, updateHousehold } from '../db/repo/households';
import { nameFullPinyin, pinyinQueryInitials } from './pinyin';
import { refreshPersonSearch, searchMatch } from './personSearch';

const SELECT = `SELECT p.id, p.id_no AS idNo, p.name, p.sex, p.birth_date AS birthDate, p.village_id AS villageId,
  v.name AS villageName, p.household_id AS householdId, h.hh_no AS householdNo, coalesce(h.hh_type, '一般户') AS householdType,
  h.monitor_category AS monitorCategory, h.risk_eliminated AS riskEliminated, h.exit_year AS exitYear,
  p.relation, p.labor_skill AS laborSkill, p.phone, p.in_roster AS inRoster, p.deleted_at AS deletedAt, p.updated_at AS updatedAt
  FROM persons p LEFT JOIN villages v ON v.id = p.village_id LEFT JOIN households h ON h.id = p.household_id`;

type Row = Omit<Person, 'riskEliminated' | 'inRoster'> & { riskEliminated: number | null; inRoster: number };
const toPerson = (r: Row): Person => ({ ...r, riskEliminated: r.riskEliminated == null ? null : !!r.riskEliminated, inRoster: !!r.inRoster });

export function getPerson(ctx: Ctx, id: number): Person {
  const r = ctx.db.prepare(`${SELECT} WHERE p.id = ?`).get(id) as Row | undefined;
  if (!r) throw notFound('人员');
  return toPerson(r);
}

export function findPersonByIdNo(db: DB, idNo: string): { id: number; name: string; deleted_at: string | null } | undefined {
  return db.prepare('SELECT id, name, deleted_at FROM persons WHERE id_no = ?').get(idNo) as never;
}

/** Sort keys the grid offers; village and household sorts use their ids' order via a subquery-free expression. */
const SORTS: Record<string, string> = {
  name: 'p.name_initials, p.name', idNo: 'p.id_no', birthDate: 'p.birth_date', updatedAt: 'p.updated_at', sex: 'p.sex',
  villageName: '(SELECT name FROM villages WHERE id = p.village_id)', householdNo: '(SELECT hh_no FROM households WHERE id = p.household_id)',
  householdType: '(SELECT hh_type FROM households WHERE id = p.household_id)',
};

/**
 * Scrolling the grid asks for page after page with the same filter: the count is kept until the
 * database changes (this connection's total_changes or another's data_version).
 */
const countCache = new WeakMap<object, { stamp: string; counts: Map<string, number> }>();
function cachedCount(ctx: Ctx, sql: string, args: unknown[]): number {
  const stamp = `${ctx.db.pragma('data_version', { simple: true })}:${(ctx.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n}`;
  let c = countCache.get(ctx.db);
  if (!c || c.stamp !== stamp) { c = { stamp, counts: new Map() }; countCache.set(ctx.db, c); }
  const key = sql + JSON.stringify(args);
  let n = c.counts.get(key);
  if (n === undefined) { n = (ctx.db.prepare(sql).get(...args) as { n: number }).n; c.counts.set(key, n); }
  return n;
}

/** Persons whose whole name in pinyin starts with the query, among those whose initials start with one of the ranges. */
function fullPinyinIds(ctx: Ctx, query: string, ranges: string[][], deleted: boolean): number[] {
  const st = ctx.db.prepare(`SELECT id, name FROM persons ${deleted ? '' : 'INDEXED BY persons_initials'}
    WHERE name_initials >= ? AND name_initials < ? AND deleted_at IS ${deleted ? 'NOT NULL' : 'NULL'}`);
  const ids: number[] = [];
  for (const [lo, hi] of ranges) {
    for (const r of st.iterate(lo, hi) as Iterable<{ id: number; name: string }>) if (nameFullPinyin(r.name).startsWith(query)) ids.push(r.id);
  }
  return [...new Set(ids)];
}

/**
 * Server-side filter, sort and paging for the persons grid (must stay fast at 100k rows): the
 * page's ids are chosen on the persons table alone, and only those 100 rows are joined.
 */
export function queryPersons(ctx: Ctx, q: z.output<typeof PersonQuery>): { rows: Person[]; total: number } {
  const where: string[] = [q.deleted ? 'p.deleted_at IS NOT NULL' : 'p.deleted_at IS NULL'];
  const args: unknown[] = [];
  const matches: string[] = [];
  const name = q.name?.trim();
  const pinyin = !!name && /^[a-z]+$/i.test(name);
  let fullPinyin = false;
  if (name) {
    if (pinyin) {
      const lo = name.toLowerCase();
      const range = (pre: string) => [pre, pre.slice(0, -1) + String.fromCharCode(pre.charCodeAt(pre.length - 1) + 1)];
      // Full pinyin (huomeilan) too: the initials it stands for narrow the candidates through the same index,
      // then each candidate's own full pinyin decides.
      const full = fullPinyinIds(ctx, lo, pinyinQueryInitials(lo).map(range), q.deleted);
      if (full.length) {
        fullPinyin = true;
        where.push('(p.name_initials >= ? AND p.name_initials < ? OR p.id IN (SELECT value FROM json_each(?)))'); args.push(...range(lo), JSON.stringify(full));
      } else { where.push('p.name_initials >= ? AND p.name_initials < ?'); args.push(...range(lo)); }
    } else {
      // The gram index narrows to candidates; instr() keeps the exact meaning (grams in order, adjacent).
      const m = searchMatch('name', name);
      if (m) matches.push(m);
      where.push('instr(p.name, ?) > 0'); args.push(name);
    }
  }
  const idNo = q.idNo ? stripSpaces(toHalfWidth(q.idNo)).toUpperCase() : '';
  if (idNo) {
    const m = searchMatch('idNo', idNo);
    if (m) matches.push(m);
    where.push('instr(p.id_no, ?) > 0'); args.push(idNo);
  }
  if (q.villageId != null) { where.push('p.village_id = ?'); args.push(q.villageId); }
  if (q.householdType) {
    where.push(q.householdType === '一般户'
      ? "(p.household_id IS NULL OR p.household_id IN (SELECT id FROM households WHERE hh_type = '一般户'))"
      : 'p.household_id IN (SELECT id FROM households WHERE hh_type = ?)');
    if (q.householdType !== '一般户') args.push(q.householdType);
  }
  if (q.monitorCategory) { where.push('p.household_id IN (SELECT id FROM households WHERE monitor_category = ?)'); args.push(q.monitorCategory); }
  const w = `WHERE ${where.join(' AND ')}`;
  const order = q.sort && SORTS[q.sort.field] ? `${SORTS[q.sort.field]} ${q.sort.dir === 'desc' ? 'DESC' : 'ASC'}, p.id` : 'p.id';
  let from: string, fromArgs: unknown[] = [], narrow: string, total: number;
  if (matches.length) {
    refreshPersonSearch(ctx.db);
    // CROSS JOIN fixes the order: candidates from the index first, then their rows by id.
    from = 'FROM (SELECT rowid AS id FROM search.person_search WHERE person_search MATCH ?) s CROSS JOIN persons p ON p.id = s.id';
    fromArgs = [matches.join(' AND ')];
    total = cachedCount(ctx, `SELECT count(*) AS n ${from} ${w}`, [...fromArgs, ...args]);
    narrow = from;
  } else {
    // Which partial index serves this filter: a range on the initials, or a scan of the narrow covering index.
    const hint = q.deleted || fullPinyin ? '' : pinyin ? 'INDEXED BY persons_initials' : name || idNo ? 'INDEXED BY persons_search' : '';
    from = `FROM persons p ${hint}`;
    total = cachedCount(ctx, `SELECT count(*) AS n ${from} ${w}`, args);
    // A substring filter matches few rows: scanning the narrow covering index and sorting the hits beats walking the table.
    narrow = pinyin || total < 20_000 ? from : 'FROM persons p';
  }
  const rows = ctx.db.prepare(`WITH page AS (SELECT p.id, row_number() OVER () AS k FROM (SELECT p.id ${narrow} ${w} ORDER BY ${order} LIMIT ? OFFSET ?) p)
    ${SELECT} JOIN page ON page.id = p.id ORDER BY page.k`).all(...fromArgs, ...args, q.limit, q.offset) as Row[];
  return { rows: rows.map(toPerson), total };
}

export interface HouseholdFields {
  householdNo: string | null;
  villageId: number | null;
  householdType: string;
  monitorCategory: string | null;
  riskEliminated: boolean | null;
  exitYear: number | null;
}

/**
 * Finds the household by 户编号 (or makes a one-person household when there is none) and brings its fields up to date.
 * A household is shared by its members, so a change made through one member's form gets its own audit row: without
 * it the 操作日志 would not show it, and undoing an import that had changed the household would overwrite the clerk.
 */
export function upsertHousehold(ctx: Ctx, h: HouseholdFields, currentId: number | null, batchId: number | null): number {
  const db = ctx.db;
  const risk = h.riskEliminated == null ? null : h.riskEliminated ? 1 : 0;
  let id: number | null = null;
  if (h.householdNo) {
    const r = db.prepare('SELECT id FROM households WHERE hh_no = ?').get(h.householdNo) as { id: number } | undefined;
    id = r?.id ?? null;
  } else if (currentId != null) {
    const r = db.prepare('SELECT id, hh_no FROM households WHERE id = ?').get(currentId) as { id: number; hh_no: string | null } | undefined;
    if (r && r.hh_no == null) id = r.id;
  }
  if (id == null) {
    return insertHousehold(ctx, { hh_no: h.householdNo, village_id: h.villageId, hh_type: h.householdType, monitor_category: h.monitorCategory,
      risk_eliminated: risk, exit_year: h.exitYear }, batchId);
  }
  updateHousehold(ctx, id, { village_id: h.villageId ?? undefined, hh_type: h.householdType, monitor_category: h.monitorCategory, risk_eliminated: risk, exit_year: h.exitYear }, batchId);
  return id;
}

/** Validates and normalizes a form submission; throws a Chinese message naming the field. */
export function normalizePersonInput(ctx: Ctx, p: PersonInput, selfId: number | null) {
  const v = validateId(p.idNo, todayIso(ctx.now()));
  if (!v.ok) throw new AppError('VALIDATION', v.message, { field: 'idNo' });
  const name = cleanText(p.name);
  if (!name) throw new AppError('VALIDATION', '姓名不能为空', { field: 'name' });
  // The importer's rule: what the form accepts, our own persons export must import back.
  const nameBad = personNameProblem(name);
  if (nameBad) throw new AppError('VALIDATION', nameBad, { field: 'name' });
  const phone = p.phone ? stripSpaces(toHalfWidth(p.phone)) : null;
  if (phone && !isValidPhone(phone)) throw new AppError('VALIDATION', `电话“${p.phone}”不是11位手机号或带区号的固定电话`, { field: 'phone' });
  const owner = findPersonByIdNo(ctx.db, v.info.id);
  if (owner && owner.id !== selfId) {
    throw new AppError('CONFLICT', `身份证号 ${v.info.id} 已登记为“${owner.name}”${owner.deleted_at ? '（在回收站中，可恢复）' : ''}，不能重复登记`, { field: 'idNo', personId: owner.id });
  }
  if (p.villageId != null && !ctx.db.prepare('SELECT 1 FROM villages WHERE id = ?').get(p.villageId)) throw notFound('村');
  const monitored = p.householdType === '监测户';
  return {
    idNo: v.info.id, name, sex: v.info.sex, birthDate: v.info.birthDate, phone,
    villageId: p.villageId, relation: p.relation?.trim() || null, laborSkill: p.laborSkill?.trim() || null,
    household: {
      householdNo: p.householdNo ? stripSpaces(toHalfWidth(p.householdNo)) || null : null,
      villageId: p.villageId, householdType: p.householdType,
      monitorCategory: monitored ? p.monitorCategory || null : null,
      riskEliminated: monitored ? p.riskEliminated : null,
      exitYear: p.householdType === '脱贫户' ? p.exitYear : null,
    } satisfies HouseholdFields,
  };
}

export function createPerson(ctx: Ctx, input: PersonInput): Person {
  const n = normalizePersonInput(ctx, input, null);
  const id = ctx.db.transaction(() => {
    const hh = upsertHousehold(ctx, n.household, null, null);
    return insertPerson(ctx, { id_no: n.idNo, name: n.name, sex: n.sex, birth_date: n.birthDate, household_id: hh, village_id: n.villageId,
      relation: n.relation, labor_skill: n.laborSkill, phone: n.phone });
  })();
  return getPerson(ctx, id);
}

export function updatePerson(ctx: Ctx, input: PersonInput & { id: number }): Person {
  const before = getPerson(ctx, input.id);
  const n = normalizePersonInput(ctx, input, input.id);
  ctx.db.transaction(() => {
    const hh = upsertHousehold(ctx, n.household, before.householdId, null);
    writePerson(ctx, input.id, { id_no: n.idNo, name: n.name, sex: n.sex, birth_date: n.birthDate, household_id: hh, village_id: n.villageId,
      relation: n.relation, labor_skill: n.laborSkill, phone: n.phone });
  })();
  return getPerson(ctx, input.id);
}

export function deletePerson(ctx: Ctx, id: number): void {
  const before = getPerson(ctx, id);
  if (before.deletedAt) return;
  ctx.db.transaction(() => {
    softDeletePerson(ctx, id);
  })();
}

export function restorePerson(ctx: Ctx, id: number): Person {
  getPerson(ctx, id);
  ctx.db.transaction(() => {
    restoreDeletedPerson(ctx, id);
  })();
  return getPerson(ctx, id);
}
