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
 * 脱贫人口小额信贷台账 (print kind 'loans'): every loan in the ledger issued up to the 统计截止 date
 * (startDate, today by default), or only those issued in `month`; per village or for the whole
 * township. 合计 of 金额 and 余额, 金额 in words. IDs masked per the setting; the loan table holds no
 * bank account, and none is ever printed.
 */
export function loansView(ctx: Ctx, s: Settings, p: ViewParams): View {
  const date = p.startDate ?? todayIso();
  let village: string | null = null;
  if (p.villageId != null) {
    const v = ctx.db.prepare('SELECT name FROM villages WHERE id = ?').get(p.villageId) as { name: string } | undefined;
    if (!v) throw notFound('村');
    village = v.name;
  }
  const loans = allLoans(ctx)
    .filter((l) => (p.villageId == null || l.villageId === p.villageId)
      && (p.month ? l.issueDate.startsWith(`${p.month}-`) : l.issueDate <= date))
    // By village, then as issued: the order the county's ledger keeps.
    .sort((a, b) => (a.villageName ?? '\uffff').localeCompare(b.villageName ?? '\uffff', 'zh-Hans-CN')
      || a.issueDate.localeCompare(b.issueDate) || a.id - b.id);
  const amount = loans.reduce((n, l) => n + l.amountFen, 0);
  const balance = loans.reduce((n, l) => n + l.balanceFen, 0);
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
    { header: '状态', width: 3, align: 'center' },
    { header: BALANCE, width: 5.5, align: 'right', nowrap: true },
  ];
  const view = listView(s, {
    subject: '脱贫人口小额信贷台账',
    villageName: village,
    year: (p.month ?? date).slice(0, 4),
    date,
    meta: {
      left: `填报单位：${s.township.trim() || '＿＿乡（镇）'}人民政府（盖章）　　金额单位：元`,
      right: p.month ? `放款月份：${cnMonth(p.month)}` : `统计截止：${date}`,
    },
    columns,
    rows: loans.map((l, i) => [
      i + 1, ...(village ? [] : [l.villageName ?? '']), l.name, printId(s, l.idNo), printYuan(l.amountFen), l.issueDate,
      // A 展期 loan is due on its new date; the old one is history.
      l.effectiveDueDate, termText(l), l.bank ?? '', l.purpose ?? '', l.status, printYuan(l.balanceFen),
    ]),
    nameColumn: '借款人',
    count: { column: '借款人', unit: '笔' },
    sums: { [AMOUNT]: amount, [BALANCE]: balance },
    amountInWords: { label: '贷款金额合计（大写）', fen: amount },
    notes: loans.some((l) => l.status === '展期') ? ['展期的贷款，到期日期为展期后的日期。'] : undefined,
  }, village ?? '全乡镇');
  if (!loans.length) view.warnings.push(p.month ? `${cnMonth(p.month)}没有发放的贷款。` : '台账中没有贷款记录。');
  return view;
}
