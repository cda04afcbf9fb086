import type { AttendanceRow } from '../../../../shared/api/posts';
import { monthsInText } from '../../../../shared/dates';
import { payableFen, type Assessment } from '../../../../shared/wages';
import { AppError } from '../../errors';
import type { Ctx } from '../../services/context';
import { nowLocal } from '../../services/context';
import { putAttendance, undoBatchAttendance } from '../../db/repo/attendance';
import { attendanceMonth, isLocked } from '../../services/posts';
import { personsKind } from './persons';
import { WAGE_FIELDS } from '../../../../shared/importColumns';
import { sameText } from '../coerce';
import { duplicateMessages, rowReader, missingColumnsMessage } from './fields';
import type { Change, Existing, FileContext, KindDef, ParsedRow, RowAccess, RowProblem } from './types';

/**
 * The grades counties write in 考核结果, as the pay rule reads them (合格 is paid, 不合格 is not). 基本称职,
 * 基本合格 and the like are left for the clerk: whether they are paid depends on the township's rules.
 */
const ASSESSMENT: Record<string, Assessment> = {
  合格: '合格', 优秀: '合格', 良好: '合格', 称职: '合格', 达标: '合格', 通过: '合格',
  不合格: '不合格', 不称职: '不合格', 不达标: '不合格', 未通过: '不合格',
};

/** One row of a 工资发放表: a holder's attendance and pay for one month. undefined = no such column. */
export interface WageRecord {
  idNo: string; name: string | null; village: string | null; postName: string | null; month: string;
  dueDays?: number | null; presentDays: number; assessment: Assessment;
  /** 应发 as the file shows it: a figure the pay rule derives, read only to tell whether 实发 simply follows it. */
  payableFen?: number | null;
  paidFen?: number | null; reason?: string | null;
  /** A row our own 工资发放表 lists for a holder whose attendance was not entered yet (备注 未登记考勤): changes nothing. */
  blank?: boolean;
}

/** What our 工资发放表 writes in 备注 for a holder the month lists without attendance. */
export const NOT_ENTERED = '未登记考勤';

const LABEL = Object.fromEntries(WAGE_FIELDS.map((f) => [f.key, f.label]));

export const fmtMonth = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;
const yuan = (f: number | null | undefined) => (f == null ? '' : (f / 100).toFixed(2));
const where = (f: FileContext) => `文件“${f.fileName}”工作表“${f.sheet}”`;

/** Whether a month is locked, asked once per month for a whole file (it cannot change inside one transaction). */
function lockedMonths(ctx: Ctx): (month: string) => boolean {
  const seen = new Map<string, boolean>();
  return (month) => {
    let v = seen.get(month);
    if (v === undefined) { v = isLocked(ctx, month); seen.set(month, v); }
    return v;
  };
}

const lockedMessage = (month: string) =>
  `${fmtMonth(month)}的工资已锁定（已发放），不能再导入修改。已发放的月份如有错发，请在下月工资中补发或扣回并写明原因`;

/**
 * The month every row belongs to unless it has its own 月份 cell: the one the clerk chose, or the
 * one the title names. A title and a choice that disagree, or a locked month, refuse the whole file.
 */
export function prepareWages(ctx: Ctx, file: FileContext): FileContext {
  const titled = [...new Set(file.titleLines.flatMap(monthsInText))];
  const given = file.options.month;
  let month: string | undefined;
  if (given) {
    if (titled.length && !titled.includes(given)) {
      throw new AppError('VALIDATION', `${where(file)}的标题写的是${titled.map(fmtMonth).join('、')}，导入时却选择了${fmtMonth(given)}。请核对是哪个月的工资：选对月份，或改正文件标题后重新导入。`);
    }
    month = given;
  } else if (titled.length === 1) month = titled[0];
  else if (titled.length > 1) {
    throw new AppError('VALIDATION', `${where(file)}的标题中有多个月份（${titled.map(fmtMonth).join('、')}），无法确定是哪个月的工资。请在导入时选择月份（命令行加 --month ${titled[0]}）。`);
  } else if (!file.has('month')) {
    throw new AppError('VALIDATION', `${where(file)}看不出是哪个月的工资：标题里没有“2026年3月”这样的月份，表中也没有“月份”列。请在导入时选择月份（命令行加 --month 2026-03），或在标题里写明月份后重新导入。`);
  }
  if (month && isLocked(ctx, month)) throw new AppError('CONFLICT', `${where(file)}：${lockedMessage(month)}。本次没有写入任何内容。`);
  return { ...file, options: { ...file.options, month } };
}

