import type { z } from 'zod';
import { addDays, todayIso } from '../../../shared/dates';
import { ageAt } from '../../../shared/idcard';
import { caseDateProblems, natureOf } from '../../../shared/monitoring';
import type { CaseInput, DueItem, EliminateInput, MeasureInput, MonitorCase, MonitorHouseholdDetail, MonitorHouseholdRow, MonitorMeasure, MonitorVisit, VisitInput } from '../../../shared/api/monitoring';
import { monitoringRules } from '../checks/monitoring';
import { AppError, notFound } from '../errors';
import { updateHousehold } from '../db/repo/households';
import { insertMonitorCase, insertMonitorHousehold, insertMonitorMeasure, insertMonitorVisit, updateMonitorCase, updateMonitorHousehold, updateMonitorMeasure } from '../db/repo/monitoring';
import type { Ctx } from './context';
import { caseStates, developmentCoverage, monitoredAt, monitoredHouseholds, openAt, type MonitoredHousehold } from './monitoring';

/**
 * The 防返贫监测 page's reads and writes: the household list with what covers each household and
 * which rules it breaks at the as-of date, one household's timeline, and the steps a clerk enters
 * (a visit, a measure, a case's dates). Every write is one transaction with its audit row.
 */

function lastVisits(ctx: Ctx, asOf: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const r of ctx.db.prepare('SELECT household_id AS hh, max(visit_date) AS d FROM monitor_visits WHERE visit_date <= ? GROUP BY household_id').all(asOf) as { hh: number; d: string }[]) m.set(r.hh, r.d);
  return m;
}

/** Monitoring findings per 户主 身份证号 (household findings carry it as id). */
function findingsById(ctx: Ctx, asOf: string) {
  const m = new Map<string, { rule: string; severity: 'error' | 'warning'; message: string }[]>();
  for (const r of monitoringRules) for (const f of r.run(ctx, asOf)) (m.get(f.id) ?? m.set(f.id, []).get(f.id)!).push({ rule: f.rule, severity: f.severity, message: f.message });
  return m;
}

function row(h: MonitoredHousehold, asOf: string, cover: Map<number, Set<string>>, visits: Map<number, string>, rules: string[]): MonitorHouseholdRow {
  return {
    id: h.id, householdNo: h.householdNo, village: h.village, category: h.category, open: openAt(h, asOf), identifying: h.monitored !== 1, identifiedMonth: h.identifiedMonth,
    eliminatedMonth: h.eliminatedMonth, headPersonId: h.headPersonId, headIdNo: h.headIdNo, headName: h.headName, members: h.members.length,
    lastVisit: visits.get(h.id) ?? null, coverage: [...(cover.get(h.id) ?? [])], rules: [...new Set(rules)].sort(),
  };
}

/** Everything the list and the timelines read, computed once per request (an export reads every household). */
export type LedgerSnapshot = ReturnType<typeof snapshot>;
export function snapshot(ctx: Ctx, asOf: string) {
  return {
    asOf, households: monitoredHouseholds(ctx), cover: developmentCoverage(ctx, asOf), visits: lastVisits(ctx, asOf), found: findingsById(ctx, asOf),
    states: new Map(caseStates(ctx, asOf).map((x) => [x.c.id, x.steps])),
  };
}

export function listMonitoredHouseholds(ctx: Ctx, p: { asOf?: string; openOnly?: boolean; village?: string; search?: string }, snap?: LedgerSnapshot): MonitorHouseholdRow[] {
  const asOf = p.asOf ?? todayIso(ctx.now());
  const { cover, visits, found, households } = snap ?? snapshot(ctx, asOf);
  const q = p.search?.trim();
  return households
    .filter((h) => (monitoredAt(h, asOf) || h.monitored !== 1) && (!p.openOnly || openAt(h, asOf)) && (!p.village || h.village === p.village))
    .filter((h) => !q || h.householdNo?.includes(q) || h.members.some((m) => m.name.includes(q) || m.idNo.includes(q.toUpperCase())))
    .map((h) => row(h, asOf, cover, visits, (found.get(h.headIdNo) ?? []).map((f) => f.rule)));
}

const MEASURE_SQL = `SELECT m.id, m.household_id AS householdId, m.person_id AS personId, p.name AS personName, m.type, m.nature, m.content,
  m.start_date AS startDate, m.end_date AS endDate, m.source, m.note FROM monitor_measures m LEFT JOIN persons p ON p.id = m.person_id`;
