import { stripSpaces, toHalfWidth } from './text';

/**
 * 小额信贷贴息 with exact arithmetic: money in integer 分, the annual rate as an integer number
 * of millionths (3.45% → 34500), the 贴息比例 in basis points (100% → 10000). Every product is
 * a BigInt and there is one division per loan, rounded half-up to the 分. No binary floating
 * point ever touches money.
 *
 * 贴息 = Σ over the days of the period on which the loan was outstanding and not overdue of
 *        min(本金余额, 5万) × 年利率 × 贴息比例 / 计息基数 (360 or 365).
 * Days are counted 算头不算尾: a loan issued on day A and repaid on day B earns interest on the
 * days A … B−1; a repayment on day D lowers the balance from D on. A loan that is not repaid by
 * its (extended) due date is overdue from the due date on, so a loan repaid on time has exactly
 * its contract days and a loan repaid 20 days late has 20 overdue days.
 */

/** Only the first 5万 of a loan (or of a household's first plus 追加 loans) is subsidised. */
export const SUBSIDY_CAP_FEN = 5_000_000;
/** Annual rates are stored as integer millionths: 3.45% = 0.0345 = 34500 / 1,000,000. */
export const RATE_SCALE = 1_000_000;
/** 贴息比例 in basis points: 100% = 10000. */
export const RATIO_SCALE = 10_000;
export const FULL_RATIO_BP = 10_000;
export type DayBasis = 360 | 365;

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for an ISO date; exact integer arithmetic on UTC midnights. */
export function dayNo(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

export function isoFromDayNo(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** b − a in days (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return dayNo(b) - dayNo(a);
}

/** The same day n months later (month end clamps: 01-31 + 1 month → 02-28/29). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12), nm = total % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${ny}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whole months from a to b (the day of month decides a partial month). */
export function monthsBetween(a: string, b: string): number {
  const [ay, am, ad] = a.split('-').map(Number);
  const [by, bm, bd] = b.split('-').map(Number);
  let n = (by - ay) * 12 + (bm - am);
  if (bd < ad && addMonths(a, n) > b) n--;
  return n;
}

/**
 * A decimal written by a person ("3.45", "3.45%", "１００％", 3.45) as an integer count of
 * 10^-digits units, exactly; more fraction digits than that are refused rather than rounded.
 */
function decimalUnits(v: unknown, digits: number): { units: bigint; percent: boolean } | null {
  if (v == null || v === '') return null;
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    s = String(v);
    if (/e/i.test(s)) s = v.toFixed(12).replace(/0+$/, '');
  } else s = stripSpaces(toHalfWidth(String(v)));
  const percent = /[%％]$/.test(s);
  if (percent) s = s.slice(0, -1);
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > digits) return null;
  return { units: BigInt((m[1] || '0') + frac.padEnd(digits, '0')), percent };
}

/**
 * 年利率 as millionths. Written as a percent (3.45, "3.45%") or, when below 1 and without a %
 * sign, as a fraction (0.0345): no micro-loan is lent below 1% a year.
 */
export function parseRateE6(v: unknown): number | null {
  const d = decimalUnits(v, 8);
  if (!d) return null;
  const ONE = 10n ** 8n;
  // percent value p (× 10^8) → rate p/100 → millionths p × 10^4 / 10^8 = p / 10^4
  const asFraction = !d.percent && d.units < ONE && d.units > 0n;
  const e6 = asFraction ? d.units * 1_000_000n : d.units * 10_000n;
  if (e6 % ONE !== 0n) return null; // finer than 0.0001%
  const n = Number(e6 / ONE);
  return n >= 0 && n <= 100 * 10_000 ? n : null;
}

/** 34500 → "3.45" (percent, without the sign). */
export function formatRatePercent(e6: number): string {
  return trimDecimal(e6, 4); // percent = e6 / 10^4
}

/** 贴息比例 as basis points: 100, "100%", "80％" → percent; 0.8 or 1 without a % sign → a fraction (80%, 100%). */
export function parseRatioBp(v: unknown): number | null {
  const d = decimalUnits(v, 6);
  if (!d) return null;
  const ONE = 10n ** 6n;
  const asFraction = !d.percent && d.units <= ONE && d.units > 0n;
  const bp = asFraction ? d.units * 10_000n : d.units * 100n;
  if (bp % ONE !== 0n) return null;
  const n = Number(bp / ONE);
  return n >= 0 && n <= RATIO_SCALE ? n : null;
}

/** 10000 → "100", 8050 → "80.5". */
export function formatRatioPercent(bp: number): string {
  return trimDecimal(bp, 2);
}

