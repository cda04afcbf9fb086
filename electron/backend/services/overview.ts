import type { Loan } from '../../../shared/api/loans';
import type { Overview } from '../../../shared/api/overview';
import { todayIso } from '../../../shared/dates';
import { problemCounts } from '../checks';
import type { Ctx } from './context';
import { allLoans, loanAlerts, loansStats } from './loans';
import { monitoredAt, monitoredHouseholds, monitoringStats, openAt, withoutDevelopment } from './monitoring';
import { postsStats } from './posts';
import { versionCached, withRunCache } from './runCache';
import { getSettings } from './settings';
import { allWorkshops, workshopsStats } from './workshops';

/**
 * 概览: the figures officials are asked every month, as of a date.
 *
 * For today the module figures are exactly what each module's `<module>Stats(ctx)` reports (the
 * numbers of `stats --json`). For an earlier date they are worked out from the dates the ledger
 * keeps (聘用开始/离岗日期, 放款/还款/结清日期, 务工入离职日期); the persons roster has no history and
 * is shown as it is today. Every module is part of the program: the services are called directly,
 * so a renamed function is a type error here, never a module silently shown as missing.
 */

const yuan = (fen: number) => Math.round(fen) / 100;
const round4 = (x: number) => Math.round(x * 10000) / 10000;

type PostsStats = Pick<ReturnType<typeof postsStats>, 'library' | 'active' | 'holders' | 'priorityActive' | 'monthlyWageYuan'>;
type WorkshopsStats = Pick<ReturnType<typeof workshopsStats>, 'count' | 'operating' | 'employed' | 'poorEmployed'>;
type LoansStats = Pick<ReturnType<typeof loansStats>, 'count' | 'households' | 'totalYuan' | 'activeYuan' | 'householdLoanRate'>;

const HH_ORDER = ['脱贫户', '监测户', '一般户', '名单外人员'];
const MONITOR_ORDER = ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户', '未填类别'];
const ordered = (rows: { key: string; count: number }[], order: string[]) =>
  [...rows].sort((a, b) => (order.indexOf(a.key) + 1 || 99) - (order.indexOf(b.key) + 1 || 99) || a.key.localeCompare(b.key, 'zh-Hans-CN'));

function personsPart(ctx: Ctx): Overview['persons'] {
  // No date in it: kept while the data stays at one version, like the problem counts (100k persons read twice over otherwise).
  return structuredClone(versionCached(ctx.db, 'overview.persons', () => countPersons(ctx)));
}

function countPersons(ctx: Ctx): Overview['persons'] {
  const one = (sql: string) => (ctx.db.prepare(sql).get() as { n: number }).n;
  const byType = ctx.db.prepare(`SELECT CASE WHEN p.in_roster = 0 THEN '名单外人员' ELSE coalesce(h.hh_type, '一般户') END AS key, count(*) AS count
    FROM persons p LEFT JOIN households h ON h.id = p.household_id WHERE p.deleted_at IS NULL GROUP BY 1`).all() as { key: string; count: number }[];
  const byMonitor = ctx.db.prepare(`SELECT coalesce(nullif(h.monitor_category, ''), '未填类别') AS key, count(*) AS count
    FROM persons p JOIN households h ON h.id = p.household_id WHERE p.deleted_at IS NULL AND p.in_roster = 1 AND h.hh_type = '监测户' GROUP BY 1`).all() as { key: string; count: number }[];
  return {
    // The same three counts as getStats (stats --json).
    total: one('SELECT count(*) AS n FROM persons WHERE deleted_at IS NULL'),
    households: one('SELECT count(DISTINCT household_id) AS n FROM persons WHERE deleted_at IS NULL AND household_id IS NOT NULL'),
    villages: one('SELECT count(*) AS n FROM villages'),
    byHouseholdType: ordered(byType, HH_ORDER),
    byMonitorCategory: ordered(byMonitor, MONITOR_ORDER),
  };
}

