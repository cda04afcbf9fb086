import type { z } from 'zod';
import {
  LOAN_STATUSES, type AlertLoan, type Extension, type HouseholdLoanRate, type Loan, type LoanAlerts, type LoanDetail, LoanInput, type LoanQuery,
  type LoanStatus, type RateRow, type Repayment, type SubsidyRow, type SubsidyTable,
} from '../../../shared/api/loans';
import { ageAt } from '../../../shared/idcard';
import { loanStateAt, type LoanFacts } from '../../../shared/status';
import { todayIso } from '../../../shared/dates';
import { amountInWords, formatYuan } from '../../../shared/money';
import { cleanText, stripSpaces, toHalfWidth } from '../../../shared/text';
import {
  OVERDUE_BUCKETS, SUBSIDY_CAP_FEN, daysBetween, dayNo, formatRatePercent, isoFromDayNo, monthsBetween, overdueBucket, subsidyForPeriod,
  type DayBasis, type SubsidyLoan,
} from '../../../shared/interest';
import { AppError, notFound } from '../errors';
import type { Ctx } from './context';
import * as repo from '../db/repo/loans';
import { runCached, versionCached } from './runCache';
import { getSettings } from './settings';

type LoanInputOut = z.output<typeof LoanInput>;

const SELECT = `SELECT l.id, l.person_id AS personId, p.name, p.id_no AS idNo, p.sex, p.birth_date AS birthDate, p.village_id AS villageId,
  v.name AS villageName, p.household_id AS householdId, h.hh_no AS householdNo, coalesce(h.hh_type, '一般户') AS householdType,
  (p.in_roster = 1 AND p.deleted_at IS NULL) AS inRoster,
  l.bank, l.contract_no AS contractNo, l.amount_fen AS amountFen, l.issue_date AS issueDate, l.due_date AS dueDate,
  l.extended_due_date AS extendedDueDate, coalesce(l.extended_due_date, l.due_date) AS effectiveDueDate, l.term_months AS termMonths,
  l.rate_e6 AS rateE6, l.ratio_bp AS ratioBp, l.subsidized, l.additional, l.purpose, l.status, l.overdue_since AS overdueSince,
  l.settled_date AS settledDate, l.note, l.deleted_at AS deletedAt, l.updated_at AS updatedAt, l.borrower_source AS borrowerSource,
  coalesce(r.principal, 0) AS repaidPrincipalFen, coalesce(r.interest, 0) AS repaidInterestFen
  FROM loans l JOIN persons p ON p.id = l.person_id LEFT JOIN villages v ON v.id = p.village_id LEFT JOIN households h ON h.id = p.household_id
  LEFT JOIN (SELECT loan_id, sum(principal_fen) AS principal, sum(interest_fen) AS interest FROM loan_repayments GROUP BY loan_id) r ON r.loan_id = l.id`;

type Derived = 'derivedStatus' | 'statusAsOf' | 'dueDateAsOf' | 'balanceAsOfFen' | 'overdueFrom';
type Row = Omit<Loan, 'inRoster' | 'subsidized' | 'additional' | 'balanceFen' | 'ageAtIssue' | Derived> & { inRoster: number; subsidized: number; additional: number };
type LoanHistory = Pick<LoanFacts, 'repayments' | 'extensions' | 'overdueSpells'>;

/**
 * Repayments, 展期 and closed overdue spells of the given loans (all when ids is null), for the
 * status at a date. A 展期 read from a ledger carries the import day, not the day it was granted:
 * it counts from the old due date at the latest (a 展期 is granted before the loan falls due).
 */
function histories(ctx: Ctx, ids: number[] | null): Map<number, LoanHistory> {
  const m = new Map<number, LoanHistory>();
  const get = (id: number) => m.get(id) ?? m.set(id, { repayments: [], extensions: [], overdueSpells: [] }).get(id)!;
  if (ids && !ids.length) return m;
  const where = ids ? `WHERE loan_id IN (${ids.map(() => '?').join(', ')})` : '';
  const args = ids ?? [];
  for (const r of ctx.db.prepare(`SELECT loan_id AS id, repay_date AS date, principal_fen AS principalFen FROM loan_repayments ${where}`).all(...args) as { id: number; date: string | null; principalFen: number }[]) get(r.id).repayments.push(r);
  for (const r of ctx.db.prepare(`SELECT loan_id AS id, CASE WHEN note = '导入' AND old_due_date < ext_date THEN old_due_date ELSE ext_date END AS date, new_due_date AS newDueDate FROM loan_extensions ${where}`).all(...args) as { id: number; date: string | null; newDueDate: string }[]) get(r.id).extensions.push(r);
  for (const r of ctx.db.prepare(`SELECT loan_id AS id, from_date AS "from", to_date AS "to" FROM loan_overdue_periods ${where}`).all(...args) as { id: number; from: string; to: string | null }[]) get(r.id).overdueSpells.push(r);
  return m;
}

