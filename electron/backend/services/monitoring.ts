import { DEADLINE_PROFILES, caseDeadlines, isWorkingAge, laborClass, measureTypeOf, natureOf, type DeadlineState } from '../../../shared/monitoring';
import type { Ctx } from './context';
import { runCached, versionCached } from './runCache';
import { getSettings } from './settings';

/** A 监测户 with what the monitoring rules, the stats and the page need. */
export interface MonitoredHousehold {
  id: number;
  householdNo: string | null;
  village: string | null;
  category: string | null;
  riskEliminated: number | null;
  /** 1: a 监测户; 0: a household with a new case still being identified (not yet a 监测户). */
  monitored: number;
  identifiedMonth: string | null;
  eliminatedMonth: string | null;
  eliminationMethod: string | null;
  risks: string | null;
  headPersonId: number | null;
  headIdNo: string;
  headName: string;
  members: { id: number; idNo: string; name: string; birthDate: string | null; laborSkill: string | null }[];
}

export function monitoredHouseholds(ctx: Ctx): MonitoredHousehold[] {
  // M01, M02 and M06 each read every 监测户: once per run of the checks (runCache).
  // The list depends on no date: kept while the data stays at one version (概览, the page and the rules between two writes).
  return runCached(ctx.db, 'monitoring.households', () => versionCached(ctx.db, 'monitoring.households', () => loadMonitoredHouseholds(ctx)));
}

const HOUSEHOLDS_SQL = `SELECT h.id, h.hh_no, v.name, h.monitor_category, h.risk_eliminated, (h.hh_type = '监测户'),
    m.identified_month, m.eliminated_month, m.elimination_method, m.risks
  FROM households h LEFT JOIN villages v ON v.id = h.village_id LEFT JOIN monitor_households m ON m.household_id = h.id
  WHERE h.hh_type = '监测户' OR h.id IN (SELECT household_id FROM monitor_cases) ORDER BY v.name, h.hh_no, h.id`;
const MEMBERS_SQL = `SELECT p.household_id, p.id, p.id_no, p.name, p.birth_date, p.labor_skill
  FROM households h CROSS JOIN persons p ON p.household_id = h.id WHERE (h.hh_type = '监测户' OR h.id IN (SELECT household_id FROM monitor_cases))
  AND p.deleted_at IS NULL ORDER BY p.relation = '户主' DESC, p.id`;
type HouseholdCells = [number, string | null, string | null, string | null, number | null, number, string | null, string | null, string | null, string | null];
type MemberCells = [number, number, string, string, string | null, string | null];

function loadMonitoredHouseholds(ctx: Ctx): MonitoredHousehold[] {
  // Households of the cases ledger come too: a risk found in a 脱贫户 or 一般户 is followed from 发现, before 认定 makes it a 监测户.
  // Rows read as arrays (raw) and built once: at county size (8k 监测户, 25k members) the named-column
  // rows and the spread copy of every household were half of what 概览 and stats spent here.
  const members = new Map<number, MonitoredHousehold['members']>();
  for (const r of ctx.db.prepare(MEMBERS_SQL).raw().all() as MemberCells[]) {
    const m = { id: r[1], idNo: r[2], name: r[3], birthDate: r[4], laborSkill: r[5] };
    const list = members.get(r[0]);
    if (list) list.push(m); else members.set(r[0], [m]);
  }
  return (ctx.db.prepare(HOUSEHOLDS_SQL).raw().all() as HouseholdCells[]).map((r) => {
    const m = members.get(r[0]) ?? [];
    const head = m.length ? m[0] : null; // 户主 first, else the lowest id
    return {
      id: r[0], householdNo: r[1], village: r[2], category: r[3], riskEliminated: r[4], monitored: r[5],
      identifiedMonth: r[6], eliminatedMonth: r[7], eliminationMethod: r[8], risks: r[9],
      headPersonId: head ? head.id : null, headIdNo: head ? head.idNo : '', headName: head ? head.name : '', members: m,
    };
  });
}

