import type { z } from 'zod';
import type { Appointment, AttendanceRow, Post, PostInput, AppointmentInput } from '../../../shared/api/posts';
import { payableFen, agreementEnd } from '../../../shared/wages';
import { appointmentStateAt } from '../../../shared/status';
import { todayIso } from '../../../shared/dates';
import { cleanText, stripSpaces, toHalfWidth } from '../../../shared/text';
import { AppError, notFound } from '../errors';
import type { Ctx } from './context';
import { nowLocal } from './context';
import { getSettings } from './settings';
import * as postRepo from '../db/repo/posts';
import * as apptRepo from '../db/repo/appointments';
import { deleteMonthLock, insertMonthLock, putAttendance } from '../db/repo/attendance';
import { confirmLockPassword, lockStatus } from './lock';

type PostIn = z.infer<typeof PostInput>;
type AppointmentIn = z.input<typeof AppointmentInput>;

const POST_SELECT = `SELECT p.id, p.village_id AS villageId, v.name AS villageName, p.name, p.category, p.fund_source AS fundSource,
  p.headcount, p.duties, p.work_time AS workTime, p.wage_fen AS wageFen, p.council_date AS councilDate, p.council_record AS councilRecord,
  p.status, p.status_date AS statusDate,
  (SELECT count(*) FROM appointments a WHERE a.post_id = p.id AND a.status = '在岗') AS activeHolders
  FROM posts p LEFT JOIN villages v ON v.id = p.village_id`;

export function getPost(ctx: Ctx, id: number): Post {
  const r = ctx.db.prepare(`${POST_SELECT} WHERE p.id = ?`).get(id) as Post | undefined;
  if (!r) throw notFound('岗位');
  return r;
}