export function parseWageRow(row: RowAccess, idOverride?: string): ParsedRow<WageRecord> {
  const problems: RowProblem[] = [];
  const r = rowReader(row, LABEL, problems);
  const name = r.text('name', 30) ?? null;
  const { idNo, damagedId } = r.id(name, idOverride);
  const fileMonth = row.file?.options.month;
  const own = r.month('month');
  if (own && fileMonth && own !== fileMonth) {
    problems.push({ field: 'month', message: `本行月份是${fmtMonth(own)}，与标题（或导入时选择）的${fmtMonth(fileMonth)}不一致。请核对后改正` });
  }
  const month = own ?? fileMonth ?? null;
  if (!month && !problems.some((p) => p.field === 'month')) problems.push({ field: 'month', message: '缺少月份：请在“月份”列填写，如 2026-03' });
  const days = (f: 'dueDays' | 'presentDays') => {
    const n = r.int(f);
    if (n != null && (n < 0 || n > 31)) { problems.push({ field: f, message: `${LABEL[f]}（${n}）应在0到31之间` }); return null; }
    return n;
  };
  const dueDays = days('dueDays');
  const presentDays = days('presentDays');
  if (presentDays == null && !r.text('assessment', 10) && (row.get('paid') ?? '') === '' && r.text('reason', 200) === NOT_ENTERED && month && idNo) {
    return { record: { idNo, name, village: r.text('village', 40) ?? null, postName: r.text('postName', 40) ?? null, month, presentDays: 0, assessment: '合格', blank: true }, problems, damagedId };
  }
  if (presentDays == null && !problems.some((p) => p.field === 'presentDays')) problems.push({ field: 'presentDays', message: '缺少实出勤天数（没出勤请填 0）' });
  if (dueDays != null && presentDays != null && presentDays > dueDays) {
    problems.push({ field: 'presentDays', message: `实出勤天数（${presentDays}）不能多于应出勤天数（${dueDays}）` });
  }
  const written = r.text('assessment', 10);
  const assessment = written ? ASSESSMENT[written] ?? written : written;
  if (!assessment) problems.push({ field: 'assessment', message: '缺少考核结果：请填“合格”或“不合格”' });
  else if (assessment !== '合格' && assessment !== '不合格') {
    problems.push({ field: 'assessment', message: `考核结果“${assessment}”无法对应“合格”或“不合格”：基本称职、基本合格等请按本乡镇的考核办法改成其中之一` });
  }
  const payable = r.amount('payable');
  const paid = r.amount('paid');
  if (paid != null && paid < 0) problems.push({ field: 'paid', message: '实发金额不能为负数' });
  const rec: WageRecord = {
    idNo, name, village: r.text('village', 40) ?? null, postName: r.text('postName', 40) ?? null, month: month ?? '',
    dueDays, presentDays: presentDays ?? 0, assessment: assessment as Assessment, payableFen: payable, paidFen: paid, reason: r.text('reason', 200),
  };
  return { record: problems.length ? null : rec, problems, damagedId };
}

/** What a row will store for its appointment, or why it cannot: the pay rule of shared/wages.ts decides 应发. */
type Settled = { ok: true; due: number; present: number; assessment: Assessment; payable: number; paid: number; reason: string | null } | { ok: false; problem: RowProblem };

