import type { Settings } from '../../../shared/api/contract';
import { addDays, todayIso } from '../../../shared/dates';
import { notFound } from '../errors';
import type { Ctx } from '../services/context';
import { monitoredHouseholds, openAt, type MonitoredHousehold } from '../services/monitoring';
import { cnMonth, type Cell, type PrintColumn } from './layout';
import { listView, printId, printYuan } from './list';
import type { View, ViewParams } from './posts';

/**
 * The 防返贫监测 sheets:
 * - 走访记录表 (print kind 'visits'): the visits of one month (`month`, else the month of the 填报日期),
 *   per household, for a village or the township, with the households at risk left unvisited named
 *   below the table (the monthly visit is what M06 asks for).
 * - 风险消除公示 (print kind 'eliminationGongshi'): the 监测户 whose risk was eliminated in `month`, or
 *   in the year up to the 公示 start date, with 户主, masked ID, 村, 监测对象类别, 风险消除方式 and the
 *   人均纯收入 of the elimination year; 公示期 and 监督电话 from the settings.
 */

function villageOf(ctx: Ctx, villageId: number | undefined): string | null {
  if (villageId == null) return null;
  const v = ctx.db.prepare('SELECT name FROM villages WHERE id = ?').get(villageId) as { name: string } | undefined;
  if (!v) throw notFound('村');
  return v.name;
}

const byVillage = (a: MonitoredHousehold, b: MonitoredHousehold) => (a.village ?? '\uffff').localeCompare(b.village ?? '\uffff', 'zh-Hans-CN')
  || (a.householdNo ?? '').localeCompare(b.householdNo ?? '') || a.id - b.id;

/** The last day of a YYYY-MM month. */
const monthEnd = (month: string) => addDays(`${nextMonth(month)}-01`, -1);
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

interface VisitRow { hh: number; date: string; visitor: string; method: string | null; incomeChange: string | null; riskChange: string | null; content: string | null }

export function visitsView(ctx: Ctx, s: Settings, p: ViewParams): View {
  const date = p.startDate ?? todayIso(ctx.now());
  const month = p.month ?? date.slice(0, 7);
  const village = villageOf(ctx, p.villageId);
  const households = new Map(monitoredHouseholds(ctx).filter((h) => !village || h.village === village).map((h) => [h.id, h]));
  const visits = (ctx.db.prepare(`SELECT household_id AS hh, visit_date AS date, visitor, method, income_change AS incomeChange, risk_change AS riskChange, content
    FROM monitor_visits WHERE visit_date >= ? AND visit_date <= ? ORDER BY visit_date, id`).all(`${month}-01`, `${month}-31`) as VisitRow[])
    .filter((v) => households.has(v.hh));
  const perHousehold = new Map<number, VisitRow[]>();
  for (const v of visits) (perHousehold.get(v.hh) ?? perHousehold.set(v.hh, []).get(v.hh)!).push(v);
  const visited = [...perHousehold.keys()].map((id) => households.get(id)!).sort(byVillage);
  const columns: PrintColumn[] = [
    { header: '序号', width: 2.5, align: 'center' },
    ...(village ? [] : [{ header: '村', width: 4, align: 'center' } as PrintColumn]),
    { header: '户主', width: 3.5, align: 'center' },
    { header: '身份证号', width: 9.5, nowrap: true, align: 'center' },
    { header: '监测对象类别', width: 5, align: 'center' },
    { header: '走访日期', width: 5, align: 'center', nowrap: true },
    { header: '走访人', width: 3.5, align: 'center' },
    { header: '方式', width: 2.5, align: 'center' },
    { header: '收支变化', width: 4.5 },
    { header: '风险变化', width: 4.5 },
    { header: '走访内容', width: 10 },
    { header: '户主签字', width: 3.5 },
  ];
  const rows: Cell[][] = [];
  visited.forEach((h, i) => {
    // One household's visits together; its own cells only on its first line, as the paper 走访记录表 is filled in.
    perHousehold.get(h.id)!.forEach((v, k) => rows.push([
      k ? '' : i + 1, ...(village ? [] : [k ? '' : h.village ?? '']), k ? '' : h.headName, k ? '' : printId(s, h.headIdNo), k ? '' : h.category ?? '',
      v.date, v.visitor, v.method ?? '', v.incomeChange ?? '', v.riskChange ?? '', v.content ?? '', '',
    ]));
  });
  const end = monthEnd(month);
  const missed = [...households.values()].filter((h) => openAt(h, end) && !perHousehold.has(h.id)).sort(byVillage);
  const notes = [`${cnMonth(month)}共走访${visited.length}户${visits.length}次。`];
  if (missed.length) notes.push(`本月未走访的风险未消除户（${missed.length}户）：${missed.map((h) => `${village ? '' : h.village ?? ''}${h.headName}`).join('、')}。`);
  const township = s.township.trim() || '＿＿乡（镇）';
  const view = listView(s, {
    subject: '防返贫监测对象走访记录表',
    title: `${township}${village ?? ''}${cnMonth(month)}防返贫监测对象走访记录表`,
    villageName: village,
    year: month.slice(0, 4),
    date,
    meta: { left: `填报单位：${township}人民政府（盖章）`, right: `走访月份：${cnMonth(month)}` },
    columns,
    rows,
    nameColumn: '户主',
    notes,
    orientation: 'landscape',
  }, village ?? '全乡镇');
  view.rows = visits.length;
  if (!visits.length) view.warnings.push(`${cnMonth(month)}${village ?? ''}没有走访记录。`);
  return view;
}