export function listPosts(ctx: Ctx, q: { villageId?: number; status?: string; name?: string; offset: number; limit: number; sort?: { field: string; dir: string } }) {
  const where: string[] = ['1 = 1'], args: unknown[] = [];
  if (q.villageId != null) { where.push('p.village_id = ?'); args.push(q.villageId); }
  if (q.status) { where.push('p.status = ?'); args.push(q.status); }
  if (q.name?.trim()) { where.push('instr(p.name, ?) > 0'); args.push(q.name.trim()); }
  const w = `WHERE ${where.join(' AND ')}`;
  const sorts: Record<string, string> = { name: 'p.name', villageName: 'v.name', category: 'p.category', wageFen: 'p.wage_fen', headcount: 'p.headcount' };
  const order = q.sort && sorts[q.sort.field] ? `${sorts[q.sort.field]} ${q.sort.dir === 'desc' ? 'DESC' : 'ASC'}, p.id` : 'v.name, p.name, p.id';
  const total = (ctx.db.prepare(`SELECT count(*) AS n FROM posts p LEFT JOIN villages v ON v.id = p.village_id ${w}`).get(...args) as { n: number }).n;
  const rows = ctx.db.prepare(`${POST_SELECT} ${w} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, q.limit, q.offset) as Post[];
  return { rows, total };
}

function checkPost(ctx: Ctx, p: PostIn) {
  if (p.villageId != null && !ctx.db.prepare('SELECT 1 FROM villages WHERE id = ?').get(p.villageId)) throw notFound('村');
  const cats = getSettings(ctx).postCategories;
  if (!cats.includes(p.category)) throw new AppError('VALIDATION', `岗位类别“${p.category}”不在设置的类别中（${cats.join('、')}）`, { field: 'category' });
}

/** The form's fields under the table's column names. */
const postColumns = (p: PostIn) => ({
  village_id: p.villageId, name: cleanText(p.name), category: p.category, fund_source: p.fundSource, headcount: p.headcount, duties: p.duties,
  work_time: p.workTime, wage_fen: p.wageFen, council_date: p.councilDate, council_record: p.councilRecord,
});

export function createPost(ctx: Ctx, p: PostIn, batchId: number | null = null): Post {
  checkPost(ctx, p);
  const id = ctx.db.transaction(() => {
    return postRepo.insertPost(ctx, postColumns(p), batchId, nowLocal(ctx.now()));
  })();
  return getPost(ctx, id);
}

export function updatePost(ctx: Ctx, p: PostIn & { id: number }): Post {
  getPost(ctx, p.id);
  checkPost(ctx, p);
  ctx.db.transaction(() => { postRepo.updatePost(ctx, p.id, postColumns(p), null, nowLocal(ctx.now())); })();
  return getPost(ctx, p.id);
}

export function revokePost(ctx: Ctx, id: number, date: string): Post {
  const before = getPost(ctx, id);
  if (before.activeHolders > 0) throw new AppError('CONFLICT', `岗位“${before.name}”还有 ${before.activeHolders} 名在岗人员，请先为他们办理退岗再撤销岗位。`);
  ctx.db.transaction(() => { postRepo.updatePost(ctx, id, { status: '撤销', status_date: date }, null, nowLocal(ctx.now())); })();
  return getPost(ctx, id);
}

const APPT_SELECT = `SELECT a.id, a.post_id AS postId, a.person_id AS personId, a.agreement_no AS agreementNo, a.start_date AS startDate,
  a.end_date AS endDate, a.wage_fen AS wageFen, a.bank_account AS bankAccount, a.bank_name AS bankName, a.status, a.remark,
  a.exit_date AS exitDate, a.exit_reason AS exitReason, a.exit_note AS exitNote,
  po.name AS postName, po.category AS postCategory, v.name AS villageName,
  pe.name AS personName, pe.id_no AS idNo, h.hh_type AS householdType, pe.phone
  FROM appointments a JOIN posts po ON po.id = a.post_id LEFT JOIN villages v ON v.id = po.village_id
  JOIN persons pe ON pe.id = a.person_id LEFT JOIN households h ON h.id = pe.household_id`;

type ApptRow = Omit<Appointment, 'derivedStatus' | 'statusAsOf'>;
const withState = (r: ApptRow, asOf: string): Appointment => ({ ...r, derivedStatus: appointmentStateAt(r, asOf), statusAsOf: asOf });

export function getAppointment(ctx: Ctx, id: number, asOf = todayIso(ctx.now())): Appointment {
  const r = ctx.db.prepare(`${APPT_SELECT} WHERE a.id = ?`).get(id) as ApptRow | undefined;
  if (!r) throw notFound('聘用记录');
  return withState(r, asOf);
}

export function listAppointments(ctx: Ctx, q: { postId?: number; personId?: number; villageId?: number; status?: string; name?: string; offset: number; limit: number; sort?: { field: string; dir: string }; asOf?: string }) {
  const where: string[] = ['1 = 1'], args: unknown[] = [];
  if (q.postId != null) { where.push('a.post_id = ?'); args.push(q.postId); }
  if (q.personId != null) { where.push('a.person_id = ?'); args.push(q.personId); }
  if (q.villageId != null) { where.push('po.village_id = ?'); args.push(q.villageId); }
  if (q.status) { where.push('a.status = ?'); args.push(q.status); }
  const name = q.name?.trim();
  if (name) {
    if (/^[a-z]+$/i.test(name)) { where.push('(substr(pe.name_initials, 1, ?) = ? OR instr(pe.name, ?) > 0)'); args.push(name.length, name.toLowerCase(), name); }
    else { where.push('(instr(pe.name, ?) > 0 OR instr(pe.id_no, ?) > 0)'); args.push(name, name.toUpperCase()); }
  }
  const w = `WHERE ${where.join(' AND ')}`;
  const sorts: Record<string, string> = { personName: 'pe.name_initials', postName: 'po.name', villageName: 'v.name', startDate: 'a.start_date', endDate: 'a.end_date', wageFen: 'a.wage_fen', status: 'a.status' };
  const order = q.sort && sorts[q.sort.field] ? `${sorts[q.sort.field]} ${q.sort.dir === 'desc' ? 'DESC' : 'ASC'}, a.id` : 'v.name, po.name, a.id';
  const from = 'FROM appointments a JOIN posts po ON po.id = a.post_id LEFT JOIN villages v ON v.id = po.village_id JOIN persons pe ON pe.id = a.person_id';
  const total = (ctx.db.prepare(`SELECT count(*) AS n ${from} ${w}`).get(...args) as { n: number }).n;
  const rows = ctx.db.prepare(`${APPT_SELECT} ${w} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, q.limit, q.offset) as ApptRow[];
  const asOf = q.asOf ?? todayIso(ctx.now());
  return { rows: rows.map((r) => withState(r, asOf)), total };
}

