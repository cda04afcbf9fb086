// How one row of a 人员名单 becomes a person record: no database here, so the reader thread can
// parse a large roster's rows while it reads on (import/read-worker.ts), as the main thread can.
import { HOUSEHOLD_TYPES, MONITOR_CATEGORIES, isValidPhone, personNameProblem } from '../../../../shared/domain';
import { PERSON_FIELDS } from '../../../../shared/importColumns';
import { coerceText } from '../coerce';
import { rowReader } from './fields';
import type { ParsedRow, RowAccess, RowKind, RowProblem } from './types';

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

export const FIELD_LABEL = Object.fromEntries(PERSON_FIELDS.map((f) => [f.key, f.label]));
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
    householdNo: r.digits('householdNo'),
    householdType: ht.type ?? (row.has('householdType') ? null : undefined),
    monitorCategory, riskEliminated, exitYear, householdSize,
    relation: r.text('relation', 20), laborSkill: r.text('laborSkill', 20), phone,
  };
  return { record: problems.length ? null : rec, problems: problems.slice(), damagedId };
}


/** The part of the persons kind the reader thread runs. */
export const personsRowKind: RowKind<PersonRecord> = {
  kind: 'persons',
  fields: PERSON_FIELDS,
  parseRow: parsePersonRow,
  key: (r) => r.idNo,
  label_: (r) => `${r.name} ${r.idNo}`,
};