const VISIT_SQL = `SELECT id, household_id AS householdId, visit_date AS date, visitor, method, income_change AS incomeChange, risk_change AS riskChange, content FROM monitor_visits`;
const CASE_SQL = `SELECT id, household_id AS householdId, category, risk, channel, found_date AS found, verified_date AS verified, village_review_date AS villageReview,
  township_review_date AS townshipReview, confirmed_date AS confirmed, plan_date AS planned, measure, measure_date AS acted, helper, note FROM monitor_cases`;

function casesOf(ctx: Ctx, where: string, arg: number, asOf: string, states = new Map(caseStates(ctx, asOf).map((x) => [x.c.id, x.steps]))): MonitorCase[] {
  return (ctx.db.prepare(`${CASE_SQL} WHERE ${where} ORDER BY found_date, id`).all(arg) as Omit<MonitorCase, 'deadlines'>[])
    .map((c) => ({ ...c, deadlines: (states.get(c.id) ?? []).map(({ step, due, done, state }) => ({ step, due, done, state })) }));
}

export function monitoredHouseholdDetail(ctx: Ctx, id: number, asOf = todayIso(ctx.now()), snap = snapshot(ctx, asOf)): MonitorHouseholdDetail {
  const h = snap.households.find((x) => x.id === id);
  if (!h) throw notFound('监测户');
  const db = ctx.db;
  const findings = snap.found.get(h.headIdNo) ?? [];
  const extra = db.prepare(`SELECT h.risk_eliminated AS re, m.eliminated_date AS date, m.eliminated_signer AS signer, m.eliminated_note AS note
    FROM households h LEFT JOIN monitor_households m ON m.household_id = h.id WHERE h.id = ?`).get(id) as { re: number | null; date: string | null; signer: string | null; note: string | null };
  const people = db.prepare(`SELECT id, id_no AS idNo, name, relation, labor_skill AS laborSkill, birth_date AS birthDate FROM persons
    WHERE household_id = ? AND deleted_at IS NULL ORDER BY relation = '户主' DESC, id`).all(id) as { id: number; idNo: string; name: string; relation: string | null; laborSkill: string | null; birthDate: string | null }[];
  return {
    ...row(h, asOf, snap.cover, snap.visits, findings.map((f) => f.rule)),
    riskEliminated: extra.re == null ? null : extra.re === 1, eliminationMethod: h.eliminationMethod, risks: h.risks,
    elimination: extra.re === 1 && extra.date && extra.signer ? { date: extra.date, signer: extra.signer, note: extra.note } : null,
    people: people.map(({ birthDate, ...p }) => ({ ...p, age: birthDate ? ageAt(birthDate, asOf) : null })),
    incomes: db.prepare('SELECT year, per_capita_fen AS perCapitaFen FROM monitor_incomes WHERE household_id = ? ORDER BY year').all(id) as { year: number; perCapitaFen: number }[],
    measures: db.prepare(`${MEASURE_SQL} WHERE m.household_id = ? ORDER BY coalesce(m.start_date, ''), m.id`).all(id) as MonitorMeasure[],
    cases: casesOf(ctx, 'household_id = ?', id, asOf, snap.states),
    visits: db.prepare(`${VISIT_SQL} WHERE household_id = ? ORDER BY visit_date DESC, id DESC`).all(id) as MonitorVisit[],
    migrants: db.prepare(`SELECT p.id AS personId, p.name, m.channel, m.province, m.county, m.employer, m.months FROM migrant_work m JOIN persons p ON p.id = m.person_id
      WHERE p.household_id = ? ORDER BY p.id`).all(id) as MonitorHouseholdDetail['migrants'],
    findings,
  };
}

function monitoredHousehold(ctx: Ctx, id: number) {
  const h = ctx.db.prepare("SELECT id FROM households WHERE id = ? AND (hh_type = '监测户' OR id IN (SELECT household_id FROM monitor_cases))").get(id);
  if (!h) throw new AppError('VALIDATION', '这一户既不是监测户，也没有新识别工作台账记录，不能记录监测信息。请先在人员名单中核对户类型，或导入工作台账');
}