function trimDecimal(n: number, digits: number): string {
  const neg = n < 0; const a = Math.abs(n);
  const scale = 10 ** digits;
  const whole = Math.floor(a / scale), frac = String(a % scale).padStart(digits, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? '.' + frac : ''}`;
}

/** Half-up division of non-negative BigInts. */
export function divRoundHalfUp(num: bigint, den: bigint): bigint {
  const q = num / den, r = num % den;
  return r * 2n >= den ? q + 1n : q;
}

export interface SubsidyLoan {
  amountFen: number;
  issueDate: string;
  /** The due date in force: the 展期 date when the loan was extended. */
  dueDate: string;
  rateE6: number;
  ratioBp: number;
  /** Subsidised principal ceiling; 5万 unless a 追加 loan shares it with the first loan. */
  capFen?: number;
  /**
   * The ceiling day by day: from each `from` on, `capFen` applies (before the first step, `capFen`
   * above). A 追加 loan shares the household's 5万 with the balance the first loan still owes, so
   * its ceiling rises as the first loan is repaid.
   */
  capSteps?: { from: string; capFen: number }[];
  /** A null date (an imported running total without a date) lowers the balance from the start. */
  repayments?: { date: string | null; principalFen: number }[];
  /** Recorded overdue spells [from, to): from the first overdue day to the day it was cured. */
  overdue?: { from: string; to: string | null }[];
  /** The day the loan was paid off, when known; the balance is 0 from then on. */
  settledDate?: string | null;
}

export interface SubsidyResult {
  /** 贴息 in 分, rounded half-up once for the loan. */
  fen: number;
  /** Days in the period with a balance, not overdue: the days that earn 贴息. */
  days: number;
  /** Days in the period with a balance that were overdue: no 贴息. */
  overdueDays: number;
  /** Σ subsidised principal (capped) × days, in 分·日. */
  principalDays: bigint;
  /** The exact 贴息 before rounding: num / den 分. */
  num: bigint;
  den: bigint;
}

/**
 * 贴息 for one loan over the period [from, to] (both days included, e.g. 2023-01-01 … 2023-03-31
 * is 90 days). Pure: the same loan and period always give the same 分.
 */
export function subsidyForPeriod(loan: SubsidyLoan, from: string, to: string, basis: DayBasis): SubsidyResult {
  const cap = BigInt(loan.capFen ?? SUBSIDY_CAP_FEN);
  const den = BigInt(basis) * BigInt(RATE_SCALE) * BigInt(RATIO_SCALE);
  const empty: SubsidyResult = { fen: 0, days: 0, overdueDays: 0, principalDays: 0n, num: 0n, den };
  const issue = dayNo(loan.issueDate), due = dayNo(loan.dueDate);
  const start = Math.max(dayNo(from), issue);
  let end = dayNo(to) + 1; // exclusive
  if (loan.settledDate) end = Math.min(end, dayNo(loan.settledDate));
  const steps = (loan.capSteps ?? []).map((c) => ({ day: dayNo(c.from), cap: BigInt(c.capFen) })).sort((a, b) => a.day - b.day);
  if (start >= end || (cap <= 0n && !steps.some((c) => c.cap > 0n))) return empty;
  const capAt = (d: number) => { let c = cap; for (const x of steps) if (x.day <= d) c = x.cap; return c; };

  const repay = (loan.repayments ?? []).map((r) => ({ day: r.date ? dayNo(r.date) : -Infinity, fen: BigInt(r.principalFen) }));
  const spells = (loan.overdue ?? []).map((o) => ({ from: dayNo(o.from), to: o.to ? dayNo(o.to) : Infinity }));
  const points = new Set<number>([start, end]);
  const within = (d: number) => { if (d > start && d < end) points.add(d); };
  within(due);
  for (const r of repay) within(r.day);
  for (const o of spells) { within(o.from); within(o.to); }
  for (const c of steps) within(c.day);
  const cuts = [...points].sort((a, b) => a - b);

  const amount = BigInt(loan.amountFen);
  let principalDays = 0n, days = 0, overdueDays = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i], n = cuts[i + 1] - a;
    let balance = amount;
    for (const r of repay) if (r.day <= a) balance -= r.fen;
    if (balance <= 0n) continue;
    const overdue = a >= due || spells.some((o) => o.from <= a && a < o.to);
    if (overdue) { overdueDays += n; continue; }
    days += n;
    const c = capAt(a);
    principalDays += (balance < c ? balance : c) * BigInt(n);
  }
  const num = principalDays * BigInt(loan.rateE6) * BigInt(loan.ratioBp);
  return { fen: Number(divRoundHalfUp(num, den)), days, overdueDays, principalDays, num, den };
}

/** Overdue buckets of the county dashboards: 1–3 / 4–10 / 11–30 / 31–69 / 70+ days. */
export const OVERDUE_BUCKETS = [
  { key: '1-3', label: '1–3天', min: 1, max: 3 },
  { key: '4-10', label: '4–10天', min: 4, max: 10 },
  { key: '11-30', label: '11–30天', min: 11, max: 30 },
  { key: '31-69', label: '31–69天', min: 31, max: 69 },
  { key: '70+', label: '70天以上', min: 70, max: Infinity },
] as const;
export type OverdueBucketKey = (typeof OVERDUE_BUCKETS)[number]['key'];

export function overdueBucket(days: number): OverdueBucketKey | null {
  return OVERDUE_BUCKETS.find((b) => days >= b.min && days <= b.max)?.key ?? null;
}

/** Quarter or year periods the 贴息 page offers: [from, to] both included. */
export function quarterPeriod(year: number, q: 1 | 2 | 3 | 4): { from: string; to: string } {
  const m = (q - 1) * 3 + 1;
  const from = `${year}-${String(m).padStart(2, '0')}-01`;
  return { from, to: isoFromDayNo(dayNo(addMonths(from, 3)) - 1) };
}
