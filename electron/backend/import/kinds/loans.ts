import { validateId } from '../../../../shared/idcard';
import { parseAmountFen, formatYuan } from '../../../../shared/money';
import { toHalfWidth, stripSpaces } from '../../../../shared/text';
import { LOAN_STATUSES, type LoanStatus } from '../../../../shared/api/loans';
import { addMonths, formatRatePercent, formatRatioPercent, monthsBetween, parseRateE6, parseRatioBp } from '../../../../shared/interest';
import { AppError } from '../../errors';
import { rowReader, missingColumnsMessage } from './fields';
import { personsKind } from './persons';
import { nowLocal } from '../../services/context';
import { addOutsider } from '../../db/repo/persons';
import * as repo from '../../db/repo/loans';
import { coerceBool, coerceDate, coerceMonths, coerceText, unitFromHeader } from '../coerce';
import type { FieldSpec } from '../header';
import type { Cell } from '../read';
import type { Change, Existing, KindDef, ParsedRow, RowAccess, RowProblem } from './types';
import { villageResolver } from '../../services/villages';

/** One row of a 小额信贷台账. undefined: the sheet has no such column (nothing to compare or change). */
export interface LoanRecord {
  idNo: string;
  name: string;
  village?: string | null;
  householdType?: string | null;
  bank?: string | null;
  contractNo: string | null;
  amountFen: number;
  issueDate: string;
  dueDate: string;
  termMonths?: number | null;
  rateE6?: number | null;
  purpose?: string | null;
  subsidized?: boolean | null;
  ratioBp?: number | null;
  status?: LoanStatus;
  repaidFen?: number | null;
  note?: string | null;
  additional?: boolean | null;
  /** The sheet names the 户主 (户主姓名 / 户主身份证号), not the borrower: L03 then judges the 户主 and says so. */
  borrowerIsHead?: boolean;
  extendedDue?: string | null;
  overdueSince?: string | null;
  settledDate?: string | null;
}

export const LOAN_FIELDS: FieldSpec[] = [
  { key: 'seq', label: '序号', synonyms: ['序号', '编号'] },
  { key: 'village', label: '行政村', synonyms: ['行政村', '村', '村名', '所属村', '所在村', '村委会'], fillDown: true },
  { key: 'name', label: '借款人姓名', synonyms: ['借款人姓名', '户主姓名', '借款人', '姓名', '贷款人', '贷款人姓名', '贷款户姓名'], required: true },
  { key: 'idNo', label: '身份证号', synonyms: ['身份证号', '身份证号码', '证件号码', '公民身份号码', '借款人身份证号', '户主身份证号', '身份证'], required: true },
  { key: 'householdType', label: '户类型', synonyms: ['户类型', '户类别', '人员类别', '户属性'] },
  { key: 'bank', label: '贷款银行', synonyms: ['贷款银行', '放款银行', '贷款机构', '经办银行', '承贷银行', '银行'] },
  { key: 'contractNo', label: '合同编号', synonyms: ['合同编号', '合同号', '借款合同编号', '借款合同号', '贷款合同编号', '贷款合同号'] },
  { key: 'amount', label: '贷款金额', synonyms: ['贷款金额', '放款金额', '贷款额度', '借款金额', '贷款额', '金额'], required: true },
  { key: 'issueDate', label: '放款日期', synonyms: ['放款日期', '发放日期', '贷款日期', '放款时间', '贷款发放日期', '借款日期', '起贷日期', '放款日', '发放时间', '贷款发放时间', '借款时间'], required: true },
  { key: 'dueDate', label: '到期日期', synonyms: ['到期日期', '到期日', '到期时间', '贷款到期日期', '还款日期', '贷款到期日'] },
  { key: 'termMonths', label: '期限', synonyms: ['期限', '贷款期限', '借款期限', '期限(月)'] },
  { key: 'rate', label: '年利率', synonyms: ['年利率', '利率', '执行利率', '贷款利率', '执行年利率'] },
  { key: 'purpose', label: '贷款用途', synonyms: ['贷款用途', '用途', '借款用途', '资金用途'] },
  { key: 'subsidized', label: '是否贴息', synonyms: ['是否贴息', '贴息', '享受贴息'] },
  { key: 'ratio', label: '贴息比例', synonyms: ['贴息比例', '贴息比率'] },
  { key: 'status', label: '还款状态', synonyms: ['还款状态', '贷款状态', '状态'] },
  { key: 'repaid', label: '已还本金', synonyms: ['已还本金', '累计还本', '已还款本金', '累计已还本金'] },
  { key: 'note', label: '备注', synonyms: ['备注', '说明'] },
  { key: 'additional', label: '追加贷款', synonyms: ['追加贷款', '是否追加', '是否追加贷款', '贷款类型', '贷款性质'] },
  { key: 'extendedDue', label: '展期到期日期', synonyms: ['展期到期日期', '展期后到期日期', '展期到期日', '展期至'] },
  { key: 'overdueSince', label: '逾期起始日期', synonyms: ['逾期起始日期', '逾期日期', '逾期开始日期', '逾期时间'] },
  { key: 'settledDate', label: '结清日期', synonyms: ['结清日期', '结清时间', '还清日期'] },
];

