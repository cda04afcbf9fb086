/**
 * Statuses derived from a record's own dates at an as-of date, next to what the file said (台账状态).
 * Pure: the same record and the same as-of date always give the same status, whatever day it is run.
 */

export const LOAN_DERIVED_STATUSES = ['未放款', '正常', '即将到期', '逾期', '已结清', '展期'] as const;
export type LoanDerivedStatus = (typeof LOAN_DERIVED_STATUSES)[number];

export interface LoanFacts {
  amountFen: number;
  issueDate: string;
  /** The contract's due date (before any 展期). */
  dueDate: string;
  /** 台账状态: what the ledger says today. */
  status: string;
  settledDate: string | null;
  overdueSince: string | null;
  /** Principal repaid; a null date (an imported running total) counts as repaid from the start. */
  repayments: { date: string | null; principalFen: number }[];
  /** 展期 in force from their 办理日期 on. */
  extensions: { date: string | null; newDueDate: string }[];
  /** Closed overdue spells [from, to) recorded when the ledger left 逾期. */
  overdueSpells: { from: string; to: string | null }[];
}

export interface LoanState {
  status: LoanDerivedStatus;
  /** The due date in force at the as-of date (the latest 展期 made by then). */
  dueDate: string;
  /** Principal still owed at the as-of date. */
  balanceFen: number;
  /** First overdue day when overdue at the as-of date. */
  overdueFrom: string | null;
}

/**
 * A loan at `asOf`: 已结清 when the ledger says so (from its 结清日期, or always when the day is
 * unknown) or the repayments made by then cover the principal; 逾期 when past the due date in force
 * and not paid off, or inside a recorded overdue spell (from the day after its first overdue
 * day, as the overdue day count starts); 展期 when extended by then; 即将到期 within
 * `dueSoonDays`; else 正常. Past due means the due date is before the as-of date.
 */
export function loanStateAt(l: LoanFacts, asOf: string, dueSoonDays: number): LoanState {
  const ext = l.extensions.filter((e) => e.date == null || e.date <= asOf).sort((a, b) => a.newDueDate.localeCompare(b.newDueDate));
  const dueDate = ext.length ? ext[ext.length - 1].newDueDate : l.dueDate;
  const repaid = l.repayments.filter((r) => r.date == null || r.date <= asOf).reduce((s, r) => s + r.principalFen, 0);
  const balanceFen = Math.max(0, l.amountFen - repaid);
  const base = { dueDate, balanceFen, overdueFrom: null };
  if (l.issueDate > asOf) return { ...base, balanceFen: l.amountFen, status: '未放款' };
  if (l.status === '已结清' && (!l.settledDate || l.settledDate <= asOf)) return { ...base, balanceFen: 0, status: '已结清' };
  if (balanceFen <= 0) return { ...base, status: '已结清' };
  const spells = [...l.overdueSpells, ...(l.status === '逾期' && l.overdueSince ? [{ from: l.overdueSince, to: null }] : [])];
  const inSpell = spells.filter((o) => o.from < asOf && (o.to == null || asOf < o.to)).map((o) => o.from).sort();
  const pastDue = dueDate < asOf;
  if (pastDue || inSpell.length) {
    const from = [...inSpell, ...(pastDue ? [dueDate] : [])].sort()[0];
    return { ...base, status: '逾期', overdueFrom: from };
  }
  if (ext.length) return { ...base, status: '展期' };
  if (daysFromTo(asOf, dueDate) <= dueSoonDays) return { ...base, status: '即将到期' };
  return { ...base, status: '正常' };
}

export const APPOINTMENT_DERIVED_STATUSES = ['未到岗', '在岗', '期满未续', '已退岗'] as const;
export type AppointmentDerivedStatus = (typeof APPOINTMENT_DERIVED_STATUSES)[number];

export interface AgreementFacts {
  startDate: string;
  endDate: string | null;
  /** 台账状态: 在岗 / 待岗 / 离岗. */
  status: string;
  exitDate: string | null;
}

/**
 * An appointment at `asOf` from the agreement's own dates: 已退岗 once exited (an exit never extends
 * the agreement: the end date still ends it), 期满未续 after the end date without an exit, 未到岗
 * before the start. A 离岗 without an exit date counts as exited.
 */
export function appointmentStateAt(a: AgreementFacts, asOf: string): AppointmentDerivedStatus {
  if (a.exitDate ? a.exitDate <= asOf : a.status === '离岗') return '已退岗';
  if (a.startDate > asOf) return '未到岗';
  if (a.endDate && a.endDate < asOf) return '期满未续';
  return '在岗';
}

/** The last day the agreement ran: the end date, cut short (never stretched) by an earlier exit. */
export function agreementLastDay(a: AgreementFacts): string | null {
  if (a.exitDate && (!a.endDate || a.exitDate < a.endDate)) return a.exitDate;
  return a.endDate;
}

/** Whether the agreement covers some day of the month (YYYY-MM): the month's attendance and 工资发放表 list exactly these. */
export function agreementCoversMonth(a: AgreementFacts, month: string): boolean {
  if (a.status === '离岗' && !a.exitDate) return false; // exited on a day nobody wrote down: never payable
  const { first, last } = monthRange(month);
  const end = agreementLastDay(a);
  return a.startDate <= last && (end == null || end >= first);
}

export function monthRange(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(last).padStart(2, '0')}` };
}

function daysFromTo(a: string, b: string): number {
  const d = (iso: string) => { const [y, m, dd] = iso.split('-').map(Number); return Date.UTC(y, m - 1, dd) / 86_400_000; };
  return d(b) - d(a);
}
