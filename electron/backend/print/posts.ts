/**
 * 公益岗位 print views: 聘用公示, 退岗公示, 花名册, 月度工资发放表. Each reads the data, masks what
 * must not be posted, and returns a PrintDoc for the shared layout plus the warnings the preview
 * shows (生僻字, settings not filled in, holders left out).
 */
import { maskId, maskPhone } from '../../../shared/idcard';
import { todayIso } from '../../../shared/dates';
import { rareCharWarning } from '../../../shared/rarechars';
import type { Settings } from '../../../shared/api/contract';
import { AppError, notFound } from '../errors';
import { COVERS_MONTH, expiredLeftOut } from '../services/posts';
import type { Ctx } from '../services/context';
import { cnDate, cnMonth, gongshiPeriod, yuanText, type Cell, type GongshiPeriod, type PrintColumn, type PrintDoc } from './layout';

export interface ViewParams {
  villageId?: number;
  /** 聘用公示: appointments starting in this month; 退岗公示: exits in it; 花名册: holders active in it; 工资表: the pay month. */
  month?: string;
  /** 公示开始日期 (公示) or 填报日期 (花名册, 工资表); today when absent. */
  startDate?: string;
  /** 聘用公示 of exactly these appointments; `renewal` words it as a 续聘公示 (after a 批量续聘). */
  appointmentIds?: number[];
  renewal?: boolean;
}

export interface View {
  doc: PrintDoc;
  warnings: string[];
  rows: number;
  /** Set for the two 公示 kinds. */
  gongshi: GongshiPeriod | null;
  /** 东关村 or 全乡镇: what the 公示 covers. */
  scope: string;
  /** The appointments a 公示 lists: recorded with it, so P10 clears exactly these. */
  appointmentIds?: number[];
  /** The people on the sheet (身份证号): 打印前核对 lists their findings. */
  idNos?: string[];
}

interface Place {
  township: string;
  gov: string;
  village: string | null;
  /** Township + village, for titles. */
  name: string;
  scope: string;
}

export function placeOf(ctx: Ctx, s: Settings, villageId: number | undefined | null, warnings: string[]): Place {
  const township = s.township.trim();
  if (!township) warnings.push('设置中还没有填写乡镇名称，标题和落款处会留空。请到“设置”页填写后再打印。');
  const t = township || '＿＿乡（镇）';
  let village: string | null = null;
  if (villageId != null) {
    const v = ctx.db.prepare('SELECT name FROM villages WHERE id = ?').get(villageId) as { name: string } | undefined;
    if (!v) throw notFound('村');
    village = v.name;
  }
  return { township: t, gov: `${t}人民政府`, village, name: `${t}${village ?? ''}`, scope: village ?? '全乡镇' };
}