const LABEL = Object.fromEntries(LOAN_FIELDS.map((f) => [f.key, f.label]));

const STATUS_WORDS: Record<string, LoanStatus> = {
  正常: '正常', 未结清: '正常', 在贷: '正常', 正常还款: '正常', 未到期: '正常',
  逾期: '逾期', 逾期未还: '逾期', 已逾期: '逾期',
  展期: '展期', 已展期: '展期',
  续贷: '续贷', 已续贷: '续贷', 无还本续贷: '续贷',
  已结清: '已结清', 结清: '已结清', 已还清: '已结清', 还清: '已结清', 已还款: '已结清',
};

function amountUnit(header: string, v: Cell): 'yuan' | 'wan' {
  if (unitFromHeader(header) === 'wan' || /万/.test(toHalfWidth(header))) return 'wan';
  if (/元/.test(header)) return 'yuan';
  // No unit in the header: a micro-loan is never 100 元 or less, so small numbers are 万元.
  const n = typeof v === 'number' ? v : Number(stripSpaces(toHalfWidth(String(v ?? ''))).replace(/[,，]/g, ''));
  return Number.isFinite(n) && n > 0 && n <= 100 ? 'wan' : 'yuan';
}

export function parseLoanRow(row: RowAccess, idOverride?: string): ParsedRow<LoanRecord> {
  const problems: RowProblem[] = [];
  const text = (f: string, max = 100) => {
    if (!row.has(f)) return undefined;
    const c = coerceText(row.get(f) ?? null, max);
    if (!c.ok) { problems.push({ field: f, message: `${LABEL[f]}${c.message}` }); return null; }
    return c.value;
  };
  const date = (f: string) => {
    if (!row.has(f)) return undefined;
    const c = coerceDate(row.get(f) ?? null);
    if (!c.ok) { problems.push({ field: f, message: `${LABEL[f]}：${c.message}` }); return null; }
    return c.value;
  };
  const bool = (f: string, extra: Record<string, boolean> = {}) => {
    if (!row.has(f)) return undefined;
    const v = row.get(f) ?? null;
    const s = v == null ? '' : stripSpaces(toHalfWidth(String(v)));
    if (!s) return null;
    if (s in extra) return extra[s];
    const c = coerceBool(v);
    if (!c.ok) { problems.push({ field: f, message: `${LABEL[f]}：${c.message}` }); return null; }
    return c.value;
  };

  const name = text('name', 30) ?? null;
  if (!name) problems.push({ field: 'name', message: '缺少借款人姓名' });
  const { idNo, damagedId } = rowReader(row, LABEL, problems).id(name, idOverride, '缺少借款人身份证号');

  const rawAmount = row.get('amount') ?? null;
  let amountFen: number | null = null;
  if (rawAmount == null || rawAmount === '') problems.push({ field: 'amount', message: '缺少贷款金额' });
  else {
    amountFen = parseAmountFen(rawAmount, amountUnit(row.header('amount'), rawAmount));
    if (amountFen == null) problems.push({ field: 'amount', message: `贷款金额“${String(rawAmount).slice(0, 30)}”不是数字` });
    else if (amountFen <= 0) { problems.push({ field: 'amount', message: '贷款金额应大于0' }); amountFen = null; }
    else if (amountFen > 100_000_000) { problems.push({ field: 'amount', message: `贷款金额 ${formatYuan(amountFen)} 元不合理（超过100万元），请核对单位是元还是万元` }); amountFen = null; }
  }

  const issueDate = date('issueDate') ?? null;
  if (!issueDate && !problems.some((p) => p.field === 'issueDate')) problems.push({ field: 'issueDate', message: '缺少放款日期' });
  let termMonths: number | null | undefined;
  if (row.has('termMonths')) {
    const c = coerceMonths(row.get('termMonths') ?? null, row.header('termMonths'));
    if (!c.ok) problems.push({ field: 'termMonths', message: `期限${c.message}` });
    termMonths = c.ok ? c.value : null;
    if (termMonths != null && (termMonths <= 0 || termMonths > 240)) { problems.push({ field: 'termMonths', message: `期限 ${termMonths} 个月不合理` }); termMonths = null; }
  }
  let dueDate = date('dueDate') ?? null;
  if (!dueDate && issueDate && termMonths) dueDate = addMonths(issueDate, termMonths);
  if (!dueDate && !problems.some((p) => p.field === 'dueDate')) problems.push({ field: 'dueDate', message: '缺少到期日期（也没有期限可推算）' });
  if (issueDate && dueDate && dueDate <= issueDate) problems.push({ field: 'dueDate', message: `到期日期 ${dueDate} 不晚于放款日期 ${issueDate}，请核对` });

  let rateE6: number | null | undefined;
  if (row.has('rate')) {
    const v = row.get('rate') ?? null;
    rateE6 = v == null || v === '' ? null : parseRateE6(v);
    if (v != null && v !== '' && rateE6 == null) problems.push({ field: 'rate', message: `年利率“${String(v).slice(0, 20)}”无法识别，请写成 3.45 或 3.45% 这样的百分数` });
    else if (rateE6 != null && rateE6 > 200_000) { problems.push({ field: 'rate', message: `年利率 ${formatRatePercent(rateE6)}% 不合理，请核对` }); rateE6 = null; }
  }
  let ratioBp: number | null | undefined;
  if (row.has('ratio')) {
    const v = row.get('ratio') ?? null;
    ratioBp = v == null || v === '' ? null : parseRatioBp(v);
    if (v != null && v !== '' && ratioBp == null) problems.push({ field: 'ratio', message: `贴息比例“${String(v).slice(0, 20)}”无法识别，应在 0–100% 之间` });
  }
  let status: LoanStatus | undefined;
  if (row.has('status')) {
    const s = text('status', 20);
    if (s) {
      status = STATUS_WORDS[stripSpaces(s)];
      if (!status) problems.push({ field: 'status', message: `还款状态“${s}”无法识别，应为 ${LOAN_STATUSES.join('、')} 之一` });
    } else status = '正常';
  }
  let repaidFen: number | null | undefined;
  if (row.has('repaid')) {
    const v = row.get('repaid') ?? null;
    repaidFen = v == null || v === '' ? null : parseAmountFen(v, unitFromHeader(row.header('repaid')));
    if (v != null && v !== '' && repaidFen == null) problems.push({ field: 'repaid', message: `已还本金“${String(v).slice(0, 30)}”不是数字` });
    if (repaidFen != null && amountFen != null && repaidFen > amountFen) problems.push({ field: 'repaid', message: `已还本金 ${formatYuan(repaidFen)} 元超过贷款金额 ${formatYuan(amountFen)} 元，请核对单位` });
    if (repaidFen != null && repaidFen < 0) problems.push({ field: 'repaid', message: '已还本金不能为负数' });
  }
  const extendedDue = date('extendedDue');
  if (extendedDue && dueDate && extendedDue <= dueDate) problems.push({ field: 'extendedDue', message: `展期到期日期 ${extendedDue} 应晚于原到期日期 ${dueDate}` });

  const rec: LoanRecord = {
    idNo: idNo ?? '', name: name ?? '', village: text('village', 40), householdType: text('householdType', 20),
    bank: text('bank', 40), contractNo: (() => { const c = text('contractNo', 60); return c ? stripSpaces(toHalfWidth(c)) : null; })(),
    amountFen: amountFen ?? 0, issueDate: issueDate ?? '', dueDate: dueDate ?? '', termMonths, rateE6,
    purpose: text('purpose', 100), subsidized: bool('subsidized', { 部分: true, 全额: true, 部分贴息: true, 不贴息: false }), ratioBp, status, repaidFen,
    note: text('note', 500), additional: bool('additional', { 追加: true, 追加贷款: true, 首贷: false, 首次: false, 新增: false, 续贷: false }),
    borrowerIsHead: /户主/.test(row.header('name') ?? '') || (!/借款/.test(row.header('name') ?? '') && /户主/.test(row.header('idNo') ?? '')),
    extendedDue, overdueSince: date('overdueSince'), settledDate: date('settledDate'),
  };
  // County ledgers mark a 追加 loan by its 贴息: 是否贴息 = 部分 (only the first 5万 of the household is subsidised).
  if (rec.additional == null && rec.subsidized && /部分|超出|5万以内|五万以内/.test(String(row.get('subsidized') ?? ''))) rec.additional = true;
  return { record: problems.length ? null : rec, problems, damagedId };
}