/** Monitored at asOf: a 监测户 identified in or before asOf's month (one without a 识别监测时间 counts). */
export const monitoredAt = (h: MonitoredHousehold, asOf: string) => h.monitored === 1 && (!h.identifiedMonth || h.identifiedMonth <= asOf.slice(0, 7));

/** Risk eliminated at asOf: marked 已消除 and its 消除监测时间 (when known) not after asOf's month. */
export const eliminatedAt = (h: MonitoredHousehold, asOf: string) => h.riskEliminated === 1 && (!h.eliminatedMonth || h.eliminatedMonth <= asOf.slice(0, 7));

export const openAt = (h: MonitoredHousehold, asOf: string) => monitoredAt(h, asOf) && !eliminatedAt(h, asOf);

export type CoverageKind = '公益岗位' | '帮扶车间' | '小额信贷' | '帮扶措施' | '工作台账';

/**
 * Which households have a development measure at asOf, and of what kind: a post held (在岗), a
 * workshop job not ended, a loan issued and not repaid (one 已结清 without its day: not past its due date), a 开发式 measure recorded (download or
 * by hand) and in force, or a 开发式 measure of the cases ledger carried out by asOf.
 */
export function developmentCoverage(ctx: Ctx, asOf: string): Map<number, Set<CoverageKind>> {
  // M01, the stats and 概览 (twice) each ask for it: once per run (runCache), read-only for callers.
  return runCached(ctx.db, `monitoring.coverage:${asOf}`, () => loadCoverage(ctx, asOf));
}

function loadCoverage(ctx: Ctx, asOf: string): Map<number, Set<CoverageKind>> {
  const out = new Map<number, Set<CoverageKind>>();
  const add = (hh: number, k: CoverageKind) => (out.get(hh) ?? out.set(hh, new Set()).get(hh)!).add(k);
  const db = ctx.db;
  const ids = (sql: string) => (db.prepare(sql).all({ asOf }) as { hh: number }[]).map((r) => r.hh);
  // CROSS JOIN keeps the (few) appointments and employments outside: otherwise SQLite walks all 100k persons by household.
  for (const hh of ids(`SELECT DISTINCT p.household_id AS hh FROM appointments a CROSS JOIN persons p ON p.id = a.person_id
      WHERE p.household_id IS NOT NULL AND a.start_date <= @asOf AND (a.exit_date IS NULL OR a.exit_date > @asOf)
      AND (a.status = '在岗' OR (a.status = '离岗' AND a.exit_date > @asOf))`)) add(hh, '公益岗位');
  for (const hh of ids(`SELECT DISTINCT p.household_id AS hh FROM employments e CROSS JOIN persons p ON p.id = e.person_id
      WHERE p.household_id IS NOT NULL AND e.start_date <= @asOf AND (e.end_date IS NULL OR e.end_date >= @asOf)`)) add(hh, '帮扶车间');
  // A loan 已结清 on a day the ledger does not know was repaid by its due date at the latest (as the 贴息
  // ceiling takes it): until then the ledger cannot say the household had no loan, and M01 is an error.
  for (const hh of ids(`SELECT DISTINCT p.household_id AS hh FROM loans l JOIN persons p ON p.id = l.person_id
      WHERE p.household_id IS NOT NULL AND l.deleted_at IS NULL AND l.issue_date <= @asOf
      AND (l.status <> '已结清' OR (l.settled_date IS NOT NULL AND l.settled_date > @asOf)
        OR (l.settled_date IS NULL AND coalesce(l.extended_due_date, l.due_date) >= @asOf))`)) add(hh, '小额信贷');
  for (const hh of ids(`SELECT DISTINCT household_id AS hh FROM monitor_measures WHERE nature = '开发式'
      AND (start_date IS NULL OR start_date <= @asOf) AND (end_date IS NULL OR end_date >= @asOf)`)) add(hh, '帮扶措施');
  for (const c of db.prepare(`SELECT household_id AS hh, measure FROM monitor_cases WHERE measure IS NOT NULL AND measure <> ''
      AND measure_date IS NOT NULL AND measure_date <= ?`).all(asOf) as { hh: number; measure: string }[]) {
    if (natureOf(measureTypeOf(c.measure)) === '开发式') add(c.hh, '工作台账');
  }
  return out;
}

