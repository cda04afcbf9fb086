import { z } from 'zod';
import { ch, FileOut, iso, page, sort } from './schema';
import { LOAN_DERIVED_STATUSES } from '../status';
import { COMMON_BANKS, LOAN_STATUSES } from './labels';

/** Channels of the 小额信贷 module; handlers in electron/backend/handlers/loans.ts. */

export { LOAN_STATUSES, COMMON_BANKS };
export type LoanStatus = (typeof LOAN_STATUSES)[number];
/** Statuses of a loan that is still owed (not 已结清). */
export const ACTIVE_LOAN_STATUSES: readonly LoanStatus[] = ['正常', '逾期', '展期', '续贷'];

export const LoanInput = z.object({
  personId: z.number().int(),
  bank: z.string().max(40).nullable(),
  contractNo: z.string().max(60).nullable(),
  amountFen: z.number().int().min(1, '贷款金额应大于0').max(100_000_000),
  issueDate: iso,
  dueDate: iso,
  termMonths: z.number().int().min(1).max(240).nullable(),
  /** 年利率 in millionths: 3.45% = 34500. Null: the LPR setting applies. */
  rateE6: z.number().int().min(0).max(1_000_000).nullable(),
  /** 贴息比例 in basis points: 100% = 10000. */
  ratioBp: z.number().int().min(0).max(10_000).default(10_000),
  subsidized: z.boolean().default(true),
  /** 追加贷款: a second loan of the household recorded as such (total ≤ 10万, only the first 5万 subsidised). */
  additional: z.boolean().default(false),
  purpose: z.string().max(100).nullable(),
  status: z.enum(LOAN_STATUSES),
  /** First overdue day (a missed instalment); when null an overdue loan counts from its due date. */
  overdueSince: iso.nullable().default(null),
  /** When the status leaves 逾期: the day the arrears were cleared (defaults to today). */
  overdueEnded: iso.nullable().optional(),
  settledDate: iso.nullable().default(null),
  note: z.string().max(500).nullable(),
});
export type LoanInput = z.input<typeof LoanInput>;

export const Loan = z.object({
  id: z.number(),
  personId: z.number(),
  name: z.string(),
  idNo: z.string(),
  sex: z.string().nullable(),
  birthDate: z.string().nullable(),
  villageId: z.number().nullable(),
  villageName: z.string().nullable(),
  householdId: z.number().nullable(),
  householdNo: z.string().nullable(),
  householdType: z.string(),
  inRoster: z.boolean(),
  bank: z.string().nullable(),
  contractNo: z.string().nullable(),
  amountFen: z.number(),
  issueDate: z.string(),
  dueDate: z.string(),
  extendedDueDate: z.string().nullable(),
  /** The due date in force: the latest 展期 date, otherwise the contract's. */
  effectiveDueDate: z.string(),
  termMonths: z.number().nullable(),
  rateE6: z.number().nullable(),
  ratioBp: z.number(),
  subsidized: z.boolean(),
  additional: z.boolean(),
  purpose: z.string().nullable(),
  status: z.enum(LOAN_STATUSES),
  overdueSince: z.string().nullable(),
  settledDate: z.string().nullable(),
  note: z.string().nullable(),
  repaidPrincipalFen: z.number(),
  repaidInterestFen: z.number(),
  balanceFen: z.number(),
  ageAtIssue: z.number().nullable(),
  deletedAt: z.string().nullable(),
  updatedAt: z.string(),
  /** '户主' when the ledger named only the 户主 (户主姓名 column), not the borrower; null = the borrower. */
  borrowerSource: z.enum(['户主']).nullable(),
  /** What is true at `statusAsOf` from the dates and repayments; `status` stays what the ledger says (台账状态). */
  derivedStatus: z.enum(LOAN_DERIVED_STATUSES),
  statusAsOf: z.string(),
  /** The due date in force at `statusAsOf` (the latest 展期 granted by then). */
  dueDateAsOf: z.string(),
  balanceAsOfFen: z.number(),
  /** First overdue day when 逾期 at `statusAsOf`. */
  overdueFrom: z.string().nullable(),
});
export type Loan = z.infer<typeof Loan>;

export const Repayment = z.object({
  id: z.number(), loanId: z.number(), date: z.string().nullable(), principalFen: z.number(), interestFen: z.number(), note: z.string().nullable(),
});
export type Repayment = z.infer<typeof Repayment>;
export const Extension = z.object({
  id: z.number(), loanId: z.number(), date: z.string(), oldDueDate: z.string(), newDueDate: z.string(), note: z.string().nullable(),
});
export type Extension = z.infer<typeof Extension>;
export const OverdueSpell = z.object({ id: z.number(), from: z.string(), to: z.string().nullable() });

export const LoanDetail = Loan.extend({
  repayments: z.array(Repayment),
  extensions: z.array(Extension),
  overduePeriods: z.array(OverdueSpell),
});
export type LoanDetail = z.infer<typeof LoanDetail>;