type VisitIn = z.infer<typeof VisitInput>;
function checkVisit(p: Omit<VisitIn, 'householdId'>, today: string) {
  if (p.date > today) throw new AppError('VALIDATION', `走访日期 ${p.date} 晚于今天，只能记录已经发生的走访`, { field: 'date' });
}
const insVisit = (ctx: Ctx, hh: number, p: Omit<VisitIn, 'householdId'>) => insertMonitorVisit(ctx, {
  household_id: hh, visit_date: p.date, visitor: p.visitor.trim(), method: p.method, income_change: p.incomeChange, risk_change: p.riskChange, content: p.content,
});
const visitExists = (ctx: Ctx, hh: number, p: Omit<VisitIn, 'householdId'>) => !!ctx.db.prepare('SELECT 1 FROM monitor_visits WHERE household_id = ? AND visit_date = ? AND visitor = ?').get(hh, p.date, p.visitor.trim());

export function addVisit(ctx: Ctx, p: VisitIn): MonitorVisit {
  monitoredHousehold(ctx, p.householdId);
  checkVisit(p, todayIso(ctx.now()));
  if (visitExists(ctx, p.householdId, p)) throw new AppError('CONFLICT', `${p.visitor} 在 ${p.date} 对这一户的走访已经记录过了`);
  const id = ctx.db.transaction(() => insVisit(ctx, p.householdId, p))();
  return ctx.db.prepare(`${VISIT_SQL} WHERE id = ?`).get(id) as MonitorVisit;
}

/** The same visit for several households (a village visited in one round); ones already recorded are skipped. */
export function addVisits(ctx: Ctx, p: Omit<VisitIn, 'householdId'> & { householdIds: number[] }) {
  checkVisit(p, todayIso(ctx.now()));
  for (const hh of p.householdIds) monitoredHousehold(ctx, hh);
  return ctx.db.transaction(() => {
    let added = 0, skipped = 0;
    for (const hh of new Set(p.householdIds)) {
      if (visitExists(ctx, hh, p)) { skipped++; continue; }
      insVisit(ctx, hh, p);
      added++;
    }
    return { added, skipped };
  })();
}

export function addMeasure(ctx: Ctx, p: z.infer<typeof MeasureInput>): MonitorMeasure {
  monitoredHousehold(ctx, p.householdId);
  if (p.endDate && p.endDate < p.startDate) throw new AppError('VALIDATION', `结束日期 ${p.endDate} 早于开始日期 ${p.startDate}`, { field: 'endDate' });
  if (p.personId != null && !ctx.db.prepare('SELECT 1 FROM persons WHERE id = ? AND household_id = ?').get(p.personId, p.householdId)) {
    throw new AppError('VALIDATION', '所选人员不是这一户的成员', { field: 'personId' });
  }
  const id = ctx.db.transaction(() => insertMonitorMeasure(ctx, {
    household_id: p.householdId, person_id: p.personId, type: p.type, nature: p.nature ?? natureOf(p.type), content: p.content.trim(),
    start_date: p.startDate, end_date: p.endDate, source: '录入', note: p.note,
  }))();
  return ctx.db.prepare(`${MEASURE_SQL} WHERE m.id = ?`).get(id) as MonitorMeasure;
}

export function endMeasure(ctx: Ctx, p: { id: number; endDate: string }): MonitorMeasure {
  const before = ctx.db.prepare('SELECT * FROM monitor_measures WHERE id = ?').get(p.id) as { start_date: string | null } | undefined;
  if (!before) throw notFound('帮扶措施');
  if (before.start_date && p.endDate < before.start_date) throw new AppError('VALIDATION', `结束日期 ${p.endDate} 早于开始日期 ${before.start_date}`, { field: 'endDate' });
  ctx.db.transaction(() => updateMonitorMeasure(ctx, p.id, { end_date: p.endDate }))();
  return ctx.db.prepare(`${MEASURE_SQL} WHERE m.id = ?`).get(p.id) as MonitorMeasure;
}

