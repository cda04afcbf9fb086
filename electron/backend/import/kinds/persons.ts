import { HOUSEHOLD_TYPES, MONITOR_CATEGORIES, isValidPhone, personNameProblem } from '../../../../shared/domain';
import type { Ctx } from '../../services/context';
import { nowLocal } from '../../services/context';
import { audit, bulkCreateAudit } from '../../services/audit';
import { insertPerson, updatePerson } from '../../db/repo/persons';
import { insertHousehold, updateHousehold } from '../../db/repo/households';
import { withIndexesRebuilt, withPageCache } from '../../db/repo/rows';
import { getSettings } from '../../services/settings';
import { coerceText } from '../coerce';
import { duplicateMessages, rowReader, missingColumnsMessage } from './fields';
import { PERSON_FIELDS } from '../../../../shared/importColumns';
import type { Existing, KindDef, ParsedRow, RowAccess, RowProblem, Suggestion } from './types';
import { villageResolver } from '../../services/villages';

export interface PersonRecord {
  idNo: string;
  name: string;
  sex: string;
  birthDate: string;
  county?: string | null;
  township?: string | null;
  village?: string | null;
  householdNo?: string | null;
  householdType?: string | null;
  monitorCategory?: string | null;
  riskEliminated?: boolean | null;
  exitYear?: number | null;
  householdSize?: number | null;
  relation?: string | null;
  laborSkill?: string | null;
  phone?: string | null;
}

const FIELD_LABEL = Object.fromEntries(PERSON_FIELDS.map((f) => [f.key, f.label]));
const EMPTY_MARKS = new Set(['无', '/', '-', '—', '暂无', '空']);

function householdType(v: string | null): { type?: string; category?: string; error?: string } {
  if (!v) return {};
  if ((HOUSEHOLD_TYPES as readonly string[]).includes(v)) return { type: v };
  if (/^脱贫/.test(v) && !/不稳定/.test(v)) return { type: '脱贫户' };
  if ((MONITOR_CATEGORIES as readonly string[]).includes(v)) return { type: '监测户', category: v };
  if (/监测/.test(v)) return { type: '监测户' };
  if (/^一般|^非/.test(v)) return { type: '一般户' };
  return { error: `户类型“${v}”无法识别，应为 脱贫户、监测户 或 一般户` };
}

/**
 * One typed reader for every row: rowReader builds a dozen closures, and building them again for
 * each of 100k rows was a good part of staging a large roster. It reads through `current`, the row
 * being parsed, and collects into `found`, emptied per row (parsing is synchronous, never nested).
 */
const reading = {
  current: null as RowAccess | null,
  found: [] as RowProblem[],
  get(f: string) { return reading.current!.get(f); },
  has(f: string) { return reading.current!.has(f); },
  header(f: string) { return reading.current!.header(f); },
  get file() { return reading.current!.file; },
};
const reader = rowReader(reading, FIELD_LABEL, reading.found);

export function parsePersonRow(row: RowAccess, idOverride?: string): ParsedRow<PersonRecord> {
  reading.current = row;
  reading.found.length = 0;
  try { return parseWith(row, reader, reading.found, idOverride); } finally { reading.current = null; }
}