const loanKey = (r: LoanRecord) => r.contractNo ?? `${r.idNo}@${r.issueDate}`;

/** What the database holds for a loan, in the importer's terms. */
interface Snapshot {
  id: number; idNo: string; bank: string | null; contract_no: string | null; amount_fen: number; issue_date: string; due_date: string;
  term_months: number | null; rate_e6: number | null; purpose: string | null; subsidized: number; ratio_bp: number; status: string;
  note: string | null; additional: number; extended_due_date: string | null; overdue_since: string | null; settled_date: string | null;
  deleted_at: string | null; repaid: number; dated: number;
}

const SNAPSHOT = `SELECT l.*, p.id_no AS idNo, coalesce((SELECT sum(principal_fen) FROM loan_repayments r WHERE r.loan_id = l.id), 0) AS repaid,
  coalesce((SELECT sum(principal_fen) FROM loan_repayments r WHERE r.loan_id = l.id AND r.repay_date IS NOT NULL), 0) AS dated
  FROM loans l JOIN persons p ON p.id = l.person_id`;

const yesNo = (b: boolean | number | null | undefined) => (b == null ? '' : b ? '是' : '否');
const yuan = (f: number | null | undefined) => (f == null ? '' : `${formatYuan(f)}元`);

/** Compared fields: [label, file value (undefined = no column), database value, shown]. An empty cell never erases what we have. */
function diff(r: LoanRecord, s: Snapshot): Change[] {
  const out: Change[] = [];
  const cmp = (field: string, after: unknown, before: unknown, show: (v: never) => string = (v) => (v == null ? '' : String(v))) => {
    if (after === undefined || after === null) return;
    if (after !== before) out.push({ field, before: show(before as never), after: show(after as never) });
  };
  cmp('身份证号', r.idNo, s.idNo);
  cmp('贷款银行', r.bank, s.bank);
  cmp('合同编号', r.contractNo, s.contract_no);
  cmp('贷款金额', r.amountFen, s.amount_fen, yuan);
  cmp('放款日期', r.issueDate, s.issue_date);
  cmp('到期日期', r.dueDate, s.due_date);
  cmp('期限（月）', r.termMonths, s.term_months);
  cmp('年利率（%）', r.rateE6, s.rate_e6, (v: number | null) => (v == null ? '' : formatRatePercent(v)));
  cmp('贷款用途', r.purpose, s.purpose);
  cmp('是否贴息', r.subsidized == null ? r.subsidized : r.subsidized ? 1 : 0, s.subsidized, yesNo);
  cmp('贴息比例（%）', r.ratioBp, s.ratio_bp, (v: number | null) => (v == null ? '' : formatRatioPercent(v)));
  cmp('还款状态', r.status, s.status);
  cmp('已还本金', r.repaidFen, s.repaid, yuan);
  cmp('备注', r.note, s.note);
  cmp('追加贷款', r.additional == null ? r.additional : r.additional ? 1 : 0, s.additional, yesNo);
  cmp('展期到期日期', r.extendedDue, s.extended_due_date);
  cmp('逾期起始日期', r.overdueSince, s.overdue_since);
  cmp('结清日期', r.settledDate, s.settled_date);
  if (s.deleted_at) out.push({ field: '状态', before: '在回收站', after: '恢复' });
  return out;
}

