import type { z } from 'zod';
import type {
  Employment, EmploymentInput, EmploymentQuery, StatusEntry, Subsidy, Workshop, WorkshopDetail, WorkshopInput, WorkshopQuery,
} from '../../../shared/api/workshops';
import { validateCreditCode } from '../../../shared/creditcode';
import { todayIso } from '../../../shared/dates';
import { isValidPhone, personNameProblem } from '../../../shared/domain';
import { validateId } from '../../../shared/idcard';
import { cleanText, stripSpaces, toHalfWidth } from '../../../shared/text';
import {
  checkEmployment, figuresOn, isActiveOn, periodsOverlap, planSubsidies, qualify, QUALIFICATION_LABELS,
  type EmploymentFact, type WorkshopRuleSettings, type WorkshopStatus,
} from '../../../shared/workshops';
import { AppError, notFound } from '../errors';
import type { DB } from '../db/open';
import * as repo from '../db/repo/workshops';
import type { Ctx } from './context';
import { addOutsider } from '../db/repo/persons';
import { getSettings } from './settings';

/* ------------------------------------------------------------------ reading */

export function workshopRules(ctx: Ctx): WorkshopRuleSettings {
  const s = getSettings(ctx);
  return {
    workshopMinPoorWorkers: s.workshopMinPoorWorkers, workshopMinContractMonths: s.workshopMinContractMonths,
    workshopMinWageFen: s.workshopMinWageFen, workshopSubsidyPerPersonFen: s.workshopSubsidyPerPersonFen,
    workshopSubsidyCapFen: s.workshopSubsidyCapFen,
  };
}

interface WorkshopRow {
  id: number; name: string; villageId: number | null; villageName: string | null; entity: string | null; creditCode: string | null;
  leader: string | null; phone: string | null; industry: string | null; recognizedDate: string | null; status: WorkshopStatus;
  statusDate: string | null; reportedEmployed: number | null; reportedPoor: number | null; reportedMonitored: number | null;
  reportedAvgWageFen: number | null; note: string | null; deletedAt: string | null; updatedAt: string;
}

const WORKSHOP_SELECT = `SELECT w.id, w.name, w.village_id AS villageId, v.name AS villageName, w.entity, w.credit_code AS creditCode,
  w.leader, w.phone, w.industry, w.recognized_date AS recognizedDate, w.status, w.status_date AS statusDate,
  w.reported_employed AS reportedEmployed, w.reported_poor AS reportedPoor, w.reported_monitored AS reportedMonitored,
  w.reported_avg_wage_fen AS reportedAvgWageFen, w.note, w.deleted_at AS deletedAt, w.updated_at AS updatedAt
  FROM workshops w LEFT JOIN villages v ON v.id = w.village_id`;

const FACT_SELECT = `SELECT e.id, e.workshop_id AS workshopId, e.person_id AS personId, p.name, p.id_no AS idNo,
  coalesce(h.hh_type, '一般户') AS householdType, e.start_date AS startDate, e.end_date AS endDate,
  e.contract_months AS contractMonths, e.monthly_wage_fen AS monthlyWageFen
  FROM employments e JOIN persons p ON p.id = e.person_id LEFT JOIN households h ON h.id = p.household_id`;

type FactRow = Omit<EmploymentFact, 'poor' | 'monitored'> & { workshopId: number; householdType: string };

export function toFact(r: FactRow): EmploymentFact & { workshopId: number } {
  return {
    id: r.id, workshopId: r.workshopId, personId: r.personId, name: r.name, idNo: r.idNo,
    poor: r.householdType === '脱贫户' || r.householdType === '监测户', monitored: r.householdType === '监测户',
    startDate: r.startDate, endDate: r.endDate, contractMonths: r.contractMonths, monthlyWageFen: r.monthlyWageFen,
  };
}

/** Every workshop's 务工台账 rows (a township has tens of workshops, hundreds of workers). */
export function loadFacts(db: DB, workshopId?: number): Map<number, EmploymentFact[]> {
  const rows = (workshopId == null
    ? db.prepare(`${FACT_SELECT} ORDER BY e.start_date, e.id`).all()
    : db.prepare(`${FACT_SELECT} WHERE e.workshop_id = ? ORDER BY e.start_date, e.id`).all(workshopId)) as FactRow[];
  const out = new Map<number, EmploymentFact[]>();
  for (const r of rows) {
    const f = toFact(r);
    const list = out.get(r.workshopId);
    if (list) list.push(f); else out.set(r.workshopId, [f]);
  }
  return out;
}

