import { todayIso } from '../../../shared/dates';
import { amountInWords } from '../../../shared/money';
import { SUBSIDY_CAP_FEN, formatRatePercent, formatRatioPercent } from '../../../shared/interest';
import type { Ctx } from '../services/context';
import { getSettings } from '../services/settings';
import { allLoans, subsidyTable } from '../services/loans';
import { writeWorkbook, type Column, type TableSheet } from './workbook';

/** 分 → 万元 / 元 as numbers for the sheet: one division of an integer, which prints back exactly. */
const toWan = (fen: number) => fen / 1_000_000;
const toYuan = (fen: number) => fen / 100;

/**
 * The county's 小额信贷台账 layout (title, 单位 note, header on row 3, 贷款金额 in 万元, 已还本金 in
 * 元), with the columns the county file lacks (贴息比例, 追加贷款, 展期, 逾期, 结清) after 备注. What
 * we write here imports back unchanged. The 交换包 takes this sheet too.
 */
export function loansSheet(ctx: Ctx): TableSheet {
  const s = getSettings(ctx);
  const loans = allLoans(ctx).sort((a, b) => (a.contractNo ?? '').localeCompare(b.contractNo ?? '') || a.issueDate.localeCompare(b.issueDate) || a.id - b.id);
  const columns: Column[] = [
    { header: '序号', width: 6 }, { header: '行政村', width: 12 }, { header: '借款人姓名', width: 10 }, { header: '身份证号', type: 'text', width: 21 },
    { header: '户类型', width: 8 }, { header: '贷款银行', width: 12 }, { header: '合同编号', type: 'text', width: 16 },
    { header: '贷款金额（万元）', type: 'number', width: 12 }, { header: '放款日期', type: 'text', width: 12 }, { header: '到期日期', type: 'text', width: 12 },
    { header: '期限（月）', width: 8 }, { header: '年利率（%）', width: 9 }, { header: '贷款用途', width: 12 }, { header: '是否贴息', width: 8 },
    { header: '还款状态', width: 9 }, { header: '已还本金（元）', type: 'money', width: 13 }, { header: '备注', width: 16 },
    { header: '贴息比例（%）', width: 9 }, { header: '追加贷款', width: 8 }, { header: '展期到期日期', type: 'text', width: 12 },
    { header: '逾期起始日期', type: 'text', width: 12 }, { header: '结清日期', type: 'text', width: 12 },
  ];
  const rows = loans.map((l, i) => [
    i + 1, l.villageName, l.name, l.idNo, l.householdType, l.bank, l.contractNo, toWan(l.amountFen), l.issueDate, l.dueDate,
    l.termMonths, l.rateE6 == null ? null : Number(formatRatePercent(l.rateE6)), l.purpose,
    l.subsidized ? (l.amountFen > SUBSIDY_CAP_FEN ? '部分' : '是') : '否', l.status, toYuan(l.repaidPrincipalFen), l.note,
    Number(formatRatioPercent(l.ratioBp)), l.additional ? '是' : '否', l.extendedDueDate, l.overdueSince, l.settledDate,
  ]);
  const totalFen = loans.reduce((sum, l) => sum + l.amountFen, 0);
  const repaidFen = loans.reduce((sum, l) => sum + l.repaidPrincipalFen, 0);
  const stamp = todayIso(ctx.now());
  return {
    name: '小额信贷台账',
    title: `${s.county}${s.township}脱贫人口小额信贷台账`,
    note: `单位：万元、元    导出时间：${stamp}    共 ${loans.length} 笔`,
    columns, rows,
    total: ['合计', null, `${loans.length}笔`, null, null, null, null, toWan(totalFen), null, null, null, null, null, null, null, toYuan(repaidFen), null, null, null, null, null, null],
    footer: '审核人：                填表人：                联系电话：',
  };
}

export async function exportLoans(ctx: Ctx): Promise<{ fileName: string; buffer: Buffer }> {
  const buffer = await writeWorkbook([loansSheet(ctx)], { created: ctx.now() });
  return { fileName: `${getSettings(ctx).township || '乡镇'}小额信贷台账-${todayIso(ctx.now())}.xlsx`, buffer };
}