function householdTypeOf(v: string | null | undefined): string {
  if (!v) return '一般户';
  if (/^脱贫/.test(v) && !/不稳定/.test(v)) return '脱贫户';
  if (/监测|不稳定|边缘|突发/.test(v)) return '监测户';
  return '一般户';
}

export const loansKind: KindDef<LoanRecord> = {
  kind: 'loans',
  label: '小额信贷台账',
  unit: '笔贷款',
  fields: LOAN_FIELDS,
  missingMessage: (missing, found) => missingColumnsMessage('小额信贷台账', missing, found),
  parseRow: parseLoanRow,
  key: loanKey,
  label_: (r) => `${r.name} ${r.contractNo ?? r.issueDate} ${formatYuan(r.amountFen)}元`,
  display: (r) => {
    const out: Record<string, string> = {
      借款人姓名: r.name, 身份证号: r.idNo, 合同编号: r.contractNo ?? '', 贷款金额: `${formatYuan(r.amountFen)}元`, 放款日期: r.issueDate, 到期日期: r.dueDate,
    };
    if (r.village != null) out['行政村'] = r.village;
    if (r.bank != null) out['贷款银行'] = r.bank;
    if (r.termMonths != null) out['期限（月）'] = String(r.termMonths);
    if (r.rateE6 != null) out['年利率（%）'] = formatRatePercent(r.rateE6);
    if (r.status) out['还款状态'] = r.status;
    if (r.repaidFen != null) out['已还本金'] = `${formatYuan(r.repaidFen)}元`;
    return out;
  },
  duplicateMessage(rows) {
    const out = new Map<number, string>();
    const first = rows[0];
    const same = rows.every((x) => JSON.stringify(x.record) === JSON.stringify(first.record));
    if (same) for (const x of rows.slice(1)) out.set(x.row, `与第${first.row}行完全相同（重复行），本行不再导入`);
    else for (const x of rows) {
      const others = rows.filter((o) => o !== x).map((o) => `第${o.row}行（${o.record.name}）`).join('、');
      out.set(x.row, x.record.contractNo
        ? `合同编号 ${x.record.contractNo} 与${others}相同，但内容不同。一个合同只能登记一笔贷款，请核对后只保留正确的一行`
        : `与${others}是同一借款人同一天放款且都没有合同编号，无法区分，请补填合同编号`);
    }
    return out;
  },
  compare(ctx) {
    const byContract = ctx.db.prepare(`${SNAPSHOT} WHERE l.contract_no = ?`);
    const byIssue = ctx.db.prepare(`${SNAPSHOT} WHERE p.id_no = ? AND l.issue_date = ? AND l.contract_no IS NULL`);
    return (r) => {
      const s = (r.contractNo ? byContract.get(r.contractNo) : byIssue.get(r.idNo, r.issueDate)) as Snapshot | undefined;
      if (!s) return null;
      return { id: s.id, changes: diff(r, s) } satisfies Existing;
    };
  },
  commit(ctx, rows, batchId) {
    const db = ctx.db;
    const now = nowLocal(ctx.now());
    const today = now.slice(0, 10);
    const personIds = new Map<string, number>();
    const findPerson = db.prepare('SELECT id FROM persons WHERE id_no = ?');
    const villageOf = villageResolver(ctx, batchId);
    /** The borrower; one who is not in the roster is added, marked 不在名单 (in_roster = 0), for L05 to report. */
    const personId = (r: LoanRecord): number => {
      let id = personIds.get(r.idNo) ?? (findPerson.get(r.idNo) as { id: number } | undefined)?.id;
      if (id === undefined) {
        const villageId = villageOf(r.village);
        const v = validateId(r.idNo, today);
        const info = v.ok ? v.info : { sex: null, birthDate: null };
        id = addOutsider(ctx, { idNo: r.idNo, name: r.name, sex: info.sex, birthDate: info.birthDate, household: { villageId, type: householdTypeOf(r.householdType) } }, batchId, now);
      }
      personIds.set(r.idNo, id);
      return id;
    };
    const undatedRepayment = (loanId: number, fen: number) =>
      repo.insertRepayment(ctx, { loan_id: loanId, repay_date: null, principal_fen: fen, interest_fen: 0, note: '导入的累计已还本金（日期不详）' }, batchId);
    // A ledger records 展期 only as the new due date: dated the import day (not before the loan was issued).
    const extension = (loanId: number, issueDate: string, oldDue: string, newDue: string) =>
      repo.insertExtension(ctx, { loan_id: loanId, ext_date: today < issueDate ? issueDate : today, old_due_date: oldDue, new_due_date: newDue, note: '导入' }, batchId);
    const getRaw = db.prepare('SELECT * FROM loans WHERE id = ?');
    const undatedOf = db.prepare('SELECT id, principal_fen FROM loan_repayments WHERE loan_id = ? AND repay_date IS NULL');
    const datedSum = db.prepare('SELECT coalesce(sum(principal_fen), 0) AS n FROM loan_repayments WHERE loan_id = ? AND repay_date IS NOT NULL');
    let inserted = 0, updated = 0;
    for (const s of rows) {
      const r = s.record!;
      const pid = personId(r);
      if (s.category === 'new') {
        // The whole row at once (展期 and 户主 included): one create in the log, the whole row for the undo.
        const id = repo.insertLoan(ctx, {
          person_id: pid, bank: r.bank ?? null, contract_no: r.contractNo, amount_fen: r.amountFen, issue_date: r.issueDate, due_date: r.dueDate,
          extended_due_date: r.extendedDue ?? null,
          term_months: r.termMonths ?? Math.max(1, monthsBetween(r.issueDate, r.dueDate)), rate_e6: r.rateE6 ?? null, ratio_bp: r.ratioBp ?? 10_000,
          subsidized: r.subsidized === false ? 0 : 1, additional: r.additional ? 1 : 0, purpose: r.purpose ?? null, status: r.status ?? '正常',
          overdue_since: r.overdueSince ?? null, settled_date: r.settledDate ?? null, note: r.note ?? null, borrower_source: r.borrowerIsHead ? '户主' : null,
        }, batchId, now);
        if (r.repaidFen) undatedRepayment(id, r.repaidFen);
        if (r.extendedDue) extension(id, r.issueDate, r.dueDate, r.extendedDue);
        inserted++;
      } else if (s.category === 'changed') {
        const id = s.existingId!;
        const before = getRaw.get(id) as Record<string, unknown> & { due_date: string; extended_due_date: string | null; issue_date: string };
        const pick = <T>(v: T | null | undefined, old: unknown) => (v === undefined || v === null ? old : v);
        const extended = !!r.extendedDue && r.extendedDue !== before.extended_due_date;
        repo.updateLoan(ctx, id, {
          person_id: pid, bank: pick(r.bank, before.bank), contract_no: pick(r.contractNo, before.contract_no), amount_fen: r.amountFen,
          issue_date: r.issueDate, due_date: r.dueDate, term_months: pick(r.termMonths, before.term_months), rate_e6: pick(r.rateE6, before.rate_e6),
          ratio_bp: pick(r.ratioBp, before.ratio_bp), subsidized: r.subsidized == null ? before.subsidized : r.subsidized ? 1 : 0,
          additional: r.additional == null ? before.additional : r.additional ? 1 : 0, purpose: pick(r.purpose, before.purpose),
          status: pick(r.status, before.status), overdue_since: pick(r.overdueSince, before.overdue_since), settled_date: pick(r.settledDate, before.settled_date),
          note: pick(r.note, before.note), deleted_at: null, ...(extended ? { extended_due_date: r.extendedDue } : {}),
        } as Partial<repo.LoanRow>, batchId, now);
        if (r.repaidFen != null) {
          // The file's 已还本金 is a running total: dated repayments stay, the undated remainder is replaced.
          const undated = undatedOf.all(id) as { id: number; principal_fen: number }[];
          const dated = (datedSum.get(id) as { n: number }).n;
          if (dated + undated.reduce((sum, u) => sum + u.principal_fen, 0) !== r.repaidFen) {
            for (const u of undated) repo.deleteRepayment(ctx, u.id, batchId);
            if (r.repaidFen - dated > 0) undatedRepayment(id, r.repaidFen - dated);
          }
        }
        if (extended) extension(id, r.issueDate, before.extended_due_date ?? r.dueDate, r.extendedDue!);
        updated++;
      }
    }
    return { inserted, updated };
  },
  // A damaged ID is matched against the roster the same way for every kind.
  suggest: (ctx, damaged) => personsKind.suggest!(ctx, damaged),
  /** Refuses when the loans were repaid, extended or edited since (their repayments are not records of the batch). */
  undo(ctx, batchId) {
    const db = ctx.db;
    // The batch's loans: those it created or changed, and those whose repayments or 展期 alone it replaced (the loan row itself unchanged).
    const touched = db.prepare(`SELECT id FROM loans WHERE created_batch_id = ? UNION SELECT record_id FROM audit_log WHERE batch_id = ? AND table_name = 'loans'
      UNION SELECT coalesce(json_extract(after_json, '$.loan_id'), json_extract(before_json, '$.loan_id')) FROM audit_log
        WHERE batch_id = ? AND table_name IN ('loan_repayments', 'loan_extensions')`).all(batchId, batchId, batchId) as { id: number | null }[];
    const ids = touched.map((t) => t.id).filter((id): id is number => id != null);
    if (ids.length) {
      const marks = ids.map(() => '?').join(',');
      const later = db.prepare(`SELECT count(*) AS n FROM audit_log WHERE id > (SELECT min(id) FROM audit_log WHERE batch_id = ?) AND (batch_id IS NULL OR batch_id <> ?)
        AND (batch_id IS NULL OR batch_id IN (SELECT id FROM import_batches WHERE undone_at IS NULL))
        AND ((table_name = 'loans' AND record_id IN (${marks})) OR (table_name IN ('loan_repayments', 'loan_extensions') AND record_id IN
          (SELECT id FROM loan_repayments WHERE loan_id IN (${marks}) UNION SELECT id FROM loan_extensions WHERE loan_id IN (${marks}))))`)
        .get(batchId, batchId, ...ids, ...ids, ...ids) as { n: number };
      if (later.n > 0) throw new AppError('CONFLICT', `这批导入的贷款之后又被修改过（${later.n} 处：手工修改、还款、展期或更晚的导入）。请先撤销更晚的导入，或手工核对后再处理。`);
    }
    // The rest is the generic undo's (import/undo.ts).
  },
};