function paidByWorkshop(db: DB): Map<number, number> {
  const rows = db.prepare('SELECT workshop_id AS id, sum(amount_fen) AS fen FROM workshop_subsidies GROUP BY workshop_id').all() as { id: number; fen: number }[];
  return new Map(rows.map((r) => [r.id, r.fen]));
}

/** A workshop with its figures: from the 务工台账 when it has one, else from the ledger's reported counts. */
function build(r: WorkshopRow, facts: EmploymentFact[], paidFen: number, rules: WorkshopRuleSettings, date: string): Workshop {
  const hasReport = r.reportedEmployed != null || r.reportedPoor != null || r.reportedMonitored != null;
  const source = facts.length ? 'employments' : hasReport ? 'reported' : 'none';
  const f = facts.length ? figuresOn(facts, date) : {
    employed: r.reportedEmployed ?? 0, poor: r.reportedPoor ?? 0, monitored: r.reportedMonitored ?? 0, avgWageFen: r.reportedAvgWageFen,
  };
  const cc = r.creditCode ? validateCreditCode(r.creditCode) : null;
  return {
    ...r, creditCodeProblem: cc && !cc.ok ? cc.message : null, source, ...f,
    qualification: qualify({ status: r.status, employments: facts, reported: hasReport ? { employed: r.reportedEmployed, poor: r.reportedPoor } : null }, rules, date),
    subsidyPaidFen: paidFen,
  };
}

export function getWorkshop(ctx: Ctx, id: number, date = todayIso(ctx.now())): Workshop {
  const r = ctx.db.prepare(`${WORKSHOP_SELECT} WHERE w.id = ?`).get(id) as WorkshopRow | undefined;
  if (!r) throw notFound('车间');
  const paid = (ctx.db.prepare('SELECT coalesce(sum(amount_fen), 0) AS fen FROM workshop_subsidies WHERE workshop_id = ?').get(id) as { fen: number }).fen;
  return build(r, loadFacts(ctx.db, id).get(id) ?? [], paid, workshopRules(ctx), date);
}

/**
 * Each workshop's status on a date from its dated history: the last change on or before the date,
 * or 'later' when its history starts after the date (it was not yet registered then). Workshops
 * without any history are absent: their stored status is all there is.
 */
function statusesOn(db: DB, date: string): Map<number, { status: WorkshopStatus; since: string } | 'later'> {
  const out = new Map<number, { status: WorkshopStatus; since: string } | 'later'>();
  const rows = db.prepare(`SELECT workshop_id AS id, to_status AS status, changed_on AS since FROM workshop_status_history
    ORDER BY workshop_id, changed_on, id`).all() as { id: number; status: WorkshopStatus; since: string }[];
  for (const r of rows) {
    if (r.since <= date) out.set(r.id, { status: r.status, since: r.since });
    else if (!out.has(r.id)) out.set(r.id, 'later');
  }
  return out;
}

/**
 * All workshops with their figures as of a date (default today), for the list, stats, export and
 * checks: the status is the one its dated history gives for that day; asked about a date, a
 * workshop whose history starts after it is left out (it did not exist yet).
 */
export function allWorkshops(ctx: Ctx, opts: { deleted?: boolean; date?: string } = {}): Workshop[] {
  const date = opts.date ?? todayIso(ctx.now());
  const rows = ctx.db.prepare(`${WORKSHOP_SELECT} WHERE ${opts.deleted ? 'w.deleted_at IS NOT NULL' : 'w.deleted_at IS NULL'}
    ORDER BY v.code IS NULL, v.code, v.name, w.id`).all() as WorkshopRow[];
  const facts = loadFacts(ctx.db);
  const paid = paidByWorkshop(ctx.db);
  const rules = workshopRules(ctx);
  const on = statusesOn(ctx.db, date);
  const out: Workshop[] = [];
  for (const r of rows) {
    const s = on.get(r.id);
    // Asked about a date, a workshop registered after it is not counted; the plain list shows every one.
    if (s === 'later') { if (opts.date !== undefined) continue; out.push(build(r, facts.get(r.id) ?? [], paid.get(r.id) ?? 0, rules, date)); continue; }
    out.push(build(s ? { ...r, status: s.status, statusDate: s.since } : r, facts.get(r.id) ?? [], paid.get(r.id) ?? 0, rules, date));
  }
  return out;
}