/** The smallest 到期提醒 window: a loan due within it is 即将到期. */
const dueSoonDays = (ctx: Ctx) => Math.min(...getSettings(ctx).loanDueAlertDays);

function toLoans(ctx: Ctx, rows: Row[], asOf: string, all = false, read?: Map<number, LoanHistory>): Loan[] {
  const h = read ?? histories(ctx, all ? null : rows.map((r) => r.id));
  const soon = dueSoonDays(ctx);
  const none: LoanHistory = { repayments: [], extensions: [], overdueSpells: [] };
  return rows.map((r) => {
    const owed = r.amountFen - r.repaidPrincipalFen;
    // Imported ledgers record 展期 only as a new due date (extended_due_date) without a loan_extensions row.
    const hist = h.get(r.id) ?? none;
    const extensions = hist.extensions.length || !r.extendedDueDate ? hist.extensions : [{ date: null, newDueDate: r.extendedDueDate }];
    // The facts and the loan written out field by field, in the columns' order: spreading the
    // 34-column row twice per loan was most of what reading every loan cost at county size.
    const st = loanStateAt({
      amountFen: r.amountFen, issueDate: r.issueDate, dueDate: r.dueDate, status: r.status, settledDate: r.settledDate, overdueSince: r.overdueSince,
      repayments: hist.repayments, extensions, overdueSpells: hist.overdueSpells,
    }, asOf, soon);
    return {
      id: r.id, personId: r.personId, name: r.name, idNo: r.idNo, sex: r.sex, birthDate: r.birthDate, villageId: r.villageId, villageName: r.villageName,
      householdId: r.householdId, householdNo: r.householdNo, householdType: r.householdType, inRoster: !!r.inRoster, bank: r.bank, contractNo: r.contractNo,
      amountFen: r.amountFen, issueDate: r.issueDate, dueDate: r.dueDate, extendedDueDate: r.extendedDueDate, effectiveDueDate: r.effectiveDueDate,
      termMonths: r.termMonths, rateE6: r.rateE6, ratioBp: r.ratioBp, subsidized: !!r.subsidized, additional: !!r.additional, purpose: r.purpose,
      status: r.status, overdueSince: r.overdueSince, settledDate: r.settledDate, note: r.note, deletedAt: r.deletedAt, updatedAt: r.updatedAt,
      borrowerSource: r.borrowerSource, repaidPrincipalFen: r.repaidPrincipalFen, repaidInterestFen: r.repaidInterestFen,
      balanceFen: r.status === '已结清' ? 0 : Math.max(0, owed),
      ageAtIssue: r.birthDate ? ageAt(r.birthDate, r.issueDate) : null,
      derivedStatus: st.status, statusAsOf: asOf, dueDateAsOf: st.dueDate, balanceAsOfFen: st.balanceFen, overdueFrom: st.overdueFrom,
    };
  });
}

/** The SELECT's cells (raw) as a Row, in the SELECT's order: cheaper than named rows for every loan. */
type Cells = [number, number, string, string, string | null, string | null, number | null, string | null, number | null, string | null, string, number,
  string | null, string | null, number, string, string, string | null, string, number | null, number | null, number, number, number, string | null,
  Row['status'], string | null, string | null, string | null, string | null, string, Row['borrowerSource'], number, number];
const rowOf = (c: Cells): Row => ({
  id: c[0], personId: c[1], name: c[2], idNo: c[3], sex: c[4], birthDate: c[5], villageId: c[6], villageName: c[7], householdId: c[8], householdNo: c[9],
  householdType: c[10], inRoster: c[11], bank: c[12], contractNo: c[13], amountFen: c[14], issueDate: c[15], dueDate: c[16], extendedDueDate: c[17],
  effectiveDueDate: c[18], termMonths: c[19], rateE6: c[20], ratioBp: c[21], subsidized: c[22], additional: c[23], purpose: c[24], status: c[25],
  overdueSince: c[26], settledDate: c[27], note: c[28], deletedAt: c[29], updatedAt: c[30], borrowerSource: c[31], repaidPrincipalFen: c[32], repaidInterestFen: c[33],
});

/**
 * Every loan in the ledger (not in the 回收站), for the checks, alerts, 户贷率 and 贴息, with its
 * status derived at `asOf` (rules pass theirs; the default is for screens showing today).
 */
export function allLoans(ctx: Ctx, asOf = todayIso(ctx.now())): Loan[] {
  // Within one run of the checks or 概览 (runCache) the rules, alerts and 户贷率 share one reading; a copy
  // of the list, so a caller that sorts it cannot reorder another's.
  return runCached(ctx.db, `loans.all:${asOf}`, () => {
    // The rows and histories depend on no date: read once per data version (概览, the loans page, the
    // checks between two writes); the status at asOf is worked out afresh into new objects each time.
    const read = versionCached(ctx.db, 'loans.rows', () => ({
      rows: (ctx.db.prepare(`${SELECT} WHERE l.deleted_at IS NULL ORDER BY l.issue_date, l.id`).raw().all() as Cells[]).map(rowOf),
      hist: histories(ctx, null),
    }));
    return toLoans(ctx, read.rows, asOf, true, read.hist);
  }).slice();
}