function monthBounds(month: string) {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(last).padStart(2, '0')}` };
}

interface HolderRow {
  apptId: number; village: string | null; name: string; sex: string | null; idNo: string; hhType: string | null; phone: string | null;
  post: string; category: string; fund: string | null; startDate: string; endDate: string | null; wage: number;
  status: string; remark: string | null; exitDate: string | null; exitReason: string | null; exitNote: string | null;
}

const HOLDER_SELECT = `SELECT a.id AS apptId, v.name AS village, pe.name, pe.sex, pe.id_no AS idNo, h.hh_type AS hhType, pe.phone, po.name AS post, po.category,
    po.fund_source AS fund, a.start_date AS startDate, a.end_date AS endDate, a.wage_fen AS wage, a.status, a.remark,
    a.exit_date AS exitDate, a.exit_reason AS exitReason, a.exit_note AS exitNote
  FROM appointments a JOIN posts po ON po.id = a.post_id JOIN persons pe ON pe.id = a.person_id
  LEFT JOIN villages v ON v.id = po.village_id LEFT JOIN households h ON h.id = pe.household_id`;
const HOLDER_ORDER = 'ORDER BY v.name, po.name, pe.name_initials, a.id';

function holders(ctx: Ctx, where: string, args: unknown[], villageId?: number): HolderRow[] {
  return ctx.db.prepare(`${HOLDER_SELECT} WHERE ${where} AND (? IS NULL OR po.village_id = ?) ${HOLDER_ORDER}`)
    .all(...args, villageId ?? null, villageId ?? null) as HolderRow[];
}

/** 生僻字 in names (and village names) → one warning each. */
function rareWarnings(rows: { name: string; village?: string | null }[], warnings: string[]) {
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const w = rareCharWarning(`第${i + 1}行姓名`, r.name);
    if (w) warnings.push(w);
    if (r.village && !seen.has(r.village)) {
      seen.add(r.village);
      const v = rareCharWarning('村名', r.village);
      if (v) warnings.push(v);
    }
  });
}

const idText = (s: Settings, id: string) => (s.maskIdsOnPrint ? maskId(id) : id);
/** Bank accounts never go on a 公示; on the pay sheet only the last 4 digits when masking is on. */
const accountText = (s: Settings, acct: string | null) => (!acct ? '' : s.maskIdsOnPrint ? `尾号${acct.slice(-4)}` : acct);
const period = (a: string | null, b: string | null) => (!a ? '' : b ? `${a.replaceAll('-', '.')}—${b.replaceAll('-', '.')}` : `${a.replaceAll('-', '.')}起`);

function blankTotal(columns: PrintColumn[], set: Record<string, string>): Cell[] {
  return columns.map((c, i) => (i === 0 ? '合计' : set[c.header] ?? ''));
}

function withoutVillage(columns: PrintColumn[], place: Place): PrintColumn[] {
  return place.village ? columns.filter((c) => c.header !== '村') : columns;
}

function maskNotice(s: Settings, warnings: string[], what: string) {
  if (!s.maskIdsOnPrint) warnings.push(`设置为打印完整身份证号：${what}将显示完整号码。张贴公示前请确认，或到“设置”打开“打印时遮挡身份证号”。`);
}

/**
 * What differs between the two 公示 of a post: which appointments they list, the columns, the
 * wording. Everything else (公示期 from the settings, 监督电话, who seals it, masking, warnings) is
 * one code path in noticeView, so the two can never drift apart.
 */
interface NoticeSpec {
  /** Appointments listed; `monthWhere` narrows to the month (two ISO bounds). */
  where: string;
  monthWhere: string;
  title: (place: Place, year: string) => string;
  preamble: (place: Place, n: number) => string;
  noneWarning: (month: string | undefined) => string;
  emptyText: string;
  columns: PrintColumn[];
  /** Cells after 序号/村/姓名/性别/身份证号. */
  cells: (r: HolderRow) => Cell[];
  /** A monthly amount to total and write in words (聘用公示: 月补贴). */
  sumWage: boolean;
}

const NOTICE_HEAD: PrintColumn[] = [
  { header: '序号', width: 2.5, align: 'center' },
  { header: '村', width: 5 },
  { header: '姓名', width: 4, align: 'center' },
  { header: '性别', width: 2.5, align: 'center' },
  { header: '身份证号', width: 10, nowrap: true, align: 'center' },
];
const reviewedBy = (place: Place) => `村“两委”研究${place.village ? '' : '、乡镇审核'}`;

const HIRE_NOTICE: NoticeSpec = {
  where: "a.status <> '离岗'",
  monthWhere: 'a.start_date BETWEEN ? AND ?',
  title: (place, year) => `关于${place.name}${year}年乡村公益性岗位拟聘用人员的公示`,
  preamble: (place, n) => `根据乡村公益性岗位管理有关规定，按照“按需设岗、以岗聘任、在岗领补、有序退岗”的要求，经本人申请、村民代表会议评议、${reviewedBy(place)}，拟聘用以下${n}名同志为乡村公益性岗位人员，现予以公示。`,
  noneWarning: (month) => (month ? `${cnMonth(month)}没有新聘用的人员。` : '没有在岗的公益岗位人员。'),
  emptyText: '（无拟聘用人员）',
  columns: [
    ...NOTICE_HEAD,
    { header: '人员类别', width: 4.5, align: 'center' },
    { header: '岗位名称', width: 6 },
    { header: '聘用期限', width: 11, align: 'center' },
    { header: '月补贴（元）', width: 5.5, align: 'right', nowrap: true },
  ],
  cells: (r) => [r.hhType ?? '', r.post, period(r.startDate, r.endDate), yuanText(r.wage)],
  sumWage: true,
};

const EXIT_NOTICE: NoticeSpec = {
  where: "a.status = '离岗'",
  monthWhere: 'a.exit_date BETWEEN ? AND ?',
  title: (place, year) => `关于${place.name}${year}年乡村公益性岗位人员退岗的公示`,
  preamble: (place, n) => `根据乡村公益性岗位“有序退岗”的管理要求，经${reviewedBy(place)}，以下${n}名同志退出乡村公益性岗位，现予以公示。`,
  noneWarning: (month) => (month ? `${cnMonth(month)}没有退岗的人员。` : '没有退岗记录。'),
  emptyText: '（无退岗人员）',
  columns: [
    ...NOTICE_HEAD,
    { header: '岗位名称', width: 6 },
    { header: '聘用开始日期', width: 5.5, align: 'center' },
    { header: '退岗日期', width: 5.5, align: 'center' },
    { header: '退岗原因', width: 8 },
  ],
  cells: (r) => [r.post, r.startDate, r.exitDate ?? '',
    r.exitReason === '其他' && r.exitNote ? r.exitNote : [r.exitReason, r.exitNote].filter(Boolean).join('：')],
  sumWage: false,
};

/** One 公示 sheet (聘用 or 退岗), per village or for the whole township. Bank accounts are never listed. */
function noticeView(spec: NoticeSpec, ctx: Ctx, s: Settings, p: ViewParams): View {
  const warnings: string[] = [];
  const place = placeOf(ctx, s, p.villageId, warnings);
  const start = p.startDate ?? todayIso(ctx.now());
  const g = gongshiPeriod(start, s.gongshiDays);
  let rows: HolderRow[];
  if (p.month) {
    const b = monthBounds(p.month);
    rows = holders(ctx, `${spec.where} AND ${spec.monthWhere}`, [b.first, b.last], p.villageId);
  } else rows = holders(ctx, spec.where, [], p.villageId);
  rareWarnings(rows, warnings);
  maskNotice(s, warnings, '公示');
  if (!s.supervisionPhone.trim()) warnings.push('设置中还没有填写监督电话，公示上的监督电话会留空。请到“设置”页填写。');
  if (!rows.length) warnings.push(spec.noneWarning(p.month));

  const columns = withoutVillage(spec.columns, place);
  const total = rows.reduce((n, r) => n + r.wage, 0);
  const doc: PrintDoc = {
    title: spec.title(place, start.slice(0, 4)),
    preamble: [spec.preamble(place, rows.length)],
    columns,
    rows: rows.map((r, i) => [i + 1, ...(place.village ? [] : [r.village ?? '乡直']), r.name, r.sex ?? '', idText(s, r.idNo), ...spec.cells(r)]),
    emptyText: spec.emptyText,
    total: blankTotal(columns, spec.sumWage ? { 姓名: `共${rows.length}人`, '月补贴（元）': yuanText(total) } : { 姓名: `共${rows.length}人` }),
    amountInWords: spec.sumWage ? { label: '月补贴合计（大写）', fen: total } : undefined,
    closing: {
      gongshi: g,
      objection: `如有异议，请在公示期内${place.village ? `向${place.village}村民委员会或` : '向'}${place.gov}实名反映。`,
      supervisionPhone: s.supervisionPhone,
      units: [place.village ? `${place.village}村民委员会` : place.gov],
      date: start,
    },
  };
  return { doc, warnings, rows: rows.length, gongshi: g, scope: place.scope, appointmentIds: rows.map((r) => r.apptId), idNos: rows.map((r) => r.idNo) };
}

/** 续聘公示: the appointments a 批量续聘 just renewed, with their new 聘用期限. */
const RENEW_NOTICE: NoticeSpec = {
  ...HIRE_NOTICE,
  title: (place, year) => `关于${place.name}${year}年乡村公益性岗位人员续聘的公示`,
  preamble: (place, n) => `根据乡村公益性岗位管理有关规定，经${reviewedBy(place)}，以下${n}名同志聘用期满后拟续聘为乡村公益性岗位人员，现予以公示。`,
  noneWarning: () => '续聘名单中没有在岗人员。',
  emptyText: '（无拟续聘人员）',
};

/** 公益岗位聘用公示 (拟聘用人员公示), per village or for the whole township; with appointment ids, exactly those (续聘公示 when `renewal`). */
export const gongshiView = (ctx: Ctx, s: Settings, p: ViewParams): View => (p.appointmentIds?.length
  ? noticeView({ ...(p.renewal ? RENEW_NOTICE : HIRE_NOTICE), where: `${HIRE_NOTICE.where} AND a.id IN (${p.appointmentIds.map(Number).join(',')})` }, ctx, s, { ...p, month: undefined })
  : noticeView(HIRE_NOTICE, ctx, s, p));

/** 退岗公示: who left which post, when and why. */
export const exitGongshiView = (ctx: Ctx, s: Settings, p: ViewParams): View => noticeView(EXIT_NOTICE, ctx, s, p);

/** 公益岗位人员花名册 (FORMATS.md §1 column order). */
export function rosterView(ctx: Ctx, s: Settings, p: ViewParams): View {
  const warnings: string[] = [];
  const place = placeOf(ctx, s, p.villageId, warnings);
  const date = p.startDate ?? todayIso(ctx.now());
  let rows: HolderRow[];
  if (p.month) {
    const b = monthBounds(p.month);
    // Whose agreement covers some day of the month: an exit cuts it short, never stretches it.
    rows = holders(ctx, "a.start_date <= ? AND coalesce(a.end_date, '9999-12-31') >= ? AND coalesce(a.exit_date, '9999-12-31') >= ? AND (a.status <> '离岗' OR a.exit_date IS NOT NULL)",
      [b.last, b.first, b.first], p.villageId);
  } else rows = holders(ctx, "a.status <> '离岗'", [], p.villageId);
  rareWarnings(rows, warnings);
  if (!rows.length) warnings.push('没有符合条件的公益岗位人员。');

  const columns = withoutVillage([
    { header: '序号', width: 2.5, align: 'center' },
    { header: '村', width: 4.5 },
    { header: '姓名', width: 4, align: 'center' },
    { header: '性别', width: 2.5, align: 'center' },
    { header: '身份证号', width: 10, nowrap: true, align: 'center' },
    { header: '人员类别', width: 4, align: 'center' },
    { header: '岗位名称', width: 5.5 },
    { header: '资金来源', width: 5.5 },
    { header: '聘用起止日期', width: 10.5, align: 'center' },
    { header: '月补贴（元）', width: 5.5, align: 'right', nowrap: true },
    { header: '联系电话', width: 6, nowrap: true, align: 'center' },
    { header: '备注', width: 4 },
  ], place);
  const total = rows.reduce((n, r) => n + r.wage, 0);
  const year = (p.month ?? date).slice(0, 4);
  const doc: PrintDoc = {
    title: `${place.name}${year}年乡村公益性岗位人员花名册`,
    meta: { left: `填报单位：${place.gov}`, right: `${p.month ? `统计月份：${cnMonth(p.month)}　　` : ''}填报日期：${cnDate(date)}` },
    columns,
    rows: rows.map((r, i) => [i + 1, ...(place.village ? [] : [r.village ?? '乡直']), r.name, r.sex ?? '', idText(s, r.idNo), r.hhType ?? '',
      r.post, r.fund ?? r.category, period(r.startDate, r.endDate), yuanText(r.wage), r.phone ? maskPhone(r.phone) : '',
      r.status === '在岗' ? (r.remark ?? '') : [r.status, r.remark].filter(Boolean).join('；')]),
    emptyText: '（无）',
    total: blankTotal(columns, { 姓名: `共${rows.length}人`, '月补贴（元）': yuanText(total) }),
    amountInWords: { label: '月补贴合计（大写）', fen: total },
    closing: { signers: ['审核人', '填表人', '联系电话'], units: [place.gov], date },
  };
  return { doc, warnings, rows: rows.length, gongshi: null, scope: place.scope, idNos: rows.map((r) => r.idNo) };
}

interface WageRow {
  village: string | null; post: string; name: string; idNo: string; account: string | null; due: number | null; present: number | null;
  assessment: string; wage: number; payable: number; paid: number; reason: string | null;
}

/** 月度工资发放表 with a 本人签字 column; 合计 of 应发 and 实发, 实发 in words. */
export function wagesView(ctx: Ctx, s: Settings, p: ViewParams): View {
  const warnings: string[] = [];
  const place = placeOf(ctx, s, p.villageId, warnings);
  const month = p.month
    ?? (ctx.db.prepare('SELECT max(month) AS m FROM attendance').get() as { m: string | null }).m
    ?? todayIso(ctx.now()).slice(0, 7);
  if (!/^\d{4}-\d{2}$/.test(month)) throw new AppError('VALIDATION', '月份应为 YYYY-MM，例如 2024-07');
  const date = p.startDate ?? todayIso(ctx.now());
  // Everyone whose agreement covers some day of the month, attendance entered or not (as the Excel 工资发放表).
  const b = monthBounds(month);
  const all = ctx.db.prepare(`SELECT v.name AS village, po.name AS post, pe.name, pe.id_no AS idNo, a.bank_account AS account,
      t.due_days AS due, t.present_days AS present, t.assessment, a.wage_fen AS wage, t.payable_fen AS payable, t.paid_fen AS paid, t.paid_reason AS reason,
      t.appointment_id IS NOT NULL AS entered
    FROM appointments a JOIN posts po ON po.id = a.post_id JOIN persons pe ON pe.id = a.person_id
    LEFT JOIN attendance t ON t.appointment_id = a.id AND t.month = @month
    LEFT JOIN villages v ON v.id = po.village_id WHERE ${COVERS_MONTH} AND (@v IS NULL OR po.village_id = @v) ORDER BY v.name, po.name, pe.name_initials, a.id`)
    .all({ month, first: b.first, last: b.last, v: p.villageId ?? null }) as (WageRow & { entered: number })[];
  const rows: WageRow[] = all.map(({ entered, ...r }) => (entered ? r : { ...r, due: null, present: null, assessment: '', payable: 0, paid: 0, reason: '未登记考勤' }));
  const missing = all.filter((r) => !r.entered).length;
  if (missing) warnings.push(`${cnMonth(month)}有 ${missing} 名在岗人员还没有登记考勤，表中应发、实发按0列出。请先在“考勤与工资”中登记。`);
  const left = expiredLeftOut(ctx, month, p.villageId);
  if (left.note) warnings.push(left.note);
  if (!rows.length) warnings.push(`${cnMonth(month)}没有聘用协议在期的人员。`);
  rareWarnings(rows, warnings);

  const columns = withoutVillage([
    { header: '序号', width: 2.5, align: 'center' },
    { header: '村', width: 4.5 },
    { header: '岗位名称', width: 5 },
    { header: '姓名', width: 4, align: 'center' },
    { header: '身份证号', width: 10, nowrap: true, align: 'center' },
    { header: '应出勤天数', width: 3, align: 'center' },
    { header: '实出勤天数', width: 3, align: 'center' },
    { header: '考核结果', width: 3, align: 'center' },
    { header: '月补贴标准（元）', width: 5, align: 'right', nowrap: true },
    { header: '应发金额（元）', width: 5, align: 'right', nowrap: true },
    { header: '实发金额（元）', width: 5, align: 'right', nowrap: true },
    { header: '银行卡号', width: s.maskIdsOnPrint ? 4.5 : 10, nowrap: true, align: 'center' },
    { header: '备注', width: 4 },
    { header: '本人签字', width: 6.5 },
  ], place);
  const payable = rows.reduce((n, r) => n + r.payable, 0);
  const paid = rows.reduce((n, r) => n + r.paid, 0);
  const doc: PrintDoc = {
    title: `${place.name}${cnMonth(month)}乡村公益性岗位工资发放表`,
    meta: { left: `发放单位：${place.gov}　　金额单位：元`, right: `发放月份：${cnMonth(month)}　　共${rows.length}人` },
    columns,
    rows: rows.map((r, i) => [i + 1, ...(place.village ? [] : [r.village ?? '乡直']), r.post, r.name, idText(s, r.idNo), r.due ?? '', r.present ?? '', r.assessment,
      yuanText(r.wage), yuanText(r.payable), yuanText(r.paid), accountText(s, r.account), r.reason ?? '', '']),
    emptyText: '（本月没有考勤记录）',
    total: blankTotal(columns, { 姓名: `共${rows.length}人`, '应发金额（元）': yuanText(payable), '实发金额（元）': yuanText(paid) }),
    amountInWords: { label: '实发合计（大写）', fen: paid },
    closing: { signers: ['单位负责人', '审核人', '经办人'], units: [place.gov], date },
  };
  return { doc, warnings, rows: rows.length, gongshi: null, scope: place.scope, idNos: rows.map((r) => r.idNo) };
}