export const LoanQuery = z.object({
  q: z.string().optional(), // 姓名、拼音首字母、身份证号或合同编号的一部分
  villageId: z.number().int().optional(),
  status: z.string().optional(),
  bank: z.string().optional(),
  deleted: z.boolean().default(false),
  /** The day the statuses are derived at (default today). */
  asOf: iso.optional(),
  sort,
  ...page,
});

export const AlertLoan = z.object({
  id: z.number(), contractNo: z.string().nullable(), name: z.string(), idNo: z.string(), villageName: z.string().nullable(),
  bank: z.string().nullable(), status: z.string(), balanceFen: z.number(), dueDate: z.string(),
  /** Days until due (due list) or days overdue (overdue list); null when unknown. */
  days: z.number().nullable(),
  /** The due window (30/60/90) or the overdue bucket key (1-3 … 70+, or "unknown"). */
  bucket: z.string(),
});
export type AlertLoan = z.infer<typeof AlertLoan>;

export const LoanAlerts = z.object({
  asOf: z.string(),
  windows: z.array(z.number()),
  due: z.array(z.object({ window: z.number(), count: z.number(), balanceFen: z.number() })),
  dueLoans: z.array(AlertLoan),
  overdue: z.array(z.object({ key: z.string(), label: z.string(), count: z.number(), balanceFen: z.number() })),
  overdueLoans: z.array(AlertLoan),
});
export type LoanAlerts = z.infer<typeof LoanAlerts>;

export const RateRow = z.object({
  villageId: z.number().nullable(),
  villageName: z.string(),
  /** 脱贫户 + 监测户 households in the roster. */
  eligible: z.number(),
  /** Of those, households that were ever lent to / lent to in the year / owe now. */
  ever: z.number(),
  inYear: z.number(),
  current: z.number(),
  everRate: z.number(),
  yearRate: z.number(),
  currentRate: z.number(),
});
export type RateRow = z.infer<typeof RateRow>;
export const HouseholdLoanRate = z.object({ year: z.number(), rows: z.array(RateRow), township: RateRow });
export type HouseholdLoanRate = z.infer<typeof HouseholdLoanRate>;

export const SubsidyRow = z.object({
  loanId: z.number(), villageName: z.string().nullable(), name: z.string(), idNo: z.string(), householdType: z.string(),
  bank: z.string().nullable(), contractNo: z.string().nullable(), amountFen: z.number(), issueDate: z.string(), dueDate: z.string(),
  rateE6: z.number(), ratioBp: z.number(), capFen: z.number(), from: z.string(), to: z.string(),
  days: z.number(), overdueDays: z.number(), subsidyFen: z.number(), interestPaidFen: z.number(), overdue: z.boolean(), note: z.string(),
  /** Left at 0 because a date is missing (逾期 without its first overdue day, 已结清 without 结清日期): listed under 缺少日期未计算. */
  missingDate: z.boolean(),
});
export type SubsidyRow = z.infer<typeof SubsidyRow>;
export const SubsidyTable = z.object({
  from: z.string(), to: z.string(), basis: z.number(), lprE6: z.number(),
  rows: z.array(SubsidyRow), totalFen: z.number(), totalWords: z.string(),
  /** The rows with `missingDate`: how many and their 贷款金额, the 缺少日期未计算 N 笔 subtotal. */
  missingDates: z.object({ count: z.number(), amountFen: z.number() }),
});
export type SubsidyTable = z.infer<typeof SubsidyTable>;

const period = z.object({ from: iso, to: iso });

export const loansChannels = {
  'loans.query': ch(LoanQuery, z.object({ rows: z.array(Loan), total: z.number() })),
  'loans.get': ch(z.object({ id: z.number().int(), asOf: iso.optional() }), LoanDetail),
  'loans.create': ch(LoanInput, LoanDetail),
  'loans.update': ch(LoanInput.extend({ id: z.number().int() }), LoanDetail),
  'loans.delete': ch(z.object({ id: z.number().int() }), z.object({ ok: z.literal(true) })),
  'loans.restore': ch(z.object({ id: z.number().int() }), LoanDetail),
  'loans.addRepayment': ch(z.object({
    loanId: z.number().int(), date: iso, principalFen: z.number().int().min(0), interestFen: z.number().int().min(0).default(0), note: z.string().max(200).nullable().default(null),
  }), LoanDetail),
  'loans.deleteRepayment': ch(z.object({ id: z.number().int() }), LoanDetail),
  'loans.extend': ch(z.object({ loanId: z.number().int(), date: iso, newDueDate: iso, note: z.string().max(200).nullable().default(null) }), LoanDetail),
  'loans.banks': ch(z.object({}), z.array(z.string())),
  'loans.alerts': ch(z.object({ asOf: iso }), LoanAlerts),
  'loans.householdRate': ch(z.object({ year: z.number().int().min(2013).max(2100) }), HouseholdLoanRate),
  'loans.subsidy': ch(period, SubsidyTable),
  'export.loans': ch(z.object({}), FileOut),
  'export.subsidy': ch(period, FileOut),
} as const;