function loanRow(ctx: Ctx, id: number, asOf = todayIso(ctx.now())): Loan {
  const r = ctx.db.prepare(`${SELECT} WHERE l.id = ?`).get(id) as Row | undefined;
  if (!r) throw notFound('贷款记录');
  return toLoans(ctx, [r], asOf)[0];
}

export function getLoan(ctx: Ctx, id: number, asOf = todayIso(ctx.now())): LoanDetail {
  const loan = loanRow(ctx, id, asOf);
  const repayments = ctx.db.prepare(`SELECT id, loan_id AS loanId, repay_date AS date, principal_fen AS principalFen, interest_fen AS interestFen, note
    FROM loan_repayments WHERE loan_id = ? ORDER BY repay_date IS NOT NULL, repay_date, id`).all(id) as Repayment[];
  const extensions = ctx.db.prepare(`SELECT id, loan_id AS loanId, ext_date AS date, old_due_date AS oldDueDate, new_due_date AS newDueDate, note
    FROM loan_extensions WHERE loan_id = ? ORDER BY ext_date, id`).all(id) as Extension[];
  const overduePeriods = ctx.db.prepare('SELECT id, from_date AS "from", to_date AS "to" FROM loan_overdue_periods WHERE loan_id = ? ORDER BY from_date, id')
    .all(id) as { id: number; from: string; to: string | null }[];
  return { ...loan, repayments, extensions, overduePeriods };
}

const SORTS: Record<string, string> = {
  contractNo: 'l.contract_no', name: 'p.name_initials, p.name', idNo: 'p.id_no', villageName: 'v.name', bank: 'l.bank',
  amountFen: 'l.amount_fen', issueDate: 'l.issue_date', effectiveDueDate: 'coalesce(l.extended_due_date, l.due_date)',
  dueDate: 'coalesce(l.extended_due_date, l.due_date)', status: 'l.status', termMonths: 'l.term_months', rateE6: 'l.rate_e6',
  balanceFen: "CASE WHEN l.status = '已结清' THEN 0 ELSE l.amount_fen - coalesce(r.principal, 0) END", householdType: 'h.hh_type',
};