function settle(r: WageRecord, a: AttendanceRow): Settled {
  const due = r.dueDays ?? a.dueDays;
  if (due == null) return { ok: false, problem: { field: 'dueDays', message: `${fmtMonth(r.month)}还没有登记过考勤，本行又没有应出勤天数。请补上“应出勤天数”列` } };
  if (r.presentDays > due) return { ok: false, problem: { field: 'presentDays', message: `实出勤天数（${r.presentDays}）不能多于应出勤天数（${due}）` } };
  // Attendance as recorded keeps its 应发 even if the monthly wage changed since; new or changed attendance follows today's wage.
  const same = a.dueDays === due && a.presentDays === r.presentDays && a.assessment === r.assessment && a.payableFen != null;
  const payable = same ? a.payableFen! : payableFen(a.wageFen, due, r.presentDays, r.assessment);
  const reason = r.reason?.trim() || null;
  // 实发 equal to the file's own 应发 (no reason given) just follows the rule: changed days recompute both.
  const follows = r.paidFen == null || (r.payableFen != null && r.paidFen === r.payableFen && !reason);
  const paid = follows ? payable : r.paidFen!;
  if (paid !== payable && !reason) {
    return { ok: false, problem: { field: 'paid', message: `实发金额 ${yuan(paid)} 元与应发金额 ${yuan(payable)} 元不同，但没有写原因。请在“备注”列写明原因（如扣发缘由）后重新导入，或把实发改成与应发相同` } };
  }
  return { ok: true, due, present: r.presentDays, assessment: r.assessment, payable, paid, reason: paid !== payable ? reason : null };
}

/**
 * Finds the appointment a row pays: the holder's appointment active in that month, told apart by
 * 岗位名称 (and 村) when the person has two. Returns it or the reason there is none.
 */
function match(r: WageRecord, list: AttendanceRow[]): AttendanceRow | RowProblem {
  const who = `${r.name ?? ''}（${r.idNo}）`;
  const m = fmtMonth(r.month);
  if (!list.length) return { field: 'idNo', message: `${who}在${m}没有在岗的聘用记录，不能登记工资。请核对身份证号，或先在“聘用”中登记聘用` };
  if (r.name && list[0].personName !== r.name) return { field: 'name', message: `身份证号 ${r.idNo} 在台账中是“${list[0].personName}”，本行姓名是“${r.name}”。请核对是否填错了身份证号` };
  let c = r.postName ? list.filter((a) => a.postName === r.postName) : list;
  if (c.length > 1 && r.village) c = c.filter((a) => (a.villageName ?? '') === r.village);
  const posts = list.map((a) => `${a.villageName ?? ''}${a.postName}`).join('、');
  if (!c.length) return { field: 'postName', message: `${who}在${m}没有“${r.postName}”岗位的聘用（该月在岗的岗位：${posts}）。请核对岗位名称` };
  if (c.length > 1) return { field: 'postName', message: `${who}在${m}有 ${c.length} 个岗位（${posts}），请在“岗位名称”列写明本行是哪一个` };
  return c[0];
}

function diff(s: Extract<Settled, { ok: true }>, a: AttendanceRow): Change[] {
  const out: Change[] = [];
  const cmp = (field: string, after: string, before: string) => { if (!sameText(after, before)) out.push({ field, before, after }); };
  cmp('应出勤天数', String(s.due), String(a.dueDays));
  cmp('实出勤天数', String(s.present), String(a.presentDays));
  cmp('考核结果', s.assessment, a.assessment ?? '');
  cmp('应发金额', yuan(s.payable), yuan(a.payableFen));
  cmp('实发金额', yuan(s.paid), yuan(a.paidFen));
  cmp('备注', s.reason ?? '', a.paidReason ?? '');
  return out;
}

/** The month's appointments by holder ID, loaded once per month a batch touches. */
function monthIndex(ctx: Ctx) {
  const months = new Map<string, Map<string, AttendanceRow[]>>();
  return (month: string) => {
    let byId = months.get(month);
    if (!byId) {
      byId = new Map();
      for (const a of attendanceMonth(ctx, month).rows) byId.set(a.idNo, [...(byId.get(a.idNo) ?? []), a]);
      months.set(month, byId);
    }
    return byId;
  };
}