const SORTABLE = new Set(['name', 'villageName', 'entity', 'creditCode', 'leader', 'industry', 'recognizedDate', 'status', 'employed', 'poor',
  'monitored', 'avgWageFen', 'subsidyPaidFen', 'statusDate', 'qualification']);

export function queryWorkshops(ctx: Ctx, q: z.output<typeof WorkshopQuery>): { rows: Workshop[]; total: number } {
  let list = allWorkshops(ctx, { deleted: q.deleted });
  const needle = q.name ? stripSpaces(toHalfWidth(q.name)).toUpperCase() : '';
  if (needle) list = list.filter((w) => [w.name, w.entity, w.creditCode].some((s) => s && stripSpaces(s).toUpperCase().includes(needle)));
  if (q.villageId != null) list = list.filter((w) => w.villageId === q.villageId);
  if (q.status) list = list.filter((w) => w.status === q.status);
  if (q.qualification) list = list.filter((w) => w.qualification.state === q.qualification);
  if (q.sort && SORTABLE.has(q.sort.field)) {
    const f = q.sort.field, dir = q.sort.dir === 'desc' ? -1 : 1;
    const key = (w: Workshop): string | number => {
      const v = f === 'qualification' ? QUALIFICATION_LABELS[w.qualification.state] : (w as unknown as Record<string, unknown>)[f];
      return typeof v === 'number' ? v : v == null ? '' : String(v);
    };
    list = [...list].sort((a, b) => {
      const x = key(a), y = key(b);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
      return c * dir || a.id - b.id;
    });
  }
  return { rows: list.slice(q.offset, q.offset + q.limit), total: list.length };
}

function history(db: DB, workshopId: number): StatusEntry[] {
  return db.prepare(`SELECT id, from_status AS fromStatus, to_status AS toStatus, changed_on AS changedOn, reason, measures, operator, created_at AS createdAt
    FROM workshop_status_history WHERE workshop_id = ? ORDER BY changed_on DESC, id DESC`).all(workshopId) as StatusEntry[];
}

const SUBSIDY_SELECT = `SELECT s.id, s.workshop_id AS workshopId, s.person_id AS personId, p.name, p.id_no AS idNo, s.amount_fen AS amountFen,
  s.paid_date AS paidDate, s.voucher, s.note, s.operator FROM workshop_subsidies s JOIN persons p ON p.id = s.person_id`;

function subsidies(db: DB, workshopId: number): Subsidy[] {
  return db.prepare(`${SUBSIDY_SELECT} WHERE s.workshop_id = ? ORDER BY s.paid_date, s.id`).all(workshopId) as Subsidy[];
}

/** A workshop as of a date (default today): its figures, 认定 and who may be paid the subsidy then. */
export function getWorkshopDetail(ctx: Ctx, id: number, asOf = todayIso(ctx.now())): WorkshopDetail {
  const workshop = getWorkshop(ctx, id, asOf);
  const facts = loadFacts(ctx.db, id).get(id) ?? [];
  const paid = subsidies(ctx.db, id);
  const rules = workshopRules(ctx);
  return {
    workshop, history: history(ctx.db, id), subsidies: paid, asOf, rules,
    plan: planSubsidies(workshop.qualification, facts, paid, rules, asOf),
  };
}

/* ------------------------------------------------------------------ workshops */

const blank = (s: string | null | undefined) => (s == null ? null : cleanText(toHalfWidth(s)) || null);