function parseWith(row: RowAccess, r: typeof reader, found: RowProblem[], idOverride?: string): ParsedRow<PersonRecord> {
  const problems = found;
  const nameRaw = coerceText(row.get('name') ?? null, 30);
  let name: string | null = null;
  if (!nameRaw.ok) problems.push({ field: 'name', message: `姓名过长（${String(row.get('name')).length} 个字符），不像是姓名，请核对这一格` });
  else if (!nameRaw.value) problems.push({ field: 'name', message: '缺少姓名' });
  else {
    name = /\s/.test(nameRaw.value) ? nameRaw.value.replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, '') : nameRaw.value;
    const bad = personNameProblem(name);
    if (bad) { problems.push({ field: 'name', message: bad }); name = null; }
  }
  const { idNo, sex, birthDate, damagedId } = r.id(name, idOverride);
  const ht = householdType(r.text('householdType', 20) ?? null);
  if (ht.error) problems.push({ field: 'householdType', message: ht.error });
  const exitYear = r.int('exitYear');
  if (exitYear != null && (exitYear < 2013 || exitYear > 2100)) problems.push({ field: 'exitYear', message: `脱贫年度 ${exitYear} 不合理（应在2013年以后）` });
  const householdSize = r.int('householdSize');
  const riskEliminated = r.bool('riskEliminated');
  let phone = r.phone('phone');
  if (phone && EMPTY_MARKS.has(phone)) phone = null;
  if (phone && !isValidPhone(phone)) problems.push({ field: 'phone', message: `联系电话“${phone}”不是11位手机号或带区号的固定电话` });
  let monitorCategory = r.text('monitorCategory', 20);
  if (ht.category && !monitorCategory) monitorCategory = ht.category;
  if (monitorCategory && !(MONITOR_CATEGORIES as readonly string[]).includes(monitorCategory)) {
    problems.push({ field: 'monitorCategory', message: `监测对象类别“${monitorCategory}”应为 ${MONITOR_CATEGORIES.join('、')} 之一` });
  }
  const rec: PersonRecord = {
    idNo, name: name ?? '', sex, birthDate,
    county: r.text('county'), township: r.text('township'), village: r.text('village'),
    householdNo: r.householdNo(),
    householdType: ht.type ?? (row.has('householdType') ? null : undefined),
    monitorCategory, riskEliminated, exitYear, householdSize,
    relation: r.text('relation', 20), laborSkill: r.text('laborSkill', 20), phone,
  };
  return { record: problems.length ? null : rec, problems: problems.slice(), damagedId };
}

/** What the database holds for a person, in the importer's terms. */
interface Snapshot {
  id: number; idNo: string; name: string; village: string | null; householdNo: string | null; householdType: string | null;
  monitorCategory: string | null; riskEliminated: number | null; exitYear: number | null; householdSize: number | null;
  relation: string | null; laborSkill: string | null; phone: string | null; deletedAt: string | null; inRoster: number;
}

const COMPARED: (keyof PersonRecord & keyof Snapshot)[] = ['name', 'village', 'householdNo', 'householdType', 'monitorCategory', 'riskEliminated', 'exitYear', 'householdSize', 'relation', 'laborSkill', 'phone'];

const show = (v: unknown) => (v == null ? '' : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));
const norm = (k: string, v: unknown) => (k === 'riskEliminated' && v != null ? (v ? 1 : 0) : v ?? null);

function effective(r: PersonRecord): PersonRecord {
  // A household that is no longer 监测户 has no 监测类别.
  if (r.householdType && r.householdType !== '监测户') return { ...r, monitorCategory: r.monitorCategory === undefined ? undefined : null, riskEliminated: r.riskEliminated === undefined ? undefined : null };
  return r;
}

function diff(r: PersonRecord, s: Snapshot) {
  const changes: { field: string; before: string; after: string }[] = [];
  const e = effective(r);
  for (const k of COMPARED) {
    const after = e[k];
    if (after === undefined) continue; // column not in this file
    if (after === null && s[k] != null && k !== 'monitorCategory' && k !== 'riskEliminated') continue; // an empty cell never erases what we have
    if (norm(k, after) !== norm(k, s[k])) changes.push({ field: FIELD_LABEL[k] ?? k, before: show(k === 'riskEliminated' && s[k] != null ? !!s[k] : s[k]), after: show(after) });
  }
  if (s.deletedAt) changes.push({ field: '状态', before: '在回收站', after: '恢复' });
  // Someone first met on a post roster or a loan ledger is now in the county's own roster.
  if (!s.inRoster) changes.push({ field: '县级名单', before: '不在名单', after: '在名单' });
  return changes;
}

const SNAPSHOT_SQL = `SELECT p.id, p.id_no AS idNo, p.name, v.name AS village, h.hh_no AS householdNo, h.hh_type AS householdType,
  h.monitor_category AS monitorCategory, h.risk_eliminated AS riskEliminated, h.exit_year AS exitYear, h.size AS householdSize,
  p.relation, p.labor_skill AS laborSkill, p.phone, p.deleted_at AS deletedAt, p.in_roster AS inRoster
  FROM persons p LEFT JOIN villages v ON v.id = p.village_id LEFT JOIN households h ON h.id = p.household_id`;

