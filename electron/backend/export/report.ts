import type { Overview } from '../../../shared/api/overview';
import { todayIso } from '../../../shared/dates';
import { AppError } from '../errors';
import type { Ctx } from '../services/context';
import { getSettings } from '../services/settings';
import { getOverview, loansAsOf } from '../services/overview';
import { allWorkshops } from '../services/workshops';
import { loanAlerts } from '../services/loans';
import { monitoredHouseholds, openAt } from '../services/monitoring';
import { writeWorkbook, type Column, type TableSheet } from './workbook';

/**
 * 月报: the township's monthly summary table in the county layout — a 汇总 sheet with the figures
 * officials are asked for, then one sheet per module broken down by 行政村 — as of the month's
 * last day (or today for the current month).
 */

type Cell = string | number | null;
const yuan = (fen: number) => Math.round(fen) / 100;
const wan = (fen: number) => Math.round(fen / 100) / 10000;
const pct = (x: number) => Math.round(x * 10000) / 100;
const FOOTER = '审核人：                    填表人：                    联系电话：                    填报日期：';
const dateCn = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(d).padStart(2, '0')}`;
}

/** The month's as-of day: its last day, or today while the month is running. */
export function reportAsOf(month: string, today = todayIso()): string {
  if (month > today.slice(0, 7)) throw new AppError('VALIDATION', `${month} 还没有到，月报只能统计本月及以前的月份`);
  const last = lastDayOf(month);
  return last < today ? last : today;
}

/** The 汇总 sheet's rows: 类别 / 指标 / 数值 / 单位 / 说明, from the overview. */
export function summaryRows(ov: Overview, wages?: { payableYuan: number; paidYuan: number; month: string }): Cell[][] {
  const rows: [string, string, number, string, string | null][] = [
    ['人员', '人员总数', ov.persons.total, '人', null],
    ['人员', '户数', ov.persons.households, '户', null],
    ...ov.persons.byHouseholdType.map((t): [string, string, number, string, string | null] => ['人员', `其中：${t.key}`, t.count, '人', null]),
    ...ov.persons.byMonitorCategory.map((t): [string, string, number, string, string | null] => ['人员', `监测对象：${t.key}`, t.count, '人', null]),
    ['公益岗位', '岗位库设立岗位', ov.posts.library, '个', null],
    ['公益岗位', '在岗岗位', ov.posts.active, '个', null],
    ['公益岗位', '在岗人员', ov.posts.holders, '人', null],
    ['公益岗位', '其中脱贫人口和监测对象', ov.posts.priorityActive, '个', null],
    ['公益岗位', '脱贫人口和监测对象占比', pct(ov.posts.priorityShare), '%', null],
    ['公益岗位', '月补贴标准合计', ov.posts.monthlyWageYuan, '元', null],
  ];
  if (wages) {
    rows.push(['公益岗位', `${wages.month} 应发工资`, wages.payableYuan, '元', null]);
    rows.push(['公益岗位', `${wages.month} 实发工资`, wages.paidYuan, '元', null]);
  }
  rows.push(
    ['帮扶车间', '车间数', ov.workshops.count, '个', null],
    ['帮扶车间', '正常运营（含经营困难）', ov.workshops.operating, '个', null],
    ['帮扶车间', '吸纳就业', ov.workshops.employed, '人', null],
    ['帮扶车间', '其中脱贫劳动力（含监测对象）', ov.workshops.poorEmployed, '人', null],
    ['小额信贷', '贷款笔数', ov.loans.count, '笔', null],
    ['小额信贷', '获贷户数', ov.loans.households, '户', null],
    ['小额信贷', '放款金额', ov.loans.totalYuan, '元', null],
    ['小额信贷', '贷款余额', ov.loans.activeYuan, '元', null],
    ['小额信贷', '户贷率', pct(ov.loans.householdLoanRate), '%', '获贷户 ÷ 脱贫户（含监测户）'],
    ...ov.loans.due.map((d): [string, string, number, string, string | null] => ['小额信贷', `${d.window}天内到期`, d.count, '笔', `余额 ${d.balanceYuan} 元`]),
    ['小额信贷', '逾期贷款', ov.loans.overdueCount, '笔', `余额 ${ov.loans.overdueYuan} 元`],
    ['防返贫监测', '监测户', ov.monitoring.households, '户', null],
    ['防返贫监测', '监测对象', ov.monitoring.persons, '人', null],
    ['防返贫监测', '风险未消除', ov.monitoring.openHouseholds, '户', null],
    ['防返贫监测', '无开发式帮扶措施', ov.monitoring.noDevMeasure, '户', '风险未消除、有劳动能力，无岗位、车间务工、贷款或产业就业措施'],
    ['防返贫监测', '办理超期', ov.monitoring.overdue, '件', '认定、帮扶计划或措施落实超过时限'],
    ['问题清单', '错误', ov.problems.error, '条', '截至导出时'],
    ['问题清单', '提醒', ov.problems.warning, '条', '截至导出时'],
  );
  return rows.map((r, i) => [i + 1, ...r]);
}

export const SUMMARY_COLUMNS: Column[] = [
  { header: '序号', width: 6 }, { header: '类别', width: 12 }, { header: '指标', width: 30 }, { header: '数值', width: 14, type: 'number' },
  { header: '单位', width: 6 }, { header: '说明', width: 30 },
];

function personsByVillage(ctx: Ctx): TableSheet & { rows: Cell[][] } {
  const rows = ctx.db.prepare(`SELECT coalesce(v.name, '（未填村）') AS village,
      count(DISTINCT p.household_id) AS hh, count(*) AS persons,
      count(DISTINCT CASE WHEN h.hh_type = '脱贫户' THEN h.id END) AS poorHh, sum(CASE WHEN h.hh_type = '脱贫户' THEN 1 ELSE 0 END) AS poor,
      count(DISTINCT CASE WHEN h.hh_type = '监测户' THEN h.id END) AS monHh, sum(CASE WHEN h.hh_type = '监测户' THEN 1 ELSE 0 END) AS mon,
      count(DISTINCT CASE WHEN h.hh_type = '监测户' AND h.monitor_category = '脱贫不稳定户' THEN h.id END) AS c1,
      count(DISTINCT CASE WHEN h.hh_type = '监测户' AND h.monitor_category = '边缘易致贫户' THEN h.id END) AS c2,
      count(DISTINCT CASE WHEN h.hh_type = '监测户' AND h.monitor_category = '突发严重困难户' THEN h.id END) AS c3,
      count(DISTINCT CASE WHEN h.hh_type = '监测户' AND h.risk_eliminated = 1 THEN h.id END) AS gone
    FROM persons p LEFT JOIN households h ON h.id = p.household_id LEFT JOIN villages v ON v.id = p.village_id
    WHERE p.deleted_at IS NULL AND p.in_roster = 1 GROUP BY p.village_id ORDER BY v.code IS NULL, v.code, v.name`).raw().all() as Cell[][];
  const sum = (c: number) => rows.reduce((a, r) => a + Number(r[c] ?? 0), 0);
  const G1 = '脱贫户', G2 = '监测户', G3 = '监测类别（户）';
  return {
    name: '人员', title: '', columns: [
      { header: '序号', width: 6 }, { header: '行政村', width: 12 }, { header: '户数', width: 8 }, { header: '人数', width: 8 },
      { header: '户数', group: G1, width: 8 }, { header: '人数', group: G1, width: 8 }, { header: '户数', group: G2, width: 8 }, { header: '人数', group: G2, width: 8 },
      { header: '脱贫不稳定户', group: G3, width: 10 }, { header: '边缘易致贫户', group: G3, width: 10 }, { header: '突发严重困难户', group: G3, width: 10 },
      { header: '风险已消除（户）', width: 10 },
    ],
    rows: rows.map((r, i) => [i + 1, ...r]),
    total: ['合计', null, ...Array.from({ length: 10 }, (_, k) => sum(k + 1))],
  };
}

function postsByVillage(ctx: Ctx, asOf: string, month: string): TableSheet & { rows: Cell[][]; payableFen: number; paidFen: number } {
  const historical = asOf < todayIso(ctx.now());
  const active = historical ? `a.start_date <= @d AND (a.status = '在岗' OR (a.status = '离岗' AND a.exit_date > @d))` : `a.status = '在岗'`;
  const rows = ctx.db.prepare(`SELECT coalesce(v.name, '（未填村）') AS village,
      (SELECT count(*) FROM posts x WHERE x.village_id IS po.village_id AND (x.status = '设立' OR (x.status = '撤销' AND x.status_date > @d))) AS posts,
      (SELECT coalesce(sum(x.headcount), 0) FROM posts x WHERE x.village_id IS po.village_id AND (x.status = '设立' OR (x.status = '撤销' AND x.status_date > @d))) AS headcount,
      sum(CASE WHEN ${active} THEN 1 ELSE 0 END) AS active,
      sum(CASE WHEN ${active} AND h.hh_type = '脱贫户' THEN 1 ELSE 0 END) AS poor,
      sum(CASE WHEN ${active} AND h.hh_type = '监测户' THEN 1 ELSE 0 END) AS mon,
      sum(CASE WHEN ${active} THEN a.wage_fen ELSE 0 END) AS wage,
      coalesce(sum(t.payable_fen), 0) AS payable, coalesce(sum(t.paid_fen), 0) AS paid,
      sum(CASE WHEN t.assessment = '不合格' THEN 1 ELSE 0 END) AS failed
    FROM posts po LEFT JOIN villages v ON v.id = po.village_id
    LEFT JOIN appointments a ON a.post_id = po.id LEFT JOIN persons pe ON pe.id = a.person_id LEFT JOIN households h ON h.id = pe.household_id
    LEFT JOIN attendance t ON t.appointment_id = a.id AND t.month = @m
    GROUP BY po.village_id ORDER BY v.code IS NULL, v.code, v.name`).raw().all({ d: asOf, m: month }) as (string | number)[][];
  const data: Cell[][] = rows.map((r, i) => [i + 1, r[0], r[1], r[2], r[3], r[4], r[5], yuan(Number(r[6])), yuan(Number(r[7])), yuan(Number(r[8])), r[9]]);
  const sum = (c: number) => data.reduce((a, r) => a + Number(r[c] ?? 0), 0);
  const payableFen = rows.reduce((a, r) => a + Number(r[7]), 0), paidFen = rows.reduce((a, r) => a + Number(r[8]), 0);
  const G1 = '岗位库', G2 = '在岗人员', G3 = `${Number(month.slice(5))}月工资`;
  return {
    name: '公益岗位', title: '', payableFen, paidFen,
    columns: [
      { header: '序号', width: 6 }, { header: '行政村', width: 12 },
      { header: '设立岗位数', group: G1, width: 9 }, { header: '人员数量', group: G1, width: 9 },
      { header: '在岗人数', group: G2, width: 9 }, { header: '其中脱贫人口', group: G2, width: 9 }, { header: '其中监测对象', group: G2, width: 9 },
      { header: '月补贴标准合计（元）', group: G2, width: 12, type: 'money' },
      { header: '应发（元）', group: G3, width: 12, type: 'money' }, { header: '实发（元）', group: G3, width: 12, type: 'money' }, { header: '考核不合格（人次）', group: G3, width: 10 },
    ],
    rows: data,
    total: ['合计', null, sum(2), sum(3), sum(4), sum(5), sum(6), Math.round(sum(7) * 100) / 100, yuan(payableFen), yuan(paidFen), sum(10)],
  };
}

const QUAL: Record<string, string> = { qualified: '符合认定条件', notQualified: '未达认定条件', unverified: '待核实', notApplicable: '已退出' };

function workshopsSheet(ctx: Ctx, asOf: string): TableSheet {
  const list = allWorkshops(ctx, { date: asOf });
  const rows: Cell[][] = list.map((w, i) => [i + 1, w.villageName, w.name, w.status, w.employed, w.poor, w.monitored, QUAL[w.qualification?.state] ?? '']);
  const sum = (c: number) => rows.reduce((a, r) => a + Number(r[c] ?? 0), 0);
  return {
    name: '帮扶车间', title: '',
    columns: [{ header: '序号', width: 6 }, { header: '行政村', width: 12 }, { header: '车间名称', width: 28 }, { header: '运营状态', width: 10 },
      { header: '吸纳就业人数', width: 9 }, { header: '其中脱贫劳动力', width: 9 }, { header: '其中监测对象', width: 9 }, { header: '认定情况', width: 14 }],
    rows,
    total: ['合计', null, `${list.length}个车间`, null, sum(4), sum(5), sum(6), null],
  };
}

function loansSheet(ctx: Ctx, asOf: string, ov: Overview): TableSheet {
  const loans = loansAsOf(ctx, asOf);
  const overdueIds = new Set(overdueLoanIds(ctx, asOf));
  // Eligible households (脱贫户 + 监测户 in the roster) per village, as 户贷率 counts them.
  const eligible = ctx.db.prepare(`SELECT h.id, coalesce(h.village_id, (SELECT p.village_id FROM persons p WHERE p.household_id = h.id AND p.village_id IS NOT NULL LIMIT 1)) AS villageId
    FROM households h WHERE h.hh_type IN ('脱贫户', '监测户')
    AND EXISTS (SELECT 1 FROM persons p WHERE p.household_id = h.id AND p.in_roster = 1 AND p.deleted_at IS NULL)`).all() as { id: number; villageId: number | null }[];
  const villages = ctx.db.prepare('SELECT id, name FROM villages ORDER BY code IS NULL, code, name').all() as { id: number; name: string }[];
  type Acc = { eligible: number; lent: Set<number>; count: number; amount: number; balance: number; overdue: number; overdueBal: number };
  const acc = new Map<number | null, Acc>();
  const get = (v: number | null) => acc.get(v) ?? acc.set(v, { eligible: 0, lent: new Set(), count: 0, amount: 0, balance: 0, overdue: 0, overdueBal: 0 }).get(v)!;
  const eligibleSet = new Set(eligible.map((h) => h.id));
  for (const h of eligible) get(h.villageId).eligible++;
  for (const l of loans) {
    const a = get(l.villageId);
    a.count++; a.amount += l.amountFen; a.balance += l.balanceAsOfFen;
    if (l.householdId != null && eligibleSet.has(l.householdId)) a.lent.add(l.householdId);
    if (overdueIds.has(l.id)) { a.overdue++; a.overdueBal += l.balanceAsOfFen; }
  }
  const order = [...villages.map((v) => v.id as number | null), null].filter((v) => acc.has(v));
  const name = new Map(villages.map((v) => [v.id, v.name]));
  const rows: Cell[][] = order.map((v, i) => {
    const a = acc.get(v)!;
    return [i + 1, v == null ? '（未填村）' : name.get(v) ?? '', a.eligible, a.lent.size, a.eligible ? pct(a.lent.size / a.eligible) : 0, a.count, wan(a.amount), wan(a.balance), a.overdue, wan(a.overdueBal)];
  });
  const sum = (c: number) => rows.reduce((x, r) => x + Number(r[c] ?? 0), 0);
  const all = [...acc.values()];
  const fen = (k: 'amount' | 'balance' | 'overdueBal') => wan(all.reduce((x, a) => x + a[k], 0));
  return {
    name: '小额信贷', title: '',
    columns: [{ header: '序号', width: 6 }, { header: '行政村', width: 12 }, { header: '脱贫户（含监测户）户数', width: 12 }, { header: '获贷户数', width: 9 },
      { header: '户贷率（%）', width: 9 }, { header: '贷款笔数', width: 9 }, { header: '放款金额（万元）', width: 12 }, { header: '贷款余额（万元）', width: 12 },
      { header: '逾期笔数', width: 9 }, { header: '逾期余额（万元）', width: 12 }],
    rows,
    total: ['合计', null, sum(2), sum(3), pct(ov.loans.householdLoanRate), sum(5), fen('amount'), fen('balance'), sum(8), fen('overdueBal')],
  };
}

/** 防返贫监测 per village: the 概览's figures, and how many households at risk were visited in the month. */
function monitoringSheet(ctx: Ctx, asOf: string, month: string, ov: Overview): TableSheet {
  // Households at risk on the day (as the 概览 counts them) with a visit in the month up to that day.
  const seen = new Set((ctx.db.prepare('SELECT DISTINCT household_id AS hh FROM monitor_visits WHERE visit_date >= ? AND visit_date <= ?').all(`${month}-01`, asOf) as { hh: number }[]).map((r) => r.hh));
  const visited = new Map<string, number>();
  for (const h of monitoredHouseholds(ctx)) {
    if (!openAt(h, asOf) || !seen.has(h.id)) continue;
    const v = h.village ?? '（未填村）';
    visited.set(v, (visited.get(v) ?? 0) + 1);
  }
  const rows: Cell[][] = ov.monitoring.byVillage.map((v, i) => [i + 1, v.village, v.households, v.open, v.noDevMeasure, visited.get(v.village) ?? 0]);
  const sum = (c: number) => rows.reduce((x, r) => x + Number(r[c] ?? 0), 0);
  return {
    name: '防返贫监测', title: '',
    columns: [{ header: '序号', width: 6 }, { header: '行政村', width: 12 }, { header: '监测户（户）', width: 10 }, { header: '风险未消除（户）', width: 12 },
      { header: '无开发式帮扶措施（户）', width: 14 }, { header: '本月已走访的风险未消除户', width: 14 }],
    rows,
    total: ['合计', null, sum(2), sum(3), sum(4), sum(5)],
  };
}

/** The ids of the loans overdue on the day (by the loans module's own rule). */
function overdueLoanIds(ctx: Ctx, asOf: string): number[] {
  return loanAlerts(ctx, asOf).overdueLoans.map((l) => l.id);
}

export async function exportMonthlyReport(ctx: Ctx, month: string): Promise<{ fileName: string; buffer: Buffer }> {
  const s = getSettings(ctx);
  const asOf = reportAsOf(month, todayIso(ctx.now()));
  const ov = getOverview(ctx, asOf);
  const [y, m] = month.split('-');
  const unit = `${s.county}${s.township}`;
  const note = `填报单位（盖章）：${s.township || '　　　　'}人民政府    统计月份：${y}年${Number(m)}月    统计截止：${dateCn(asOf)}`;
  const posts = postsByVillage(ctx, asOf, month);
  const sheets: TableSheet[] = [{
    name: '汇总', title: `${unit}巩固拓展脱贫攻坚成果月度统计表（${y}年${Number(m)}月）`, note,
    columns: SUMMARY_COLUMNS,
    rows: summaryRows(ov, { month, payableYuan: yuan(posts.payableFen), paidYuan: yuan(posts.paidFen) }),
    footer: FOOTER, landscape: false,
  }];
  const persons = personsByVillage(ctx);
  sheets.push({ ...persons, title: `${unit}脱贫人口和监测对象分村统计表`, note, footer: FOOTER });
  sheets.push({ name: posts.name, columns: posts.columns, rows: posts.rows, total: posts.total, title: `${unit}${y}年${Number(m)}月公益岗位分村统计表`, note, footer: FOOTER });
  const ws = workshopsSheet(ctx, asOf);
  sheets.push({ ...ws, title: `${unit}就业帮扶车间统计表`, note, footer: FOOTER });
  const ls = loansSheet(ctx, asOf, ov);
  sheets.push({ ...ls, title: `${unit}脱贫人口小额信贷分村统计表`, note: `${note}    单位：万元`, footer: FOOTER });
  const ms = monitoringSheet(ctx, asOf, month, ov);
  sheets.push({ ...ms, title: `${unit}防返贫监测分村统计表`, note: `${note}    办理超期 ${ov.monitoring.overdue} 件`, footer: FOOTER });
  const buffer = await writeWorkbook(sheets, { created: ctx.now() });
  return { fileName: `${s.township || '乡镇'}${y}年${Number(m)}月统计月报.xlsx`, buffer };
}