function normalizeWorkshop(ctx: Ctx, p: WorkshopInput, self: WorkshopRow | null) {
  const name = cleanText(p.name);
  if (!name) throw new AppError('VALIDATION', '请填写车间名称', { field: 'name' });
  let creditCode: string | null = null;
  if (p.creditCode && p.creditCode.trim()) {
    const v = validateCreditCode(p.creditCode);
    // A code that came in with an old ledger may be kept as it is; a new or changed one must pass.
    if (!v.ok && v.code !== self?.creditCode) throw new AppError('VALIDATION', v.message, { field: 'creditCode' });
    creditCode = v.code;
  }
  const entity = blank(p.entity);
  // A workshop is its code + name (经营主体 + name + 村 without a code): namesakes of other 经营主体 are other workshops.
  const other = (creditCode
    ? ctx.db.prepare('SELECT id, deleted_at FROM workshops WHERE credit_code = ? AND name = ? AND id <> ?').get(creditCode, name, self?.id ?? -1)
    : ctx.db.prepare(`SELECT id, deleted_at FROM workshops WHERE credit_code IS NULL AND name = ? AND coalesce(entity, '') = ? AND coalesce(village_id, 0) = ? AND id <> ?`)
      .get(name, entity ?? '', p.villageId ?? 0, self?.id ?? -1)) as { id: number; deleted_at: string | null } | undefined;
  if (other) {
    const bin = other.deleted_at ? '（在回收站中，可恢复）' : '';
    throw creditCode
      ? new AppError('CONFLICT', `统一社会信用代码 ${creditCode} 下的车间“${name}”已经登记过了${bin}。同一经营主体的同名车间只登记一次；如果是另一个经营主体的车间，请核对统一社会信用代码`, { field: 'creditCode', workshopId: other.id })
      : new AppError('CONFLICT', `车间“${name}”（经营主体 ${entity ?? '未填'}，未填统一社会信用代码）在本村已经登记过了${bin}。如果是另一个车间，请填写它的统一社会信用代码或经营主体以区分`, { field: 'name', workshopId: other.id });
  }
  const phone = p.phone ? stripSpaces(toHalfWidth(p.phone)) || null : null;
  if (phone && !isValidPhone(phone)) throw new AppError('VALIDATION', `联系电话“${p.phone}”不是11位手机号或带区号的固定电话，请核对`, { field: 'phone' });
  if (p.villageId != null && !ctx.db.prepare('SELECT 1 FROM villages WHERE id = ?').get(p.villageId)) throw notFound('村');
  if (p.recognizedDate && p.recognizedDate > todayIso(ctx.now())) throw new AppError('VALIDATION', `认定时间 ${p.recognizedDate} 晚于今天，请核对`, { field: 'recognizedDate' });
  return {
    name, village_id: p.villageId, entity, credit_code: creditCode, leader: blank(p.leader), phone,
    industry: blank(p.industry), recognized_date: p.recognizedDate, note: p.note?.trim() || null,
  };
}

function rawWorkshop(db: DB, id: number): WorkshopRow & Record<string, unknown> {
  const r = db.prepare(`${WORKSHOP_SELECT} WHERE w.id = ?`).get(id) as WorkshopRow | undefined;
  if (!r) throw notFound('车间');
  return r as WorkshopRow & Record<string, unknown>;
}

export function createWorkshop(ctx: Ctx, p: WorkshopInput & { status: WorkshopStatus }): Workshop {
  const n = normalizeWorkshop(ctx, p, null);
  const date = n.recognized_date ?? todayIso(ctx.now());
  const id = ctx.db.transaction(() => {
    const id = repo.insertWorkshop(ctx, { ...n, status: p.status, status_date: date });
    repo.insertStatusChange(ctx, { workshop_id: id, from_status: null, to_status: p.status, changed_on: date, reason: '登记车间' });
    return id;
  })();
  return getWorkshop(ctx, id);
}

export function updateWorkshop(ctx: Ctx, p: WorkshopInput & { id: number }): Workshop {
  const before = rawWorkshop(ctx.db, p.id);
  if (before.deletedAt) throw new AppError('CONFLICT', '车间在回收站中，恢复后才能修改');
  const n = normalizeWorkshop(ctx, p, before);
  ctx.db.transaction(() => repo.updateWorkshop(ctx, p.id, n))();
  return getWorkshop(ctx, p.id);
}

export function deleteWorkshop(ctx: Ctx, id: number): void {
  const before = rawWorkshop(ctx.db, id);
  if (before.deletedAt) return;
  ctx.db.transaction(() => repo.softDeleteWorkshop(ctx, id))();
}

export function restoreWorkshop(ctx: Ctx, id: number): Workshop {
  rawWorkshop(ctx.db, id);
  ctx.db.transaction(() => repo.restoreWorkshop(ctx, id))();
  return getWorkshop(ctx, id);
}