export function saveCase(ctx: Ctx, p: z.infer<typeof CaseInput>): MonitorCase {
  monitoredHousehold(ctx, p.householdId);
  const bad = caseDateProblems(p, todayIso(ctx.now()));
  if (bad.length) throw new AppError('VALIDATION', bad.map((b) => b.message).join('；'), { field: bad[0].field });
  if (p.acted && !p.measure) throw new AppError('VALIDATION', '填了措施落实日期，请同时写明落实的帮扶措施', { field: 'measure' });
  const cols = {
    category: p.category, risk: p.risk, channel: p.channel, found_date: p.found, verified_date: p.verified, village_review_date: p.villageReview,
    township_review_date: p.townshipReview, confirmed_date: p.confirmed, plan_date: p.planned, measure: p.measure, measure_date: p.acted, helper: p.helper, note: p.note,
  };
  const dup = ctx.db.prepare('SELECT id FROM monitor_cases WHERE household_id = ? AND found_date = ? AND id IS NOT ?').get(p.householdId, p.found, p.id ?? null);
  if (dup) throw new AppError('CONFLICT', `这一户 ${p.found} 发现的风险已有一条工作台账记录，请在原记录上填写各步骤日期`, { field: 'found' });
  const id = ctx.db.transaction(() => {
    if (p.id == null) {
      const head = ctx.db.prepare("SELECT id FROM persons WHERE household_id = ? AND deleted_at IS NULL ORDER BY relation = '户主' DESC, id LIMIT 1").get(p.householdId) as { id: number } | undefined;
      return insertMonitorCase(ctx, { household_id: p.householdId, head_person_id: head?.id ?? null, ...cols });
    }
    if (!ctx.db.prepare('SELECT 1 FROM monitor_cases WHERE id = ? AND household_id = ?').get(p.id, p.householdId)) throw notFound('工作台账记录');
    updateMonitorCase(ctx, p.id, cols);
    return p.id;
  })();
  return casesOf(ctx, 'id = ?', id, todayIso(ctx.now()))[0];
}

/**
 * 风险消除 recorded in the ledger: the household's risk is marked 已消除 from the given day (消除监测时间
 * is its month), with the 风险消除方式 and the 驻村干部 who signed it off. Only a 监测户 whose risk is still
 * open can be eliminated, on a day not in the future and not before it was identified.
 */
export function eliminateRisk(ctx: Ctx, p: z.infer<typeof EliminateInput>): MonitorHouseholdDetail {
  const db = ctx.db;
  const hh = db.prepare(`SELECT h.hh_type AS type, h.risk_eliminated AS re, m.id AS mid, m.identified_month AS identified FROM households h
    LEFT JOIN monitor_households m ON m.household_id = h.id WHERE h.id = ?`).get(p.householdId) as { type: string; re: number | null; mid: number | null; identified: string | null } | undefined;
  if (!hh) throw notFound('监测户');
  if (hh.type !== '监测户') throw new AppError('VALIDATION', '这一户还不是监测户（尚未认定纳入监测），不能记录风险消除');
  if (hh.re === 1) throw new AppError('CONFLICT', '这一户的风险已经标记为消除，无需重复记录');
  if (p.date > todayIso(ctx.now())) throw new AppError('VALIDATION', `风险消除日期 ${p.date} 晚于今天，请在消除当天或之后记录`, { field: 'date' });
  if (hh.identified && p.date.slice(0, 7) < hh.identified) throw new AppError('VALIDATION', `风险消除日期 ${p.date} 早于识别监测时间 ${hh.identified}，请核对`, { field: 'date' });
  const signer = p.signer.trim(), method = p.method.trim();
  ctx.db.transaction(() => {
    const elimination = { eliminated_month: p.date.slice(0, 7), elimination_method: method, eliminated_date: p.date, eliminated_signer: signer, eliminated_note: p.note };
    if (hh.mid == null) insertMonitorHousehold(ctx, { household_id: p.householdId, ...elimination });
    else updateMonitorHousehold(ctx, hh.mid, elimination);
    updateHousehold(ctx, p.householdId, { risk_eliminated: 1 });
  })();
  return monitoredHouseholdDetail(ctx, p.householdId);
}

/** 到期提醒: every case step not yet done whose deadline has passed (overdue) or falls within `withinDays` of asOf (due). */
export function dueItems(ctx: Ctx, p: { asOf?: string; withinDays: number }): DueItem[] {
  const asOf = p.asOf ?? todayIso(ctx.now());
  const limit = addDays(asOf, p.withinDays);
  const out: DueItem[] = [];
  for (const { c, steps } of caseStates(ctx, asOf)) {
    for (const d of steps) {
      if (d.done) continue;
      const daysLeft = Math.round((Date.parse(d.due) - Date.parse(asOf)) / 86_400_000);
      if (d.state === 'missing') out.push({ caseId: c.id, householdId: c.householdId, village: c.village, name: c.name, idNo: c.idNo, step: d.step, due: d.due, state: 'overdue', daysLeft });
      else if (d.due <= limit) out.push({ caseId: c.id, householdId: c.householdId, village: c.village, name: c.name, idNo: c.idNo, step: d.step, due: d.due, state: 'due', daysLeft });
    }
  }
  return out.sort((a, b) => (a.village ?? '').localeCompare(b.village ?? '', 'zh-CN') || a.due.localeCompare(b.due));
}