/** The household's members able to work at asOf ('able': 普通/技能劳动力; 'weak': 弱劳动力或半劳动力), of working age. */
export function workers(h: MonitoredHousehold, asOf: string, ageMin: number, ageMax: number) {
  // One pass over the members (the labour class first: it is the cheaper test and rules most out).
  const able: MonitoredHousehold['members'] = [], weak: MonitoredHousehold['members'] = [];
  for (const m of h.members) {
    const c = laborClass(m.laborSkill);
    if (c !== 'none' && isWorkingAge(m.birthDate, asOf, ageMin, ageMax)) (c === 'able' ? able : weak).push(m);
  }
  return { able, weak };
}

/** Households at risk at asOf with nobody covered by a development measure, and who could work. */
export function withoutDevelopment(ctx: Ctx, asOf: string) {
  // M01, monitoringStats and 概览's per-village table each ask for it, and 概览 again and again between two
  // writes: kept per data version and as-of date (runCache.versionCached; callers only read it).
  const key = `monitoring.withoutDevelopment:${asOf}`;
  return runCached(ctx.db, key, () => versionCached(ctx.db, key, () => findWithoutDevelopment(ctx, asOf)));
}

function findWithoutDevelopment(ctx: Ctx, asOf: string) {
  const s = getSettings(ctx);
  const covered = developmentCoverage(ctx, asOf);
  const out: { h: MonitoredHousehold; able: MonitoredHousehold['members']; weak: MonitoredHousehold['members'] }[] = [];
  for (const h of monitoredHouseholds(ctx)) {
    if (!openAt(h, asOf) || covered.has(h.id)) continue;
    const w = workers(h, asOf, s.monitorWorkAgeMin, s.monitorWorkAgeMax);
    if (w.able.length || w.weak.length) out.push({ h, ...w });
  }
  return out;
}

export interface CaseRow {
  id: number; householdId: number; idNo: string; name: string; personId: number; village: string | null;
  found: string; confirmed: string | null; planned: string | null; acted: string | null;
}

/** The cases ledger with each case's 户主 (the one named in the ledger, else the household's). */
export function caseRows(ctx: Ctx): CaseRow[] {
  return runCached(ctx.db, 'monitoring.cases', () => ctx.db.prepare(`SELECT c.id, c.household_id AS householdId, p.id_no AS idNo, p.name, p.id AS personId, v.name AS village,
      c.found_date AS found, c.confirmed_date AS confirmed, c.plan_date AS planned, c.measure_date AS acted
    FROM monitor_cases c JOIN households h ON h.id = c.household_id LEFT JOIN villages v ON v.id = h.village_id
    JOIN persons p ON p.id = coalesce(c.head_person_id, (SELECT id FROM persons WHERE household_id = c.household_id ORDER BY relation = '户主' DESC, id LIMIT 1))
    ORDER BY c.found_date, c.id`).all() as CaseRow[]);
}

/** Every case with its steps' deadlines at asOf under the settings' profile. */
export function caseStates(ctx: Ctx, asOf: string): { c: CaseRow; steps: DeadlineState[] }[] {
  const days = DEADLINE_PROFILES[getSettings(ctx).monitorDeadlineProfile];
  return caseRows(ctx).map((c) => ({ c, steps: caseDeadlines(c, days, asOf) }));
}

/** `stats --json` monitoring: 监测户 and persons at asOf, those at risk, without a development measure, cases past a deadline. */
export function monitoringStats(ctx: Ctx, asOf: string) {
  const hs = monitoredHouseholds(ctx).filter((h) => monitoredAt(h, asOf));
  return {
    households: hs.length,
    openHouseholds: hs.filter((h) => openAt(h, asOf)).length,
    persons: hs.reduce((n, h) => n + h.members.length, 0),
    noDevMeasure: withoutDevelopment(ctx, asOf).length,
    overdue: caseStates(ctx, asOf).filter((x) => x.steps.some((d) => d.state === 'late' || d.state === 'missing')).length,
  };
}