/** 正常运营 → 经营困难 → 停产 → 已退出, or back: every change dated, with a reason, and 帮扶措施 for 经营困难. */
export function changeStatus(ctx: Ctx, p: { id: number; status: WorkshopStatus; date: string; reason: string; measures: string | null }): WorkshopDetail {
  const w = rawWorkshop(ctx.db, p.id);
  if (w.deletedAt) throw new AppError('CONFLICT', '车间在回收站中，恢复后才能变更状态');
  if (w.status === p.status) throw new AppError('VALIDATION', `车间现在就是“${p.status}”，请选择新的状态`, { field: 'status' });
  const reason = cleanText(p.reason ?? '');
  if (!reason) throw new AppError('VALIDATION', '请填写状态变更的原因', { field: 'reason' });
  const measures = p.measures ? p.measures.trim() || null : null;
  if (p.status === '经营困难' && !measures) throw new AppError('VALIDATION', '车间经营困难时请填写帮扶措施（如 协调订单、落实稳岗补贴、减免租金）', { field: 'measures' });
  if (p.date > todayIso(ctx.now())) throw new AppError('VALIDATION', `变更日期 ${p.date} 晚于今天，请填写实际发生的日期`, { field: 'date' });
  const last = ctx.db.prepare('SELECT max(changed_on) AS d FROM workshop_status_history WHERE workshop_id = ?').get(p.id) as { d: string | null };
  if (last.d && p.date < last.d) throw new AppError('VALIDATION', `变更日期 ${p.date} 早于上一次状态变更（${last.d}），请核对`, { field: 'date' });
  ctx.db.transaction(() => {
    // The reason and 帮扶措施 live in the history row (its own audit row); the workshop row carries the status.
    repo.insertStatusChange(ctx, { workshop_id: p.id, from_status: w.status, to_status: p.status, changed_on: p.date, reason, measures });
    repo.updateWorkshop(ctx, p.id, { status: p.status, status_date: p.date });
  })();
  return getWorkshopDetail(ctx, p.id);
}

/* ------------------------------------------------------------------ employments (务工台账) */

/**
 * The person an employment row names, by 身份证号. Someone not on the roster (a 一般户 worker) is
 * added to the persons table as not in the roster, so the ledger keeps everyone who works there.
 */
export function ensurePerson(ctx: Ctx, idNo: string, name: string, batchId: number | null): { id: number; created: boolean } {
  const p = ctx.db.prepare('SELECT id, name, deleted_at FROM persons WHERE id_no = ?').get(idNo) as { id: number; name: string; deleted_at: string | null } | undefined;
  if (p) return { id: p.id, created: false };
  const v = validateId(idNo, todayIso(ctx.now()));
  if (!v.ok) throw new AppError('VALIDATION', v.message, { field: 'idNo' });
  return { id: addOutsider(ctx, { idNo: v.info.id, name, sex: v.info.sex, birthDate: v.info.birthDate }, batchId), created: true };
}

interface EmploymentRow {
  id: number; workshopId: number; workshopName: string; personId: number; name: string; idNo: string; householdType: string;
  villageName: string | null; inRoster: number; startDate: string; endDate: string | null; contractMonths: number | null;
  monthlyWageFen: number | null; channel: string | null; exitReason: string | null; note: string | null; subsidized: number;
}

const EMPLOYMENT_SELECT = `SELECT e.id, e.workshop_id AS workshopId, w.name AS workshopName, e.person_id AS personId, p.name, p.id_no AS idNo,
  coalesce(h.hh_type, '一般户') AS householdType, v.name AS villageName, p.in_roster AS inRoster, e.start_date AS startDate, e.end_date AS endDate,
  e.contract_months AS contractMonths, e.monthly_wage_fen AS monthlyWageFen, e.channel, e.exit_reason AS exitReason, e.note,
  EXISTS (SELECT 1 FROM workshop_subsidies s WHERE s.workshop_id = e.workshop_id AND s.person_id = e.person_id) AS subsidized
  FROM employments e JOIN workshops w ON w.id = e.workshop_id JOIN persons p ON p.id = e.person_id
  LEFT JOIN households h ON h.id = p.household_id LEFT JOIN villages v ON v.id = p.village_id`;

function toEmployment(r: EmploymentRow, rules: WorkshopRuleSettings, date: string): Employment {
  const fact = toFact({ ...r });
  const c = checkEmployment(fact, rules);
  return { ...r, inRoster: !!r.inRoster, subsidized: !!r.subsidized, poor: fact.poor, monitored: fact.monitored, active: isActiveOn(fact, date), counts: c.counts, reasons: c.reasons };
}

export function getEmployment(ctx: Ctx, id: number): Employment {
  const r = ctx.db.prepare(`${EMPLOYMENT_SELECT} WHERE e.id = ?`).get(id) as EmploymentRow | undefined;
  if (!r) throw notFound('务工记录');
  return toEmployment(r, workshopRules(ctx), todayIso(ctx.now()));
}