function postsPart(ctx: Ctx, asOf: string, historical: boolean): Overview['posts'] {
  // Who is 在岗 on the day: today by status (as postsStats counts), earlier by the dates.
  const active = historical
    ? `a.start_date <= @d AND (a.status = '在岗' OR (a.status = '离岗' AND a.exit_date > @d))`
    : `a.status = '在岗'`;
  const params = { d: asOf };
  const byVillage = ctx.db.prepare(`SELECT po.village_id AS villageId, coalesce(v.name, '（未填村）') AS village, count(*) AS active,
      coalesce(sum(CASE WHEN h.hh_type IN ('脱贫户', '监测户') THEN 1 ELSE 0 END), 0) AS priority, coalesce(sum(a.wage_fen), 0) AS wageFen
    FROM appointments a JOIN posts po ON po.id = a.post_id JOIN persons pe ON pe.id = a.person_id
    LEFT JOIN households h ON h.id = pe.household_id LEFT JOIN villages v ON v.id = po.village_id
    WHERE ${active} GROUP BY po.village_id ORDER BY v.code IS NULL, v.code, v.name`).all(params) as { villageId: number | null; village: string; active: number; priority: number; wageFen: number }[];
  const byCategory = ctx.db.prepare(`SELECT po.category, count(*) AS active, coalesce(sum(a.wage_fen), 0) AS wageFen
    FROM appointments a JOIN posts po ON po.id = a.post_id WHERE ${active} GROUP BY po.category ORDER BY count(*) DESC, po.category`)
    .all(params) as { category: string; active: number; wageFen: number }[];
  let s: PostsStats;
  if (!historical) s = postsStats(ctx);
  else {
    const r = ctx.db.prepare(`SELECT count(*) AS active, count(DISTINCT a.person_id) AS holders,
        coalesce(sum(CASE WHEN h.hh_type IN ('脱贫户', '监测户') THEN 1 ELSE 0 END), 0) AS priorityActive, coalesce(sum(a.wage_fen), 0) AS wageFen
      FROM appointments a JOIN persons pe ON pe.id = a.person_id LEFT JOIN households h ON h.id = pe.household_id WHERE ${active}`).get(params) as
      { active: number; holders: number; priorityActive: number; wageFen: number };
    const library = (ctx.db.prepare(`SELECT count(*) AS n FROM posts WHERE status = '设立' OR (status = '撤销' AND status_date > @d)`).get(params) as { n: number }).n;
    s = { library, active: r.active, holders: r.holders, priorityActive: r.priorityActive, monthlyWageYuan: yuan(r.wageFen) };
  }
  return {
    library: s.library, active: s.active, holders: s.holders, priorityActive: s.priorityActive,
    priorityShare: s.active ? round4(s.priorityActive / s.active) : 0, monthlyWageYuan: s.monthlyWageYuan,
    byVillage: byVillage.map((v) => ({ villageId: v.villageId, village: v.village, active: v.active, priority: v.priority, wageYuan: yuan(v.wageFen) })),
    byCategory: byCategory.map((c) => ({ category: c.category, active: c.active, wageYuan: yuan(c.wageFen) })),
  };
}

function workshopsPart(ctx: Ctx, asOf: string, historical: boolean): Overview['workshops'] {
  const list = allWorkshops(ctx, { date: asOf });
  const s: WorkshopsStats = historical
    ? {
      count: list.length,
      operating: list.filter((w) => w.status === '正常运营' || w.status === '经营困难').length,
      employed: list.reduce((a, w) => a + w.employed, 0),
      poorEmployed: list.reduce((a, w) => a + w.poor, 0),
    }
    : workshopsStats(ctx);
  const byStatus = new Map<string, number>();
  const byVillage = new Map<string, { village: string; count: number; employed: number; poor: number }>();
  for (const w of list) {
    byStatus.set(w.status, (byStatus.get(w.status) ?? 0) + 1);
    const v = w.villageName ?? '（未填村）'; // allWorkshops lists them in village order
    const acc = byVillage.get(v) ?? byVillage.set(v, { village: v, count: 0, employed: 0, poor: 0 }).get(v)!;
    acc.count++; acc.employed += w.employed; acc.poor += w.poor;
  }
  return {
    count: s.count, operating: s.operating, employed: s.employed, poorEmployed: s.poorEmployed,
    byStatus: ordered([...byStatus].map(([key, count]) => ({ key, count })), ['正常运营', '经营困难', '停产', '已退出']),
    byVillage: [...byVillage.values()],
  };
}

/**
 * The loans issued by a day with what was still owed on it: repayments dated up to the day (or
 * undated) are taken off; a loan settled by then owes nothing.
 */
export function loansAsOf(ctx: Ctx, asOf: string): (Loan & { balanceAsOfFen: number })[] {
  const today = todayIso(ctx.now());
  const loans = allLoans(ctx).filter((l) => l.issueDate <= asOf);
  if (asOf >= today) return loans.map((l) => ({ ...l, balanceAsOfFen: l.balanceFen }));
  const repaid = new Map((ctx.db.prepare(`SELECT loan_id AS id, coalesce(sum(principal_fen), 0) AS fen FROM loan_repayments
    WHERE repay_date IS NULL OR repay_date <= ? GROUP BY loan_id`).all(asOf) as { id: number; fen: number }[]).map((r) => [r.id, r.fen]));
  return loans.map((l) => {
    let fen = Math.max(0, l.amountFen - (repaid.get(l.id) ?? 0));
    if (l.settledDate && l.settledDate <= asOf) fen = 0;
    if (l.status === '已结清' && !l.settledDate) fen = 0; // settled on a day the ledger does not know
    return { ...l, balanceAsOfFen: fen };
  });
}