export const personsKind: KindDef<PersonRecord> = {
  kind: 'persons',
  label: '人员名单',
  unit: '人',
  fields: PERSON_FIELDS,
  missingMessage: (missing, found) => missingColumnsMessage('人员名单', missing, found, (f) => f.label === '证件号码' ? '身份证号' : f.label),
  parseRow: parsePersonRow,
  key: (r) => r.idNo,
  label_: (r) => `${r.name} ${r.idNo}`,
  display: (r) => {
    const out: Record<string, string> = {};
    for (const f of PERSON_FIELDS) {
      const v = (r as unknown as Record<string, unknown>)[f.key];
      if (v !== undefined && f.key !== 'seq') out[f.label] = show(v);
    }
    return out;
  },
  duplicateMessage: (rows) => duplicateMessages(rows,
    (x, others) => `身份证号 ${x.record.idNo} 与${others}相同，但内容不同。同一身份证号只能对应一个人，请核对后只保留正确的一行`, (r) => r.name),
  compare(ctx, records) {
    const byId = new Map<string, Snapshot>();
    const stmt = ctx.db.prepare(`${SNAPSHOT_SQL} WHERE p.id_no = ?`);
    if (records.length > 2000) for (const s of ctx.db.prepare(SNAPSHOT_SQL).iterate() as Iterable<Snapshot>) byId.set(s.idNo, s);
    return (r) => {
      const s = records.length > 2000 ? byId.get(r.idNo) : (stmt.get(r.idNo) as Snapshot | undefined);
      if (!s) return null;
      return { id: s.id, changes: diff(r, s) } satisfies Existing;
    };
  },
  commit(ctx, rows, batchId) {
    const db = ctx.db;
    const villageId = villageResolver(ctx, batchId);
    const findHh = db.prepare('SELECT * FROM households WHERE hh_no = ?');
    // The first roster into an empty ledger: a 户编号 not met yet in this batch (seenHh) is nowhere, no need to look.
    const noHouseholdsBefore = !db.prepare('SELECT 1 FROM households LIMIT 1').get();
    const hhById = db.prepare('SELECT * FROM households WHERE id = ?');
    const seenHh = new Map<string, number>();
    type HhRow = { id: number; hh_no: string | null; village_id: number | null; hh_type: string; monitor_category: string | null; risk_eliminated: number | null; exit_year: number | null; size: number | null };
    const pick = <T>(v: T | undefined, old: T | null): T | null => (v === undefined || v === null ? old : v);

    /** The household a record belongs to; its fields are updated once per batch (the first row wins). */
    const household = (r: PersonRecord, currentId: number | null, vId: number | null): number => {
      const no = r.householdNo ?? null;
      if (no && seenHh.has(no)) return seenHh.get(no)!;
      let h = (no ? (noHouseholdsBefore ? undefined : findHh.get(no)) : currentId != null ? hhById.get(currentId) : undefined) as HhRow | undefined;
      if (h && !no && h.hh_no != null && r.householdNo !== undefined) h = undefined;
      const e = effective(r);
      if (!h) {
        const id = insertHousehold(ctx, { hh_no: no, village_id: vId, hh_type: e.householdType ?? '一般户', monitor_category: e.monitorCategory ?? null,
          risk_eliminated: e.riskEliminated == null ? null : e.riskEliminated ? 1 : 0, exit_year: e.exitYear ?? null, size: e.householdSize ?? null }, batchId);
        if (no) seenHh.set(no, id);
        return id;
      }
      const nextType = pick(e.householdType, h.hh_type)!;
      const monitored = nextType === '监测户';
      const next = {
        village_id: vId ?? h.village_id, hh_type: nextType,
        monitor_category: monitored ? pick(e.monitorCategory, h.monitor_category) : null,
        risk_eliminated: monitored ? pick(e.riskEliminated == null ? e.riskEliminated : e.riskEliminated ? 1 : 0, h.risk_eliminated) : null,
        exit_year: pick(e.exitYear, h.exit_year), size: pick(e.householdSize, h.size),
      };
      updateHousehold(ctx, h.id, next, batchId);
      if (no) seenHh.set(no, h.id);
      return h.id;
    };

    const now = nowLocal(ctx.now());
    const getP = db.prepare('SELECT * FROM persons WHERE id = ?');
    let inserted = 0, updated = 0;
    const townships = new Set<string>(), counties = new Set<string>();
    // The creation audit rows of the batch's persons and households are written together at the end (one per record).
    const adding = rows.reduce((n, s) => n + (s.category === 'new' ? 1 : 0), 0);
    const bigBatch = <T>(fn: () => T) => (rows.length >= 10_000 ? withPageCache(ctx, 16 * 1024, fn) : fn());
    bigBatch(() => bulkCreateAudit(ctx, batchId, () => withIndexesRebuilt(ctx, 'persons', adding, () => {
      for (const s of rows) {
        const r = s.record!;
        if (r.county) counties.add(r.county);
        if (r.township) townships.add(r.township);
        if (s.category === 'new') {
          const vId = villageId(r.village);
          const hh = household(r, null, vId);
          insertPerson(ctx, { id_no: r.idNo, name: r.name, sex: r.sex, birth_date: r.birthDate, household_id: hh, village_id: vId, relation: r.relation ?? null,
            labor_skill: r.laborSkill ?? null, phone: r.phone ?? null }, batchId, now);
          inserted++;
        } else if (s.category === 'changed') {
          const before = getP.get(s.existingId) as Record<string, unknown> & { village_id: number | null; household_id: number | null };
          const vId = r.village ? villageId(r.village) : before.village_id;
          const hh = household(r, before.household_id, vId);
          const name = r.name || (before.name as string);
          updatePerson(ctx, s.existingId!, { name, household_id: hh, village_id: vId, relation: pick(r.relation, before.relation as string | null),
            labor_skill: pick(r.laborSkill, before.labor_skill as string | null), phone: pick(r.phone, before.phone as string | null), deleted_at: null, in_roster: 1 }, batchId);
          updated++;
        }
      }
    })));
    const st = getSettings(ctx);
    const patch: Record<string, string> = {};
    if (!st.county && counties.size === 1) patch.county = [...counties][0];
    if (!st.township && townships.size === 1) patch.township = [...townships][0];
    if (Object.keys(patch).length) fillSettings(ctx, patch, batchId);
    return { inserted, updated };
  },
  // commit inserts its 'new' rows in this order, with these values, and no other person.
  newPersons(rows) {
    const names: string[] = [], idNos: string[] = [];
    for (const s of rows) if (s.category === 'new') { names.push(s.record!.name); idNos.push(s.record!.idNo); }
    return { names, idNos };
  },
  suggest(ctx, damaged): Suggestion | undefined {
    if (!damaged.name || damaged.digits.length < 6) return undefined;
    // Excel keeps 15 significant digits and may round the last one: match on 14.
    const prefix = damaged.digits.slice(0, Math.min(14, damaged.digits.length));
    const hits = ctx.db.prepare("SELECT id, id_no AS idNo, name FROM persons WHERE name = ? AND id_no LIKE ? || '%' AND deleted_at IS NULL LIMIT 2").all(damaged.name, prefix) as { id: number; idNo: string; name: string }[];
    return hits.length === 1 ? { personId: hits[0].id, idNo: hits[0].idNo, name: hits[0].name } : undefined;
  },
  // The township and county the file filled in go back with the batch (unless changed since).
  undo: (ctx, batchId) => unfillSettings(ctx, batchId),
};