const EMPLOYMENT_SORTS: Record<string, string> = {
  name: 'p.name_initials, p.name', idNo: 'p.id_no', startDate: 'e.start_date', endDate: 'e.end_date', contractMonths: 'e.contract_months',
  monthlyWageFen: 'e.monthly_wage_fen', householdType: 'householdType', workshopName: 'w.name', villageName: 'v.name',
};

export function queryEmployments(ctx: Ctx, q: z.output<typeof EmploymentQuery>): { rows: Employment[]; total: number } {
  const date = todayIso(ctx.now());
  const where: string[] = ['w.deleted_at IS NULL'];
  const args: unknown[] = [];
  if (q.workshopId != null) { where.push('e.workshop_id = ?'); args.push(q.workshopId); }
  const needle = q.name ? stripSpaces(toHalfWidth(q.name)) : '';
  if (needle) { where.push('(instr(p.name, ?) > 0 OR instr(p.id_no, upper(?)) > 0 OR substr(p.name_initials, 1, ?) = lower(?))'); args.push(needle, needle, needle.length, needle); }
  if (q.active === true) { where.push('e.start_date <= ? AND (e.end_date IS NULL OR e.end_date >= ?)'); args.push(date, date); }
  if (q.active === false) { where.push('(e.start_date > ? OR e.end_date < ?)'); args.push(date, date); }
  const w = `WHERE ${where.join(' AND ')}`;
  const total = (ctx.db.prepare(`SELECT count(*) AS n FROM employments e JOIN workshops w ON w.id = e.workshop_id JOIN persons p ON p.id = e.person_id ${w}`).get(...args) as { n: number }).n;
  const order = q.sort && EMPLOYMENT_SORTS[q.sort.field] ? `${EMPLOYMENT_SORTS[q.sort.field]} ${q.sort.dir === 'desc' ? 'DESC' : 'ASC'}, e.id` : '(e.end_date IS NOT NULL), e.start_date, e.id';
  const rows = ctx.db.prepare(`${EMPLOYMENT_SELECT} ${w} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, q.limit, q.offset) as EmploymentRow[];
  const rules = workshopRules(ctx);
  return { rows: rows.map((r) => toEmployment(r, rules, date)), total };
}

function checkPeriod(startDate: string, endDate: string | null, today: string) {
  if (endDate && endDate < startDate) throw new AppError('VALIDATION', `离职日期 ${endDate} 早于入职日期 ${startDate}，请核对`, { field: 'endDate' });
  if (startDate > today) throw new AppError('VALIDATION', `入职日期 ${startDate} 晚于今天，请填写实际入职的日期`, { field: 'startDate' });
}

/** The same person twice in one workshop at the same time is a duplicate row, not two jobs. */
function checkNoOverlapInWorkshop(db: DB, workshopId: number, personId: number, start: string, end: string | null, selfId: number | null) {
  const others = db.prepare('SELECT id, start_date AS s, end_date AS e FROM employments WHERE workshop_id = ? AND person_id = ? AND id <> ?')
    .all(workshopId, personId, selfId ?? -1) as { id: number; s: string; e: string | null }[];
  const clash = others.find((o) => o.s === start || periodsOverlap({ start, end }, { start: o.s, end: o.e }));
  if (clash) {
    throw new AppError('CONFLICT', `此人在本车间已有 ${clash.s} 起${clash.e ? `至 ${clash.e}` : ''}的务工记录，时间重叠。请修改那条记录，或先登记离职`, { field: 'startDate', employmentId: clash.id });
  }
}

function normalizeEmployment(ctx: Ctx, p: Omit<EmploymentInput, 'workshopId'>) {
  const v = validateId(p.idNo, todayIso(ctx.now()));
  if (!v.ok) throw new AppError('VALIDATION', v.message, { field: 'idNo' });
  const name = cleanText(p.name);
  if (!name) throw new AppError('VALIDATION', '请填写姓名', { field: 'name' });
  const person = ctx.db.prepare('SELECT id, name, deleted_at FROM persons WHERE id_no = ?').get(v.info.id) as { id: number; name: string; deleted_at: string | null } | undefined;
  if (person && person.name !== name) {
    throw new AppError('VALIDATION', `身份证号 ${v.info.id} 在人员名单中是“${person.name}”，与填写的姓名“${name}”不一致，请核对`, { field: 'name' });
  }
  if (person?.deleted_at) throw new AppError('CONFLICT', `“${person.name}”在人员名单的回收站中，请先在人员名单中恢复`, { field: 'idNo' });
  // A worker not on the roster becomes a person under this name: the person form's rule applies.
  const nameBad = person ? null : personNameProblem(name);
  if (nameBad) throw new AppError('VALIDATION', nameBad, { field: 'name' });
  checkPeriod(p.startDate, p.endDate, todayIso(ctx.now()));
  return {
    idNo: v.info.id, name, start_date: p.startDate, end_date: p.endDate, contract_months: p.contractMonths,
    monthly_wage_fen: p.monthlyWageFen, channel: blank(p.channel), note: p.note?.trim() || null,
  };
}

export function createEmployment(ctx: Ctx, p: EmploymentInput): Employment {
  const w = rawWorkshop(ctx.db, p.workshopId);
  if (w.deletedAt) throw new AppError('CONFLICT', '车间在回收站中，恢复后才能添加务工人员');
  if (w.status === '已退出') throw new AppError('CONFLICT', `车间已于 ${w.statusDate ?? ''} 退出，不能再添加务工人员。如车间恢复运营，请先变更状态`);
  const n = normalizeEmployment(ctx, p);
  const id = ctx.db.transaction(() => {
    const person = ensurePerson(ctx, n.idNo, n.name, null);
    checkNoOverlapInWorkshop(ctx.db, p.workshopId, person.id, n.start_date, n.end_date, null);
    return repo.insertEmployment(ctx, { workshop_id: p.workshopId, person_id: person.id, start_date: n.start_date, end_date: n.end_date,
      contract_months: n.contract_months, monthly_wage_fen: n.monthly_wage_fen, channel: n.channel, note: n.note });
  }).immediate();
  return getEmployment(ctx, id);
}

function rawEmployment(db: DB, id: number) {
  const r = db.prepare('SELECT * FROM employments WHERE id = ?').get(id) as
    { id: number; workshop_id: number; person_id: number; start_date: string; end_date: string | null } & Record<string, unknown> | undefined;
  if (!r) throw notFound('务工记录');
  return r;
}

export function updateEmployment(ctx: Ctx, p: Omit<EmploymentInput, 'workshopId'> & { id: number }): Employment {
  const before = rawEmployment(ctx.db, p.id);
  const n = normalizeEmployment(ctx, p);
  const person = ctx.db.prepare('SELECT id FROM persons WHERE id_no = ?').get(n.idNo) as { id: number } | undefined;
  if (person?.id !== before.person_id) {
    throw new AppError('VALIDATION', '不能把务工记录改到另一个人名下。如登记错了人，请删除这条记录后重新添加', { field: 'idNo' });
  }
  ctx.db.transaction(() => {
    checkNoOverlapInWorkshop(ctx.db, before.workshop_id, before.person_id, n.start_date, n.end_date, p.id);
    // Back at work (no 离职日期): the old 离职原因 no longer applies.
    repo.updateEmployment(ctx, p.id, { start_date: n.start_date, end_date: n.end_date, contract_months: n.contract_months, monthly_wage_fen: n.monthly_wage_fen,
      channel: n.channel, note: n.note, ...(n.end_date == null ? { exit_reason: null } : {}) });
  }).immediate();
  return getEmployment(ctx, p.id);
}

/** 离职: the last day worked and the reason. */
export function leaveEmployment(ctx: Ctx, p: { id: number; endDate: string; reason: string | null }): Employment {
  const before = rawEmployment(ctx.db, p.id);
  if (before.end_date) throw new AppError('CONFLICT', `此人已于 ${before.end_date} 离职。如日期有误，请编辑这条记录`);
  if (p.endDate < before.start_date) throw new AppError('VALIDATION', `离职日期 ${p.endDate} 早于入职日期 ${before.start_date}，请核对`, { field: 'endDate' });
  const reason = p.reason ? cleanText(p.reason) || null : null;
  ctx.db.transaction(() => repo.updateEmployment(ctx, p.id, { end_date: p.endDate, exit_reason: reason }))();
  return getEmployment(ctx, p.id);
}

export function deleteEmployment(ctx: Ctx, id: number): void {
  rawEmployment(ctx.db, id); // not found: says so
  const paid = ctx.db.prepare('SELECT count(*) AS n FROM workshop_subsidies WHERE employment_id = ?').get(id) as { n: number };
  if (paid.n) throw new AppError('CONFLICT', '已按这条务工记录发放过一次性吸纳就业补助，不能删除。如此人已离开，请登记离职');
  ctx.db.transaction(() => repo.deleteEmployment(ctx, id))();
}

/* ------------------------------------------------------------------ subsidies (一次性吸纳就业补助) */

/**
 * Records payments for the chosen people. The plan is worked out again inside the write
 * transaction, so a person is never paid twice for the same workshop and the cap holds even
 * when two windows pay at once.
 */
export function paySubsidies(ctx: Ctx, p: { workshopId: number; personIds: number[]; paidDate: string; voucher: string | null; note: string | null }): { paid: Subsidy[] } {
  if (p.paidDate > todayIso(ctx.now())) throw new AppError('VALIDATION', `发放日期 ${p.paidDate} 晚于今天，请填写实际发放的日期`, { field: 'paidDate' });
  const ids = ctx.db.transaction(() => {
    // Judged on the day of payment: the months worked by then, not by whenever the clerk records it.
    const d = getWorkshopDetail(ctx, p.workshopId, p.paidDate);
    if (d.workshop.deletedAt) throw new AppError('CONFLICT', '车间在回收站中，不能发放补助');
    if (d.plan.blocked) throw new AppError('VALIDATION', d.plan.blocked);
    const out: number[] = [];
    const seen = new Set<number>();
    for (const personId of p.personIds) {
      if (seen.has(personId)) continue;
      seen.add(personId);
      const c = d.plan.eligible.find((e) => e.personId === personId);
      if (!c) {
        const already = d.subsidies.find((s) => s.personId === personId);
        if (already) throw new AppError('CONFLICT', `${already.name} 已于 ${already.paidDate} 在本车间领取过一次性吸纳就业补助（${already.amountFen / 100} 元），同一人在同一车间只能领取一次`);
        const over = d.plan.overCap.find((e) => e.personId === personId);
        if (over) throw new AppError('VALIDATION', `${over.name}：本车间补助已达上限（${d.rules.workshopSubsidyCapFen / 100} 元），不能再发放`);
        const waiting = d.plan.waiting.find((e) => e.personId === personId);
        if (waiting) throw new AppError('VALIDATION', `${waiting.name} 暂不符合一次性吸纳就业补助条件：${waiting.reason}`);
        const name = (ctx.db.prepare('SELECT name FROM persons WHERE id = ?').get(personId) as { name: string } | undefined)?.name ?? `人员 ${personId}`;
        throw new AppError('VALIDATION', `${name} 不符合一次性吸纳就业补助条件（需为本车间的脱贫劳动力，月工资不低于 ${d.rules.workshopMinWageFen / 100} 元，实际务工满 ${d.rules.workshopMinContractMonths} 个月）`);
      }
      const id = repo.insertSubsidy(ctx, { workshop_id: p.workshopId, person_id: personId, employment_id: c.employmentId, amount_fen: c.amountFen,
        paid_date: p.paidDate, voucher: blank(p.voucher), note: p.note?.trim() || null });
      // Later people in the same request see the cap this payment used.
      d.plan.eligible = d.plan.eligible.filter((e) => e.personId !== personId);
      d.subsidies.push({ id, workshopId: p.workshopId, personId, name: c.name, idNo: c.idNo, amountFen: c.amountFen, paidDate: p.paidDate, voucher: null, note: null, operator: '' });
      out.push(id);
    }
    return out;
  }).immediate();
  const all = subsidies(ctx.db, p.workshopId);
  return { paid: all.filter((s) => ids.includes(s.id)) };
}

export function revokeSubsidy(ctx: Ctx, p: { id: number; reason: string }): void {
  if (!ctx.db.prepare('SELECT 1 FROM workshop_subsidies WHERE id = ?').get(p.id)) throw notFound('补助发放记录');
  ctx.db.transaction(() => repo.revokeSubsidy(ctx, p.id, cleanText(p.reason)))();
}

/* ------------------------------------------------------------------ stats */

/**
 * `stats --json` → workshops: {count, operating, employed, poorEmployed}. A workshop with a
 * 务工台账 counts who works there today; one known only from an imported ledger counts what the
 * ledger reported (吸纳就业人数 / 其中脱贫劳动力).
 */
export function workshopsStats(ctx: Ctx, asOf = todayIso(ctx.now())) {
  const list = allWorkshops(ctx, { date: asOf });
  return {
    count: list.length,
    operating: list.filter((w) => w.status === '正常运营' || w.status === '经营困难').length,
    employed: list.reduce((a, w) => a + w.employed, 0),
    poorEmployed: list.reduce((a, w) => a + w.poor, 0),
  };
}