/** 贴息明细表 for a period: one row per loan, 合计 with the total in words (大写), the method stamped on the sheet. */
export async function exportSubsidy(ctx: Ctx, from: string, to: string): Promise<{ fileName: string; buffer: Buffer }> {
  const s = getSettings(ctx);
  const t = subsidyTable(ctx, from, to);
  const columns: Column[] = [
    { header: '序号', width: 6 }, { header: '行政村', width: 12 }, { header: '借款人', width: 10 }, { header: '身份证号', type: 'text', width: 21 },
    { header: '户类型', width: 8 }, { header: '贷款银行', width: 12 }, { header: '合同编号', type: 'text', width: 16 },
    { header: '贷款金额（元）', type: 'money', width: 13 }, { header: '放款日期', type: 'text', width: 12 }, { header: '到期日期', type: 'text', width: 12 },
    { header: '年利率（%）', width: 9 }, { header: '贴息比例（%）', width: 9 }, { header: '贴息本金上限（元）', type: 'money', width: 13 },
    { header: '本期计息起止', type: 'text', width: 24 }, { header: '贴息天数', width: 8 }, { header: '逾期天数', width: 8 },
    { header: '应贴息（元）', type: 'money', width: 13 }, { header: '已还利息（元）', type: 'money', width: 13 }, { header: '是否逾期', width: 8 },
    { header: '备注', width: 40 },
  ];
  const line = (r: (typeof t.rows)[number], i: number) => [
    i + 1, r.villageName, r.name, r.idNo, r.householdType, r.bank, r.contractNo, toYuan(r.amountFen), r.issueDate, r.dueDate,
    Number(formatRatePercent(r.rateE6)), Number(formatRatioPercent(r.ratioBp)), toYuan(r.capFen), `${r.from} 至 ${r.to}`, r.days, r.overdueDays,
    toYuan(r.subsidyFen), toYuan(r.interestPaidFen), r.overdue ? '是' : '否', r.note,
  ];
  const done = t.rows.filter((r) => !r.missingDate), missing = t.rows.filter((r) => r.missingDate);
  const subtotal = (label: string, list: typeof t.rows) => [label, null, `${list.length}笔`, null, null, null, null, toYuan(list.reduce((sum, r) => sum + r.amountFen, 0)),
    null, null, null, null, null, null, null, null, toYuan(list.reduce((sum, r) => sum + r.subsidyFen, 0)), toYuan(list.reduce((sum, r) => sum + r.interestPaidFen, 0)), null, null];
  // Loans left at 0 for a missing date get their own subtotal: the 合计 shows it is short, and by how many loans.
  const rows = missing.length
    ? [...done.map(line), subtotal('已计算小计', done), ...missing.map((r, i) => line(r, done.length + i)),
      subtotal(`缺少日期未计算 ${missing.length} 笔`, missing).map((c, i) => (i === 19 ? '缺少放款后的逾期起始日期或结清日期，本期按0元计；补填日期后重新计算' : c))]
    : done.map(line);
  const paid = t.rows.reduce((sum, r) => sum + r.interestPaidFen, 0);
  const buffer = await writeWorkbook([{
    name: '贴息明细表',
    title: `${s.county}${s.township}脱贫人口小额信贷贴息明细表（${from} 至 ${to}）`,
    note: `计息方法：贴息 = 贷款余额（以5万元为限）× 年利率 × 贴息比例 × 天数 ÷ ${t.basis}；逾期期间不贴息；合同未填利率的按LPR ${formatRatePercent(t.lprE6)}%。单位：元${t.missingDates.count ? `。另有缺少日期未计算 ${t.missingDates.count} 笔，列在表末` : ''}`,
    columns, rows,
    total: ['合计', null, `${t.rows.length}笔`, null, null, null, null, toYuan(t.rows.reduce((sum, r) => sum + r.amountFen, 0)), null, null, null, null, null, null,
      null, null, toYuan(t.totalFen), toYuan(paid), null, `大写：${t.totalWords}`],
    footer: `合计应贴息（大写）：${amountInWords(t.totalFen)}        审核人：                填表人：                填报日期：`,
  }], { created: ctx.now() });
  return { fileName: `${s.township || '乡镇'}小额信贷贴息明细表-${from}至${to}.xlsx`, buffer };
}