const readSetting = (ctx: Ctx, key: string) => (ctx.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;

/** Empty settings the file names (county, township), with the batch's audit row (before null: the setting had no row). */
function fillSettings(ctx: Ctx, patch: Record<string, string>, batchId: number) {
  const before: Record<string, unknown> = {};
  const put = ctx.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  for (const [k, v] of Object.entries(patch)) { const raw = readSetting(ctx, k); before[k] = raw === null ? null : JSON.parse(raw); put.run(k, JSON.stringify(v)); }
  audit(ctx, { action: 'update', table: 'settings', recordId: null, before, after: patch, batchId });
}

/** Undo of fillSettings: each value the batch wrote and nobody changed since goes back (or away). */
export function unfillSettings(ctx: Ctx, batchId: number) {
  for (const e of ctx.db.prepare("SELECT before_json, after_json FROM audit_log WHERE batch_id = ? AND table_name = 'settings' ORDER BY id DESC").all(batchId) as { before_json: string; after_json: string }[]) {
    const before = JSON.parse(e.before_json) as Record<string, unknown>, after = JSON.parse(e.after_json) as Record<string, unknown>;
    for (const [k, v] of Object.entries(before)) {
      if (readSetting(ctx, k) !== JSON.stringify(after[k])) continue;
      if (v === null) ctx.db.prepare('DELETE FROM settings WHERE key = ?').run(k);
      else ctx.db.prepare('UPDATE settings SET value = ? WHERE key = ?').run(JSON.stringify(v), k);
    }
  }
}