export const postWagesKind: KindDef<WageRecord> = {
  kind: 'post-wages',
  label: '工资发放表',
  unit: '条工资记录',
  fields: WAGE_FIELDS,
  missingMessage: (missing, found) => missingColumnsMessage('公益岗位工资发放表', missing, found),
  prepare: prepareWages,
  parseRow: parseWageRow,
  key: (r) => `${r.idNo}|${r.month}|${r.village ?? ''}|${r.postName ?? ''}`,
  label_: (r) => `${r.name ?? ''} ${r.idNo} ${r.postName ?? ''} ${fmtMonth(r.month)}`,
  display: (r) => ({
    月份: r.month, 行政村: r.village ?? '', 岗位名称: r.postName ?? '', 姓名: r.name ?? '', 身份证号码: r.idNo,
    应出勤天数: r.dueDays == null ? '' : String(r.dueDays), 实出勤天数: String(r.presentDays), 考核结果: r.assessment,
    实发金额: yuan(r.paidFen), 备注: r.reason ?? '',
  }),
  duplicateMessage: (rows) => duplicateMessages(rows,
    (_x, others) => `与${others}是同一人同一岗位同一月份的工资，但数字不同。请只保留正确的一行`,
    (r) => `${r.name ?? ''}${r.postName ?? ''}`),
  compare(ctx) {
    const index = monthIndex(ctx);
    const locked = lockedMonths(ctx);
    const claimed = new Set<string>();
    return (r): Existing | null => {
      if (locked(r.month)) return { id: 0, changes: [], problem: { field: 'month', message: `${lockedMessage(r.month)}，本行不导入` } };
      const a = match(r, index(r.month).get(r.idNo) ?? []);
      if (!('appointmentId' in a)) return { id: 0, changes: [], problem: a };
      const k = `${a.appointmentId}|${r.month}`;
      if (claimed.has(k)) return { id: 0, changes: [], problem: { field: 'postName', message: `文件中已有一行是${r.name ?? r.idNo}在${fmtMonth(r.month)}的“${a.postName}”工资，同一岗位同一月份只能有一行` } };
      claimed.add(k);
      if (r.blank) return { id: a.appointmentId, changes: [] }; // listed without attendance: nothing to write
      const s = settle(r, a);
      if (!s.ok) return { id: a.appointmentId, changes: [], problem: s.problem };
      if (a.dueDays == null) return { id: a.appointmentId, changes: [], isNew: true };
      return { id: a.appointmentId, changes: diff(s, a) };
    };
  },
  commit(ctx, rows, batchId) {
    const index = monthIndex(ctx);
    const now = nowLocal(ctx.now());
    const locked = lockedMonths(ctx);
    let inserted = 0, updated = 0;
    for (const row of rows) {
      const r = row.record!;
      // The month may have been locked between the preview and now: then nothing of this file is written.
      if (locked(r.month)) throw new AppError('CONFLICT', `第${row.row}行：${lockedMessage(r.month)}。本次导入没有写入任何内容。`);
      const a = (index(r.month).get(r.idNo) ?? []).find((x) => x.appointmentId === row.existingId);
      const s = a && settle(r, a);
      if (!a || !s?.ok) throw new AppError('CONFLICT', `第${row.row}行：${r.name ?? r.idNo}的聘用或考勤在预览之后被改动过，本次导入没有写入任何内容。请重新选择文件导入。`);
      const done = putAttendance(ctx, a.appointmentId, r.month, { due_days: s.due, present_days: s.present, assessment: s.assessment, payable_fen: s.payable,
        paid_fen: s.paid, paid_reason: s.reason }, batchId, now);
      if (done === 'inserted') inserted++; else updated++;
    }
    return { inserted, updated };
  },
  suggest: (ctx, damaged) => personsKind.suggest!(ctx, damaged),
  // attendance has no id for the generic undo: its repository puts the batch's rows back, refusing a month locked since.
  undo(ctx, batchId) {
    const locked = lockedMonths(ctx);
    undoBatchAttendance(ctx, batchId, (month) => {
      if (locked(month)) throw new AppError('CONFLICT', `${lockedMessage(month)}，所以这批导入不能撤销。`);
    });
  },
};