export function eliminationGongshiView(ctx: Ctx, s: Settings, p: ViewParams): View {
  const date = p.startDate ?? todayIso(ctx.now());
  const year = (p.month ?? date).slice(0, 4);
  const village = villageOf(ctx, p.villageId);
  const from = p.month ?? `${year}-01`, to = p.month ?? date.slice(0, 7);
  const list = monitoredHouseholds(ctx)
    .filter((h) => h.monitored === 1 && h.riskEliminated === 1 && h.eliminatedMonth && h.eliminatedMonth >= from && h.eliminatedMonth <= to && (!village || h.village === village))
    .sort(byVillage);
  const dayOf = new Map((ctx.db.prepare('SELECT household_id AS hh, eliminated_date AS d FROM monitor_households WHERE eliminated_date IS NOT NULL').all() as { hh: number; d: string }[]).map((r) => [r.hh, r.d]));
  // 人均纯收入 of the year the risk was eliminated (the one M02 compares with the monitoring line), else the latest before it.
  const income = ctx.db.prepare('SELECT per_capita_fen AS fen FROM monitor_incomes WHERE household_id = ? AND year <= ? ORDER BY year DESC LIMIT 1');
  const INCOME = '人均纯收入（元）';
  const columns: PrintColumn[] = [
    { header: '序号', width: 2.5, align: 'center' },
    ...(village ? [] : [{ header: '村', width: 4.5, align: 'center' } as PrintColumn]),
    { header: '户主', width: 4, align: 'center' },
    { header: '身份证号', width: 10, nowrap: true, align: 'center' },
    { header: '家庭人口', width: 3, align: 'center' },
    { header: '监测对象类别', width: 6, align: 'center' },
    { header: '风险消除方式', width: 6, align: 'center' },
    { header: INCOME, width: 5.5, align: 'right', nowrap: true },
    { header: '风险消除时间', width: 5, align: 'center', nowrap: true },
  ];
  const township = s.township.trim() || '＿＿乡（镇）';
  const when = p.month ? cnMonth(p.month) : `${year}年`;
  const view = listView(s, {
    subject: '防返贫监测对象风险消除公示',
    title: `关于${township}${village ?? ''}${when}防返贫监测对象风险消除情况的公示`,
    villageName: village,
    year,
    date,
    meta: { right: '金额单位：元' },
    preamble: [`根据防止返贫动态监测和帮扶工作有关规定，经入户核实、村级评议、乡镇审核，${village ?? township}${when}拟标注风险消除的监测对象共${list.length}户，现予以公示。`],
    columns,
    rows: list.map((h, i) => {
      const fen = (income.get(h.id, Number((h.eliminatedMonth ?? year).slice(0, 4))) as { fen: number } | undefined)?.fen;
      return [i + 1, ...(village ? [] : [h.village ?? '']), h.headName, printId(s, h.headIdNo), h.members.length, h.category ?? '', h.eliminationMethod ?? '',
        printYuan(fen), dayOf.get(h.id) ?? h.eliminatedMonth ?? ''];
    }),
    nameColumn: '户主',
    count: { column: '户主', unit: '户' },
    gongshiStart: date,
  }, village ?? '全乡镇');
  if (!list.length) view.warnings.push(`${when}${village ?? ''}没有风险消除的监测户。`);
  if (!s.maskIdsOnPrint) view.warnings.push('设置为打印完整身份证号：公示将显示完整号码。张贴公示前请确认，或到“设置”打开“打印时遮挡身份证号”。');
  return view;
}