function loansPart(ctx: Ctx, asOf: string, historical: boolean): Overview['loans'] {
  let s: LoansStats;
  if (!historical) s = loansStats(ctx);
  else {
    const loans = loansAsOf(ctx, asOf);
    const balance = (l: { balanceAsOfFen: number }) => l.balanceAsOfFen;
    const hh = (l: Loan) => (l.householdId != null ? `h${l.householdId}` : `p${l.personId}`);
    // 户贷率 as loansStats computes it (脱贫户 + 监测户 in the roster), counting loans issued by the day.
    const eligible = new Set((ctx.db.prepare(`SELECT h.id FROM households h WHERE h.hh_type IN ('脱贫户', '监测户')
      AND EXISTS (SELECT 1 FROM persons p WHERE p.household_id = h.id AND p.in_roster = 1 AND p.deleted_at IS NULL)`).all() as { id: number }[]).map((r) => r.id));
    const lent = new Set(loans.filter((l) => l.householdId != null && eligible.has(l.householdId)).map((l) => l.householdId));
    s = {
      count: loans.length, households: new Set(loans.map(hh)).size,
      totalYuan: yuan(loans.reduce((a, l) => a + l.amountFen, 0)), activeYuan: yuan(loans.reduce((a, l) => a + balance(l), 0)),
      householdLoanRate: eligible.size ? round4(lent.size / eligible.size) : 0,
    };
  }
  const a = loanAlerts(ctx, asOf);
  const due = a.due.map((d) => ({ window: d.window, count: d.count, balanceYuan: yuan(d.balanceFen) }));
  const overdue = a.overdue.map((o) => ({ key: o.key, label: o.label, count: o.count, balanceYuan: yuan(o.balanceFen) }));
  const dueCount = a.dueLoans.length;
  const dueYuan = yuan(a.dueLoans.reduce((x, l) => x + l.balanceFen, 0));
  const overdueFen = a.overdue.reduce((x, o) => x + o.balanceFen, 0);
  return {
    count: s.count, households: s.households, totalYuan: s.totalYuan, activeYuan: s.activeYuan,
    householdLoanRate: s.householdLoanRate, due, overdue, dueCount, dueYuan,
    overdueCount: overdue.reduce((x, o) => x + o.count, 0), overdueYuan: yuan(overdueFen),
  };
}

/** 防返贫监测: the totals exactly as stats.monitoring counts them at asOf, and the 监测户 per village. */
function monitoringPart(ctx: Ctx, asOf: string): Overview['monitoring'] {
  const noDev = new Set(withoutDevelopment(ctx, asOf).map((x) => x.h.id));
  const byVillage = new Map<string, Overview['monitoring']['byVillage'][number]>();
  for (const h of monitoredHouseholds(ctx)) {
    if (!monitoredAt(h, asOf)) continue;
    const village = h.village ?? '（未填村）';
    const v = byVillage.get(village) ?? byVillage.set(village, { village, households: 0, open: 0, noDevMeasure: 0 }).get(village)!;
    v.households++;
    if (openAt(h, asOf)) v.open++;
    if (noDev.has(h.id)) v.noDevMeasure++;
  }
  return { ...monitoringStats(ctx, asOf), byVillage: [...byVillage.values()].sort((a, b) => a.village.localeCompare(b.village, 'zh-Hans-CN')) };
}

function problemsPart(ctx: Ctx, asOf: string, notes: string[]): Overview['problems'] {
  // The whole check behind these counts is kept per data version (checks/index.ts problemCounts).
  const c = problemCounts(ctx, asOf);
  notes.push(...c.notes);
  return c.problems;
}

export function getOverview(ctx: Ctx, asOfIn?: string): Overview {
  const today = todayIso(ctx.now());
  const asOf = asOfIn && asOfIn < today ? asOfIn : today;
  const historical = asOf < today;
  const notes: string[] = [];
  if (historical) notes.push(`按 ${asOf} 的记录推算：公益岗位按聘用和离岗日期，帮扶车间按入职和离职日期，小额信贷按放款、还款和结清日期；问题清单按该日判断，人员名单为当前状态`);
  // One run cache for the whole page: the loans, holders and 监测户 are read once for the figures and the rules.
  return withRunCache(ctx.db, () => ({
    asOf, today, historical, township: getSettings(ctx).township,
    persons: personsPart(ctx),
    posts: postsPart(ctx, asOf, historical),
    workshops: workshopsPart(ctx, asOf, historical),
    loans: loansPart(ctx, asOf, historical),
    monitoring: monitoringPart(ctx, asOf),
    problems: problemsPart(ctx, asOf, notes),
    notes,
  }));
}