function normalizeAppointment(ctx: Ctx, a: AppointmentIn) {
  const post = getPost(ctx, a.postId);
  if (post.status === '撤销') throw new AppError('CONFLICT', `岗位“${post.name}”已撤销，不能再聘用。`);
  const person = ctx.db.prepare('SELECT id, name, deleted_at FROM persons WHERE id = ?').get(a.personId) as { id: number; name: string; deleted_at: string | null } | undefined;
  if (!person || person.deleted_at) throw notFound('人员');
  if (a.endDate && a.endDate < a.startDate) throw new AppError('VALIDATION', '聘用结束日期不能早于开始日期', { field: 'endDate' });
  const account = a.bankAccount ? stripSpaces(toHalfWidth(a.bankAccount)) : null;
  if (account && !/^\d{12,30}$/.test(account)) throw new AppError('VALIDATION', `银行卡号“${a.bankAccount}”应为12到30位数字`, { field: 'bankAccount' });
  return { ...a, bankAccount: account, agreementNo: a.agreementNo?.trim() || null, status: a.status ?? '在岗', remark: a.remark ?? null };
}

/** The form's fields under the table's column names (a field the form leaves out is stored empty, as the form shows it). */
const appointmentColumns = (a: ReturnType<typeof normalizeAppointment>) => ({
  post_id: a.postId, person_id: a.personId, agreement_no: a.agreementNo, start_date: a.startDate, end_date: a.endDate ?? null, wage_fen: a.wageFen,
  bank_account: a.bankAccount, bank_name: a.bankName ?? null, status: a.status, remark: a.remark,
});

export function createAppointment(ctx: Ctx, input: AppointmentIn): Appointment {
  const a = normalizeAppointment(ctx, input);
  const id = ctx.db.transaction(() => apptRepo.insertAppointment(ctx, appointmentColumns(a), null, nowLocal(ctx.now())))();
  return getAppointment(ctx, id);
}

export function updateAppointment(ctx: Ctx, input: AppointmentIn & { id: number }): Appointment {
  const before = getAppointment(ctx, input.id);
  if (before.status === '离岗') throw new AppError('CONFLICT', '已退岗的聘用记录不能再修改；如需再次聘用，请新增一条聘用。');
  const a = normalizeAppointment(ctx, input);
  ctx.db.transaction(() => { apptRepo.updateAppointment(ctx, input.id, appointmentColumns(a), null, nowLocal(ctx.now())); })();
  return getAppointment(ctx, input.id);
}

/** 有序退岗: the record stays, with the date and one of the five reasons. */
export function exitAppointment(ctx: Ctx, p: { id: number; date: string; reason: string; note: string | null }): Appointment {
  const before = getAppointment(ctx, p.id);
  if (before.status === '离岗') throw new AppError('CONFLICT', `${before.personName} 已于 ${before.exitDate} 退岗。`);
  if (p.date < before.startDate) throw new AppError('VALIDATION', '退岗日期不能早于聘用开始日期');
  if (p.reason === '其他' && !p.note?.trim()) throw new AppError('VALIDATION', '退岗原因选“其他”时，请写明具体原因', { field: 'note' });
  ctx.db.transaction(() => {
    apptRepo.updateAppointment(ctx, p.id, { status: '离岗', exit_date: p.date, exit_reason: p.reason, exit_note: p.note }, null, nowLocal(ctx.now()));
  })();
  return getAppointment(ctx, p.id);
}