export function queryLoans(ctx: Ctx, q: z.output<typeof LoanQuery>): { rows: Loan[]; total: number } {
  const where: string[] = [q.deleted ? 'l.deleted_at IS NOT NULL' : 'l.deleted_at IS NULL'];
  const args: unknown[] = [];
  const text = q.q?.trim();
  if (text) {
    const id = stripSpaces(toHalfWidth(text)).toUpperCase();
    if (/^[a-z]+$/i.test(text)) { where.push('(substr(p.name_initials, 1, ?) = ? OR instr(p.name, ?) > 0 OR instr(upper(l.contract_no), ?) > 0)'); args.push(text.length, text.toLowerCase(), text, id); }
    else { where.push('(instr(p.name, ?) > 0 OR instr(p.id_no, ?) > 0 OR instr(upper(l.contract_no), ?) > 0)'); args.push(text, id, id); }
  }
  if (q.villageId != null) { where.push('p.village_id = ?'); args.push(q.villageId); }
  if (q.status) { where.push('l.status = ?'); args.push(q.status); }
  if (q.bank) { where.push('l.bank = ?'); args.push(q.bank); }
  const w = `WHERE ${where.join(' AND ')}`;
  const from = SELECT.slice(SELECT.indexOf(' FROM loans l'));
  const total = (ctx.db.prepare(`SELECT count(*) AS n ${from} ${w}`).get(...args) as { n: number }).n;
  const order = q.sort && SORTS[q.sort.field] ? `${SORTS[q.sort.field]} ${q.sort.dir === 'desc' ? 'DESC' : 'ASC'}, l.id` : 'l.issue_date DESC, l.id DESC';
  const rows = ctx.db.prepare(`${SELECT} ${w} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, q.limit, q.offset) as Row[];
  return { rows: toLoans(ctx, rows, q.asOf ?? todayIso(ctx.now())), total };
}

export function listBanks(ctx: Ctx): string[] {
  return (ctx.db.prepare('SELECT DISTINCT bank FROM loans WHERE bank IS NOT NULL AND deleted_at IS NULL ORDER BY bank').all() as { bank: string }[]).map((r) => r.bank);
}

const blank = (s: string | null | undefined) => { const t = s == null ? '' : cleanText(s); return t || null; };

/** Validates a form submission against the ledger; throws a Chinese message naming the field. */
function normalize(ctx: Ctx, input: LoanInputOut, selfId: number | null) {
  const person = ctx.db.prepare('SELECT id, name, deleted_at FROM persons WHERE id = ?').get(input.personId) as { id: number; name: string; deleted_at: string | null } | undefined;
  if (!person) throw new AppError('NOT_FOUND', '借款人不在人员名单中，请先在“人员名单”中登记此人', { field: 'personId' });
  if (input.dueDate <= input.issueDate) throw new AppError('VALIDATION', `到期日期 ${input.dueDate} 应晚于放款日期 ${input.issueDate}`, { field: 'dueDate' });
  if (input.settledDate && input.settledDate < input.issueDate) throw new AppError('VALIDATION', `结清日期 ${input.settledDate} 早于放款日期`, { field: 'settledDate' });
  if (input.overdueSince && input.overdueSince < input.issueDate) throw new AppError('VALIDATION', `逾期起始日期 ${input.overdueSince} 早于放款日期`, { field: 'overdueSince' });
  const contractNo = input.contractNo ? stripSpaces(toHalfWidth(input.contractNo)) || null : null;
  if (contractNo) {
    const dup = ctx.db.prepare('SELECT l.id, p.name FROM loans l JOIN persons p ON p.id = l.person_id WHERE l.contract_no = ? AND l.id IS NOT ?').get(contractNo, selfId) as { id: number; name: string } | undefined;
    if (dup) throw new AppError('CONFLICT', `合同编号 ${contractNo} 已登记在“${dup.name}”的贷款上，同一合同不能登记两次`, { field: 'contractNo', loanId: dup.id });
  }
  return {
    person_id: input.personId, bank: blank(input.bank), contract_no: contractNo, amount_fen: input.amountFen,
    issue_date: input.issueDate, due_date: input.dueDate,
    term_months: input.termMonths ?? Math.max(1, monthsBetween(input.issueDate, input.dueDate)),
    rate_e6: input.rateE6, ratio_bp: input.ratioBp, subsidized: input.subsidized ? 1 : 0, additional: input.additional ? 1 : 0,
    purpose: blank(input.purpose), status: input.status as LoanStatus,
    overdue_since: input.status === '逾期' ? input.overdueSince ?? null : null,
    settled_date: input.status === '已结清' ? input.settledDate ?? null : null,
    note: blank(input.note),
  };
}
type LoanCols = ReturnType<typeof normalize>;

function rawLoan(ctx: Ctx, id: number) {
  return ctx.db.prepare('SELECT * FROM loans WHERE id = ?').get(id) as (LoanCols & { id: number; extended_due_date: string | null; deleted_at: string | null }) | undefined;
}

export function createLoan(ctx: Ctx, input: LoanInputOut): LoanDetail {
  const c = normalize(ctx, input, null);
  const id = ctx.db.transaction(() => repo.insertLoan(ctx, c))();
  return getLoan(ctx, id);
}

/** Leaving 逾期 closes the overdue spell (kept for 贴息 of past periods) on the day given, by default today. */
function closeOverdue(ctx: Ctx, loanId: number, since: string | null, end: string) {
  if (!since) return;
  const toDate = end < since ? since : end;
  repo.insertOverduePeriod(ctx, { loan_id: loanId, from_date: since, to_date: toDate });
}

export function updateLoan(ctx: Ctx, input: LoanInputOut & { id: number }): LoanDetail {
  const before = rawLoan(ctx, input.id);
  if (!before || before.deleted_at) throw notFound('贷款记录');
  const c = normalize(ctx, input, input.id);
  ctx.db.transaction(() => {
    if (before.status === '逾期' && c.status !== '逾期') closeOverdue(ctx, input.id, before.overdue_since, input.overdueEnded ?? c.settled_date ?? todayIso(ctx.now()));
    repo.updateLoan(ctx, input.id, c);
  })();
  return getLoan(ctx, input.id);
}

export function deleteLoan(ctx: Ctx, id: number): void {
  const before = rawLoan(ctx, id);
  if (!before) throw notFound('贷款记录');
  if (before.deleted_at) return;
  ctx.db.transaction(() => repo.softDeleteLoan(ctx, id))();
}

export function restoreLoan(ctx: Ctx, id: number): LoanDetail {
  const before = rawLoan(ctx, id);
  if (!before) throw notFound('贷款记录');
  if (before.contract_no && ctx.db.prepare('SELECT 1 FROM loans WHERE contract_no = ? AND id <> ? AND deleted_at IS NULL').get(before.contract_no, id)) {
    throw new AppError('CONFLICT', `合同编号 ${before.contract_no} 已有另一条贷款记录，不能恢复`);
  }
  ctx.db.transaction(() => repo.restoreLoan(ctx, id))();
  return getLoan(ctx, id);
}

function liveLoan(ctx: Ctx, id: number) {
  const l = loanRow(ctx, id);
  if (l.deletedAt) throw new AppError('CONFLICT', '这笔贷款在回收站中，恢复后才能修改');
  return l;
}

/** A repayment; when it pays off the principal the loan becomes 已结清 on that day. */
export function addRepayment(ctx: Ctx, p: { loanId: number; date: string; principalFen: number; interestFen: number; note: string | null }): LoanDetail {
  const l = liveLoan(ctx, p.loanId);
  if (p.principalFen + p.interestFen <= 0) throw new AppError('VALIDATION', '请填写还款本金或利息（至少一项大于0）', { field: 'principalFen' });
  if (p.date < l.issueDate) throw new AppError('VALIDATION', `还款日期 ${p.date} 早于放款日期 ${l.issueDate}`, { field: 'date' });
  const owed = l.amountFen - l.repaidPrincipalFen;
  if (p.principalFen > owed) throw new AppError('VALIDATION', `还款本金 ${formatYuan(p.principalFen)} 元超过未还本金 ${formatYuan(owed)} 元，请核对`, { field: 'principalFen' });
  ctx.db.transaction(() => {
    repo.insertRepayment(ctx, { loan_id: p.loanId, repay_date: p.date, principal_fen: p.principalFen, interest_fen: p.interestFen, note: blank(p.note) });
    if (p.principalFen > 0 && p.principalFen === owed && l.status !== '已结清') {
      if (l.status === '逾期') closeOverdue(ctx, l.id, l.overdueSince, p.date);
      repo.updateLoan(ctx, l.id, { status: '已结清', settled_date: p.date, overdue_since: null });
    }
  })();
  return getLoan(ctx, p.loanId);
}

export function deleteRepayment(ctx: Ctx, id: number): LoanDetail {
  const r = ctx.db.prepare('SELECT * FROM loan_repayments WHERE id = ?').get(id) as { loan_id: number; principal_fen: number } | undefined;
  if (!r) throw notFound('还款记录');
  const l = liveLoan(ctx, r.loan_id);
  ctx.db.transaction(() => {
    repo.deleteRepayment(ctx, id);
    if (l.status === '已结清' && r.principal_fen > 0) repo.updateLoan(ctx, l.id, { status: l.extendedDueDate ? '展期' : '正常', settled_date: null });
  })();
  return getLoan(ctx, r.loan_id);
}

/** 展期: records the new due date (the contract's stays as it was) and sets the status to 展期. */
export function extendLoan(ctx: Ctx, p: { loanId: number; date: string; newDueDate: string; note: string | null }, batchId: number | null = null): LoanDetail {
  const l = liveLoan(ctx, p.loanId);
  if (l.status === '已结清') throw new AppError('CONFLICT', '已结清的贷款不能展期');
  if (p.newDueDate <= l.effectiveDueDate) throw new AppError('VALIDATION', `展期后的到期日期应晚于现在的到期日期 ${l.effectiveDueDate}`, { field: 'newDueDate' });
  if (p.date < l.issueDate) throw new AppError('VALIDATION', `办理日期 ${p.date} 早于放款日期`, { field: 'date' });
  ctx.db.transaction(() => {
    repo.insertExtension(ctx, { loan_id: l.id, ext_date: p.date, old_due_date: l.effectiveDueDate, new_due_date: p.newDueDate, note: blank(p.note) }, batchId);
    if (l.status === '逾期') closeOverdue(ctx, l.id, l.overdueSince, p.date);
    repo.updateLoan(ctx, l.id, { extended_due_date: p.newDueDate, status: '展期', overdue_since: null }, batchId);
  })();
  return getLoan(ctx, p.loanId);
}

// ───────────────────────────── alerts ─────────────────────────────

const owes = (l: Loan) => l.status !== '已结清' && l.balanceFen > 0;

/**
 * When a loan is overdue as of a date: since its recorded overdue day, or since its due date
 * once that has passed unpaid. An 逾期 loan without a date and not yet due is overdue since an
 * unknown day (null).
 */
export function overdueStart(l: Loan, asOf: string): string | null | undefined {
  if (!owes(l)) return undefined;
  const due = l.effectiveDueDate;
  let start: string | undefined = l.status === '逾期' && l.overdueSince ? l.overdueSince : undefined;
  if (due < asOf && (!start || due < start)) start = due;
  if (start !== undefined) return start;
  return l.status === '逾期' ? null : undefined;
}

const alertOf = (l: Loan, days: number | null, bucket: string): AlertLoan => ({
  id: l.id, contractNo: l.contractNo, name: l.name, idNo: l.idNo, villageName: l.villageName, bank: l.bank, status: l.status,
  balanceFen: l.balanceAsOfFen, dueDate: l.dueDateAsOf, days, bucket,
});

/** Due in the next 30/60/90 days (the windows are a setting) and overdue in 1–3 / 4–10 / 11–30 / 31–69 / 70+ day buckets. */
export function loanAlerts(ctx: Ctx, asOf: string): LoanAlerts {
  const windows = [...getSettings(ctx).loanDueAlertDays].sort((a, b) => a - b);
  const dueLoans: AlertLoan[] = [], overdueLoans: AlertLoan[] = [];
  // Judged at asOf from the dates (the same derived status the grid shows), not the ledger's word today.
  for (const l of allLoans(ctx, asOf)) {
    if (l.derivedStatus === '未放款' || l.derivedStatus === '已结清') continue;
    if (l.derivedStatus === '逾期') {
      const days = daysBetween(l.overdueFrom!, asOf);
      overdueLoans.push(alertOf(l, days, overdueBucket(days)!));
      continue;
    }
    // A ledger 逾期 that neither a date nor the due date backs is not counted overdue (概览, grid and
    // stats agree on the dates); it is an L06 finding asking for the first overdue day instead.
    const left = daysBetween(asOf, l.dueDateAsOf);
    const w = windows.find((x) => left >= 0 && left <= x);
    if (w !== undefined) dueLoans.push(alertOf(l, left, String(w)));
  }
  dueLoans.sort((a, b) => a.days! - b.days! || a.id - b.id);
  overdueLoans.sort((a, b) => (b.days ?? -1) - (a.days ?? -1) || a.id - b.id);
  const sum = (xs: AlertLoan[]) => xs.reduce((s, x) => s + x.balanceFen, 0);
  return {
    asOf, windows,
    // Each window counts every loan due within it (30 ⊂ 60 ⊂ 90), as the county tables do.
    due: windows.map((w) => { const xs = dueLoans.filter((x) => x.days! <= w); return { window: w, count: xs.length, balanceFen: sum(xs) }; }),
    dueLoans,
    overdue: [...OVERDUE_BUCKETS.map((b) => ({ key: b.key as string, label: b.label as string })), { key: 'unknown', label: '天数不详' }]
      .map((b) => { const xs = overdueLoans.filter((x) => x.bucket === b.key); return { ...b, count: xs.length, balanceFen: sum(xs) }; }),
    overdueLoans,
  };
}

// ───────────────────────────── 户贷率 ─────────────────────────────

/**
 * 户贷率 = households lent to ÷ 脱贫户 + 监测户 households in the roster, per village and for the
 * township: ever, in the chosen year (by 放款日期), and owing now. Only eligible households count
 * above the line, so the rate never passes 100%; loans to others are what L05 reports.
 */
export function householdLoanRate(ctx: Ctx, year: number): HouseholdLoanRate {
  // No date in it: kept per data version (stats, 概览 and the 户贷率 page read it between two writes).
  const eligible = versionCached(ctx.db, 'loans.eligibleHouseholds', () => ctx.db.prepare(`SELECT h.id, coalesce(h.village_id, (SELECT p.village_id FROM persons p WHERE p.household_id = h.id AND p.village_id IS NOT NULL LIMIT 1)) AS villageId
    FROM households h WHERE h.hh_type IN ('脱贫户', '监测户')
    AND EXISTS (SELECT 1 FROM persons p WHERE p.household_id = h.id AND p.in_roster = 1 AND p.deleted_at IS NULL)`).all() as { id: number; villageId: number | null }[]);
  const ever = new Set<number>(), inYear = new Set<number>(), current = new Set<number>();
  const y = String(year);
  for (const l of allLoans(ctx)) {
    if (l.householdId == null) continue;
    ever.add(l.householdId);
    if (l.issueDate.slice(0, 4) === y) inYear.add(l.householdId);
    if (owes(l)) current.add(l.householdId);
  }
  const names = new Map((ctx.db.prepare('SELECT id, name FROM villages').all() as { id: number; name: string }[]).map((v) => [v.id, v.name]));
  const order = new Map((ctx.db.prepare('SELECT id FROM villages ORDER BY code IS NULL, code, name').all() as { id: number }[]).map((v, i) => [v.id, i]));
  const byVillage = new Map<number | null, { eligible: number; ever: number; inYear: number; current: number }>();
  const total = { eligible: 0, ever: 0, inYear: 0, current: 0 };
  for (const h of eligible) {
    let c = byVillage.get(h.villageId);
    if (!c) { c = { eligible: 0, ever: 0, inYear: 0, current: 0 }; byVillage.set(h.villageId, c); }
    for (const t of [c, total]) {
      t.eligible++;
      if (ever.has(h.id)) t.ever++;
      if (inYear.has(h.id)) t.inYear++;
      if (current.has(h.id)) t.current++;
    }
  }
  const rate = (n: number, d: number) => (d ? Math.round((n / d) * 10000) / 10000 : 0);
  const row = (villageId: number | null, villageName: string, c: typeof total): RateRow => ({
    villageId, villageName, ...c, everRate: rate(c.ever, c.eligible), yearRate: rate(c.inYear, c.eligible), currentRate: rate(c.current, c.eligible),
  });
  const rows = [...byVillage.entries()]
    .sort(([a], [b]) => (a == null ? 1 : b == null ? -1 : (order.get(a) ?? 0) - (order.get(b) ?? 0)))
    .map(([id, c]) => row(id, id == null ? '（未填村）' : names.get(id) ?? '', c));
  return { year, rows, township: row(null, getSettings(ctx).township || '全乡镇', total) };
}

// ───────────────────────────── 贴息 ─────────────────────────────

/**
 * The 贴息明细表 for a period [from, to]: one row per subsidised loan that was outstanding in the
 * period. What the ledger cannot know (an 逾期 loan without its overdue day, a 已结清 loan without
 * its 结清日期) earns no 贴息 and says what to fill in.
 */
/**
 * The 贴息 ceiling of a 追加 loan from its issue day on: 5万 less what the household's first loans
 * still owe (each counted up to 5万), recomputed on every day one of their balances changes.
 */
function householdCapSteps(first: Loan[], repays: Map<number, { date: string | null; principalFen: number }[]>, issueDate: string): { from: string; capFen: number }[] {
  // A first loan 已结清 on a day the ledger does not know is taken as repaid by its due date at the latest.
  const endOf = (o: Loan) => o.settledDate ?? (o.status === '已结清' ? o.effectiveDueDate : null);
  const owedOn = (o: Loan, day: string) => {
    if (o.issueDate > day) return 0;
    const end = endOf(o);
    if (end && end <= day) return 0;
    const paid = (repays.get(o.id) ?? []).filter((r) => r.date == null || r.date <= day).reduce((sum, r) => sum + r.principalFen, 0);
    return Math.max(0, o.amountFen - paid);
  };
  const days = new Set<string>([issueDate]);
  for (const o of first) {
    const end = endOf(o);
    if (end && end > issueDate) days.add(end);
    for (const r of repays.get(o.id) ?? []) if (r.date && r.date > issueDate) days.add(r.date);
  }
  return [...days].sort().map((day) => ({
    from: day, capFen: Math.max(0, SUBSIDY_CAP_FEN - first.reduce((sum, o) => sum + Math.min(owedOn(o, day), SUBSIDY_CAP_FEN), 0)),
  }));
}

export function subsidyTable(ctx: Ctx, from: string, to: string): SubsidyTable {
  if (from > to) throw new AppError('VALIDATION', `贴息期间的开始日期 ${from} 晚于结束日期 ${to}`);
  if (daysBetween(from, to) > 3 * 366) throw new AppError('VALIDATION', '贴息期间最长3年，请按季度或年度计算');
  const s = getSettings(ctx);
  const basis = s.subsidyDayBasis as DayBasis;
  const loans = allLoans(ctx).filter((l) => l.subsidized && l.issueDate <= to);
  const repays = new Map<number, { date: string | null; principalFen: number; interestFen: number }[]>();
  for (const r of ctx.db.prepare('SELECT loan_id, repay_date AS date, principal_fen AS principalFen, interest_fen AS interestFen FROM loan_repayments').all() as { loan_id: number; date: string | null; principalFen: number; interestFen: number }[]) {
    const list = repays.get(r.loan_id) ?? [];
    list.push(r); repays.set(r.loan_id, list);
  }
  const spells = new Map<number, { from: string; to: string | null }[]>();
  for (const o of ctx.db.prepare('SELECT loan_id, from_date AS "from", to_date AS "to" FROM loan_overdue_periods').all() as { loan_id: number; from: string; to: string | null }[]) {
    const list = spells.get(o.loan_id) ?? [];
    list.push(o); spells.set(o.loan_id, list);
  }
  const byHousehold = new Map<number, Loan[]>();
  for (const l of allLoans(ctx)) if (l.householdId != null) byHousehold.set(l.householdId, [...(byHousehold.get(l.householdId) ?? []), l]);

  const rows: SubsidyRow[] = [];
  for (const l of loans) {
    if (l.settledDate && l.settledDate <= from) continue;
    const notes: string[] = [];
    const rate = l.rateE6 ?? s.loanLprE6;
    if (l.rateE6 == null) notes.push(`合同未填利率，按LPR ${formatRatePercent(s.loanLprE6)}% 计`);
    let cap = SUBSIDY_CAP_FEN;
    let capSteps: { from: string; capFen: number }[] | undefined;
    if (l.additional) {
      // 追加贷款 shares the 5万 with what the household's first loans still owe, day by day: it earns more 贴息 as they are repaid.
      const first = (byHousehold.get(l.householdId ?? -1) ?? []).filter((o) => o.id !== l.id && !o.additional && o.issueDate <= l.issueDate && !(o.settledDate && o.settledDate <= l.issueDate));
      capSteps = householdCapSteps(first, repays, l.issueDate);
      const periodStart = from > l.issueDate ? from : l.issueDate;
      cap = capSteps.filter((c) => c.from <= periodStart).at(-1)?.capFen ?? SUBSIDY_CAP_FEN;
      const rises = capSteps.some((c) => c.from > periodStart && c.from <= to && c.capFen !== cap);
      notes.push(cap > 0 || rises
        ? `追加贷款，与该户未还清的首笔贷款合计以5万元为限（本期初贴息本金上限 ${formatYuan(cap)} 元${rises ? '，随首笔贷款还款逐日调整' : ''}）`
        : '追加贷款，首笔贷款已用满5万元贴息额度');
    } else if (l.amountFen > SUBSIDY_CAP_FEN) notes.push('贷款超过5万元，超出部分不贴息');
    const rs = repays.get(l.id) ?? [];
    if (rs.some((r) => r.date == null && r.principalFen > 0)) notes.push('有日期不详的已还本金（导入的累计数），已从期初扣减；请补录还款日期');
    const open = l.status === '逾期' && l.overdueSince ? [{ from: l.overdueSince, to: null }] : [];
    const input: SubsidyLoan = {
      amountFen: l.amountFen, issueDate: l.issueDate, dueDate: l.effectiveDueDate, rateE6: rate, ratioBp: l.ratioBp, capFen: capSteps ? SUBSIDY_CAP_FEN : cap, capSteps,
      repayments: rs, overdue: [...(spells.get(l.id) ?? []), ...open], settledDate: l.settledDate,
    };
    let unknown: string | null = null;
    if (l.status === '逾期' && !l.overdueSince && l.effectiveDueDate > to) unknown = '状态为逾期但未填逾期起始日期，无法确定逾期天数，本期暂不计贴息；请在贷款记录中填写逾期起始日期';
    if (l.status === '已结清' && !l.settledDate && l.amountFen - l.repaidPrincipalFen > 0) {
      // 已结清 by status, but neither a 结清日期 nor the repayments say when: paid by the due date at the latest.
      if (l.effectiveDueDate <= from) continue;
      unknown = '已结清但未填结清日期，无法确定计息天数，本期暂不计贴息；请补填结清日期';
    }
    const r = unknown ? { fen: 0, days: 0, overdueDays: 0 } : subsidyForPeriod(input, from, to, basis);
    if (r.days === 0 && r.overdueDays === 0 && !unknown) continue; // not outstanding in the period
    if (r.overdueDays > 0) notes.push(`本期逾期 ${r.overdueDays} 天，逾期期间不贴息`);
    if (unknown) notes.unshift(unknown);
    const lastDay = Math.min(dayNo(to), l.settledDate ? dayNo(l.settledDate) - 1 : Infinity);
    rows.push({
      loanId: l.id, villageName: l.villageName, name: l.name, idNo: l.idNo, householdType: l.householdType, bank: l.bank, contractNo: l.contractNo,
      amountFen: l.amountFen, issueDate: l.issueDate, dueDate: l.effectiveDueDate, rateE6: rate, ratioBp: l.ratioBp, capFen: Math.min(cap, l.amountFen),
      from: from > l.issueDate ? from : l.issueDate, to: isoFromDayNo(lastDay),
      days: r.days, overdueDays: r.overdueDays, subsidyFen: r.fen,
      interestPaidFen: rs.filter((x) => x.date && x.date >= from && x.date <= to).reduce((sum, x) => sum + x.interestFen, 0),
      overdue: r.overdueDays > 0 || l.status === '逾期', note: notes.join('；'), missingDate: !!unknown,
    });
  }
  // Loans left at 0 because a date is missing go last, under their own subtotal, so the 合计 is never silently short.
  rows.sort((a, b) => Number(a.missingDate) - Number(b.missingDate) || (a.villageName ?? '').localeCompare(b.villageName ?? '', 'zh-Hans-CN') || a.issueDate.localeCompare(b.issueDate) || a.loanId - b.loanId);
  const totalFen = rows.reduce((sum, r) => sum + r.subsidyFen, 0);
  const missing = rows.filter((r) => r.missingDate);
  return {
    from, to, basis, lprE6: s.loanLprE6, rows, totalFen, totalWords: amountInWords(totalFen),
    missingDates: { count: missing.length, amountFen: missing.reduce((sum, r) => sum + r.amountFen, 0) },
  };
}

// ───────────────────────────── stats ─────────────────────────────

/** The `loans` key of `stats --json`: totals exact to the 分 (integer 分 summed, divided once). */
export function loansStats(ctx: Ctx, asOf = todayIso(ctx.now())) {
  const loans = allLoans(ctx, asOf);
  const totalFen = loans.reduce((s, l) => s + l.amountFen, 0);
  const activeFen = loans.reduce((s, l) => s + l.balanceFen, 0);
  const households = new Set(loans.map((l) => (l.householdId != null ? `h${l.householdId}` : `p${l.personId}`)));
  const rate = householdLoanRate(ctx, Number(asOf.slice(0, 4)));
  return {
    count: loans.length, households: households.size,
    totalYuan: Math.round(totalFen) / 100, activeYuan: Math.round(activeFen) / 100,
    householdLoanRate: rate.township.everRate,
    /** Past the due date in force and not 已结清 at the as-of date, whatever the ledger's own status says. */
    overdue: loans.filter((l) => l.derivedStatus === '逾期').length,
  };
}

export const LOAN_STATUS_SET = new Set<string>(LOAN_STATUSES);
