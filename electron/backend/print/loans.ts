import type { Settings } from '../../../shared/api/contract';
import type { Loan } from '../../../shared/api/loans';
import { todayIso } from '../../../shared/dates';
import { monthsBetween } from '../../../shared/interest';
import { notFound } from '../errors';
import type { Ctx } from '../services/context';
import { allLoans } from '../services/loans';
import { cnMonth, type PrintColumn } from './layout';
import { listView, printId, printYuan } from './list';
import type { View, ViewParams } from './posts';

const AMOUNT = '贷款金额（元）';
const BALANCE = '贷款余额（元）';

/** 期限 as the contract states it, else the months between 发放 and 到期 (what the county's ledger shows). */
function termText(l: Loan): string {
  const n = l.termMonths ?? monthsBetween(l.issueDate, l.dueDate);
  return n > 0 ? `${n}个月` : '';
}

/**
 * The two loan sheets, one code path:
 * - 脱贫人口小额信贷台账 (print kind 'loans'): every loan issued up to the 统计截止 date (startDate,
 *   today by default), or only those issued in `month`; with 状态 and 余额, 合计 of 金额 and 余额.
 * - 小额信贷发放公示 (print kind 'loanGongshi'): the loans issued in `month`, or in the year up to the
 *   公示 start date; what a notice board may show (no 状态, no 余额), with 公示期 from the settings,
 *   监督电话 and the seal line.
 * Per village or for the whole township; 金额 in words; IDs masked per the setting. The loan table
 * holds no bank account, and none is ever printed.
 */
function loanSheet(notice: boolean, ctx: Ctx, s: Settings, p: ViewParams): View {
  const date = p.startDate ?? todayIso(ctx.now());
  let village: string | null = null;
  if (p.villageId != null) {
    const v = ctx.db.prepare('SELECT name FROM villages WHERE id = ?').get(p.villageId) as { name: string } | undefined;
    if (!v) throw notFound('村');
    village = v.name;
  }
  const year = (p.month ?? date).slice(0, 4);
  const issued = (l: Loan) => (p.month ? l.issueDate.startsWith(`${p.month}-`)
    : l.issueDate <= date && (!notice || l.issueDate.startsWith(`${year}-`)));
  // Status, due date and balance as they stood on the sheet's date (填报日期 / 公示 start), not on the day it is printed.
  const loans = allLoans(ctx, date)
    .filter((l) => (p.villageId == null || l.villageId === p.villageId) && issued(l))
    // By village, then as issued: the order the county's ledger keeps.
    .sort((a, b) => (a.villageName ?? '\uffff').localeCompare(b.villageName ?? '\uffff', 'zh-Hans-CN')
      || a.issueDate.localeCompare(b.issueDate) || a.id - b.id);
  const amount = loans.reduce((n, l) => n + l.amountFen, 0);
  const balance = loans.reduce((n, l) => n + l.balanceAsOfFen, 0);
  const columns: PrintColumn[] = [
    { header: '序号', width: 2.5, align: 'center' },
    ...(village ? [] : [{ header: '村', width: 4.5, align: 'center' } as PrintColumn]),
    { header: '借款人', width: 4, align: 'center' },
    { header: '身份证号', width: 10, nowrap: true, align: 'center' },
    { header: AMOUNT, width: 5.5, align: 'right', nowrap: true },
    { header: '发放日期', width: 5.5, align: 'center', nowrap: true },
    { header: '到期日期', width: 5.5, align: 'center', nowrap: true },
    { header: '期限', width: 3.5, align: 'center' },
    { header: '贷款银行', width: 5, align: 'center' },
    { header: '用途', width: 6 },
    ...(notice ? [] : [{ header: '状态', width: 3, align: 'center' } as PrintColumn, { header: BALANCE, width: 5.5, align: 'right', nowrap: true } as PrintColumn]),
  ];
  const township = s.township.trim() || '＿＿乡（镇）';
  const scope = village ?? '全乡镇';
  const when = p.month ? cnMonth(p.month) : `${year}年`;
  const view = listView(s, {
    subject: '脱贫人口小额信贷台账',
    title: notice ? `关于${township}${village ?? ''}${year}年脱贫人口小额信贷发放情况的公示` : undefined,
    villageName: village,
    year,
    date,
    meta: notice ? { right: '金额单位：元' } : {
      left: `填报单位：${township}人民政府（盖章）　　金额单位：元`,
      right: p.month ? `放款月份：${cnMonth(p.month)}` : `统计截止：${date}`,
    },
    preamble: notice ? [`根据脱贫人口小额信贷政策有关规定，现将${village ?? township}${when}发放的${loans.length}笔脱贫人口小额信贷予以公示。`] : undefined,
    columns,
    rows: loans.map((l, i) => [
      i + 1, ...(village ? [] : [l.villageName ?? '']), l.name, printId(s, l.idNo), printYuan(l.amountFen), l.issueDate,
      // A 展期 loan is due on its new date; the old one is history.
      l.dueDateAsOf, termText(l), l.bank ?? '', l.purpose ?? '', ...(notice ? [] : [l.derivedStatus, printYuan(l.balanceAsOfFen)]),
    ]),
    nameColumn: '借款人',
    count: { column: '借款人', unit: '笔' },
    sums: notice ? { [AMOUNT]: amount } : { [AMOUNT]: amount, [BALANCE]: balance },
    amountInWords: { label: '贷款金额合计（大写）', fen: amount },
    notes: loans.some((l) => l.dueDateAsOf !== l.dueDate) ? ['展期的贷款，到期日期为展期后的日期。'] : undefined,
    gongshiStart: notice ? date : undefined,
  }, scope);
  if (!loans.length) view.warnings.push(p.month ? `${cnMonth(p.month)}没有发放的贷款。` : notice ? `${year}年到${date}没有发放的贷款。` : '台账中没有贷款记录。');
  if (notice && !s.maskIdsOnPrint) view.warnings.push('设置为打印完整身份证号：公示将显示完整号码。张贴公示前请确认，或到“设置”打开“打印时遮挡身份证号”。');
  return view;
}

/** 脱贫人口小额信贷台账 (print kind 'loans'). */
export const loansView = (ctx: Ctx, s: Settings, p: ViewParams): View => loanSheet(false, ctx, s, p);

/** 小额信贷发放公示 (print kind 'loanGongshi'). */
export const loanGongshiView = (ctx: Ctx, s: Settings, p: ViewParams): View => loanSheet(true, ctx, s, p);