function monthBounds(month: string) {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(last).padStart(2, '0')}` };
}

export function isLocked(ctx: Ctx, month: string) {
  return !!ctx.db.prepare('SELECT 1 FROM month_locks WHERE month = ?').get(month);
}

/**
 * The agreement covers some day of the month (@first … @last): started by the month's end, and
 * neither its end date nor an exit before the month began. An exit cuts an agreement short but
 * never stretches it past its end date. (SQL twin of agreementCoversMonth in shared/status.ts.)
 */
export const COVERS_MONTH = `a.start_date <= @last AND coalesce(a.end_date, '9999-12-31') >= @first AND coalesce(a.exit_date, '9999-12-31') >= @first
  AND (a.status <> '离岗' OR a.exit_date IS NOT NULL)`;
/** Still 在岗 in the ledger when the month began, but the agreement had ended before it: 期满未续, not payable. */
export const EXPIRED_BEFORE_MONTH = `a.start_date <= @last AND a.end_date < @first AND coalesce(a.exit_date, '9999-12-31') >= @first
  AND (a.status <> '离岗' OR a.exit_date IS NOT NULL)`;

/** How many 期满未续 appointments the month's list leaves out, and the sentence that says why. */
export function expiredLeftOut(ctx: Ctx, month: string, villageId?: number): { count: number; note: string | null } {
  const { first, last } = monthBounds(month);
  const n = (ctx.db.prepare(`SELECT count(*) AS n FROM appointments a JOIN posts po ON po.id = a.post_id
    WHERE ${EXPIRED_BEFORE_MONTH} AND (@v IS NULL OR po.village_id = @v)`).get({ first, last, v: villageId ?? null }) as { n: number }).n;
  const [y, m] = month.split('-');
  return { count: n, note: n ? `另有 ${n} 人聘用协议在${y}年${Number(m)}月之前已期满、未续聘，本月不列入（协议期满后不能发放补贴）。请办理续聘或退岗。` : null };
}

/**
 * The month's list: exactly the appointments whose agreement covers some day of it, attendance
 * entered or not, with what was recorded; and how many 期满未续 were left out.
 */
export function attendanceMonth(ctx: Ctx, month: string, villageId?: number): { rows: AttendanceRow[]; locked: boolean; expiredLeftOut: number; note: string | null } {
  const { first, last } = monthBounds(month);
  const rows = ctx.db.prepare(`SELECT a.id AS appointmentId, pe.name AS personName, pe.id_no AS idNo, po.name AS postName, v.name AS villageName, a.wage_fen AS wageFen,
      t.due_days AS dueDays, t.present_days AS presentDays, t.assessment, t.payable_fen AS payableFen, t.paid_fen AS paidFen, t.paid_reason AS paidReason
    FROM appointments a JOIN posts po ON po.id = a.post_id LEFT JOIN villages v ON v.id = po.village_id JOIN persons pe ON pe.id = a.person_id
    LEFT JOIN attendance t ON t.appointment_id = a.id AND t.month = @month
    WHERE ${COVERS_MONTH} AND (@v IS NULL OR po.village_id = @v)
    ORDER BY v.name, po.name, pe.name_initials, a.id`).all({ month, first, last, v: villageId ?? null }) as AttendanceRow[];
  const left = expiredLeftOut(ctx, month, villageId);
  return { rows, locked: isLocked(ctx, month), expiredLeftOut: left.count, note: left.note };
}

export function saveAttendance(ctx: Ctx, month: string, rows: { appointmentId: number; dueDays: number; presentDays: number; assessment: '合格' | '不合格'; paidFen: number | null; paidReason: string | null }[]) {
  if (isLocked(ctx, month)) throw new AppError('CONFLICT', `${month} 的工资已锁定（已发放），不能再修改。`);
  const active = new Map(attendanceMonth(ctx, month).rows.map((r) => [r.appointmentId, r]));
  ctx.db.transaction(() => {
    for (const r of rows) {
      const a = active.get(r.appointmentId);
      if (!a) throw new AppError('VALIDATION', `聘用记录 ${r.appointmentId} 在 ${month} 不在岗，不能登记考勤`);
      if (r.presentDays > r.dueDays) throw new AppError('VALIDATION', `${a.personName}：实出勤天数（${r.presentDays}）不能多于应出勤天数（${r.dueDays}）`);
      const payable = payableFen(a.wageFen, r.dueDays, r.presentDays, r.assessment);
      const paid = r.paidFen ?? payable;
      if (paid !== payable && !r.paidReason?.trim()) throw new AppError('VALIDATION', `${a.personName}：实发与应发不同，请填写原因`);
      putAttendance(ctx, r.appointmentId, month, { due_days: r.dueDays, present_days: r.presentDays, assessment: r.assessment, payable_fen: payable,
        paid_fen: paid, paid_reason: paid !== payable ? r.paidReason : null }, null, nowLocal(ctx.now()));
    }
  })();
  return attendanceMonth(ctx, month);
}

export function lockMonth(ctx: Ctx, month: string) {
  // Locking an already locked month changes nothing, so it logs nothing.
  ctx.db.transaction(() => { insertMonthLock(ctx, month, nowLocal(ctx.now())); })();
  return { month, locked: true };
}

/**
 * Reopens a locked month (a correction after 发放): the reason is required and goes into the audit
 * row with who locked it and when. With a 程序锁 set, the screens must give its password; the CLI is
 * run by whoever holds the data folder and is not asked (as with lock-off).
 */
export function unlockMonth(ctx: Ctx, month: string, reason: string, password?: string) {
  const why = reason.trim();
  if (!why) throw new AppError('VALIDATION', `请写明解锁 ${month} 的原因（例如：补发张三3月工资），原因会记入操作日志。`);
  if (!isLocked(ctx, month)) throw new AppError('CONFLICT', `${month} 的工资没有锁定，不需要解锁。`);
  if (ctx.mode !== 'cli' && lockStatus(ctx).enabled) confirmLockPassword(ctx, password);
  ctx.db.transaction(() => { deleteMonthLock(ctx, month, why); })();
  return { month, locked: false };
}

/**
 * The numbers `stats --json` reports under "posts", at the as-of date: `active` counts the
 * appointments held that day (started, not exited; 期满未续 included, as the ledger still lists
 * them: each is a P13 of that day). 概览 shows the same figures.
 */
export function postsStats(ctx: Ctx, asOf = todayIso(ctx.now())) {
  const r = ctx.db.prepare(`SELECT
      (SELECT count(*) FROM posts WHERE status = '设立' OR (status = '撤销' AND status_date > @d)) AS library,
      count(*) AS active, count(DISTINCT a.person_id) AS holders,
      coalesce(sum(CASE WHEN h.hh_type IN ('脱贫户', '监测户') THEN 1 ELSE 0 END), 0) AS priorityActive,
      coalesce(sum(a.wage_fen), 0) AS wageFen
    FROM appointments a JOIN persons pe ON pe.id = a.person_id LEFT JOIN households h ON h.id = pe.household_id
    WHERE a.start_date <= @d AND (a.status = '在岗' OR (a.status = '离岗' AND a.exit_date > @d))`).get({ d: asOf }) as
    { library: number; active: number; holders: number; priorityActive: number; wageFen: number };
  return { library: r.library, active: r.active, holders: r.holders, priorityActive: r.priorityActive, monthlyWageYuan: r.wageFen / 100 };
}

export { agreementEnd };
