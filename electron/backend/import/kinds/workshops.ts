import { normalizeCreditCode, validateCreditCode } from '../../../../shared/creditcode';
import { parseDate, todayIso } from '../../../../shared/dates';
import { isValidPhone } from '../../../../shared/domain';
import { formatYuan } from '../../../../shared/money';
import { stripSpaces, toHalfWidth } from '../../../../shared/text';
import {
  identifyWorkshop, parseWorkshopStatus, workshopKey, workshopLabel, WORKSHOP_STATUSES, type WorkshopIdentity, type WorkshopStatus,
} from '../../../../shared/workshops';
import { AppError } from '../../errors';
import * as repo from '../../db/repo/workshops';
import { rowReader, missingColumnsMessage } from './fields';
import { personsKind } from './persons';
import type { Ctx } from '../../services/context';
import { nowLocal } from '../../services/context';
import { ensurePerson } from '../../services/workshops';
import { coerceAmount, coerceDate, coerceDigits, coerceInt, coerceMonths, coercePeriod, coerceText, sameText, unitFromHeader } from '../coerce';
import type { FieldSpec } from '../header';
import type { Change, Existing, FileContext, KindDef, ParsedRow, RowAccess, RowProblem, StagedRow } from './types';
import { villageResolver } from '../../services/villages';

/**
 * One import kind for both county sheets about workshops, told apart by their headers:
 * - the 帮扶车间信息台账 (one row per workshop, with 吸纳就业人数 / 其中脱贫劳动力 counts), and
 * - the 务工台账 (one row per worker: 车间名称 + 姓名 + 身份证号 + 入职日期 …): it has an ID column.
 */
export interface WorkshopRecord {
  type: 'workshop';
  name: string;
  village?: string | null;
  entity?: string | null;
  creditCode?: string | null;
  /** The checksum message for a code that does not pass: imported as written and flagged by check W06. */
  creditCodeNote?: string | null;
  leader?: string | null;
  phone?: string | null;
  industry?: string | null;
  recognizedDate?: string | null;
  status?: WorkshopStatus | null;
  /** 状态变更时间 when the file has one: the day the status it states began. */
  statusDate?: string | null;
  /** The file's own date (统计截止 in the title): what a status without its own date is dated by. */
  fileDate?: string | null;
  employed?: number | null;
  poor?: number | null;
  monitored?: number | null;
  avgWageFen?: number | null;
}

export interface EmploymentRecord {
  type: 'employment';
  workshop: string;
  /** The workshop's 统一社会信用代码 / 经营主体 when the sheet has them: they tell namesakes apart. */
  workshopCode?: string | null;
  workshopEntity?: string | null;
  idNo: string;
  name: string;
  startDate: string;
  endDate?: string | null;
  contractMonths?: number | null;
  wageFen?: number | null;
  channel?: string | null;
  note?: string | null;
}

export type WorkshopImportRecord = WorkshopRecord | EmploymentRecord;

export const WORKSHOP_FIELDS: FieldSpec[] = [
  { key: 'seq', label: '序号', synonyms: ['序号', '编号'] },
  { key: 'village', label: '行政村', synonyms: ['行政村', '村', '村名', '所在村', '所属村', '村委会', '地址', '所在地'], fillDown: true },
  { key: 'workshopName', label: '车间名称', synonyms: ['车间名称', '帮扶车间名称', '就业帮扶车间名称', '扶贫车间名称', '车间全称', '帮扶车间', '所在车间', '务工车间', '车间'], required: true, fillDown: true },
  { key: 'entity', label: '经营主体', synonyms: ['经营主体', '经营主体名称', '运营主体', '企业名称', '依托企业', '主体名称'] },
  { key: 'creditCode', label: '统一社会信用代码', synonyms: ['统一社会信用代码', '社会信用代码', '信用代码', '营业执照号码', '统一代码'] },
  { key: 'leader', label: '负责人', synonyms: ['负责人', '车间负责人', '法定代表人', '法人代表', '法人'] },
  { key: 'phone', label: '联系电话', synonyms: ['联系电话', '电话', '负责人电话', '手机', '手机号码', '联系方式'] },
  { key: 'industry', label: '行业类别', synonyms: ['行业类别', '行业', '产业类别', '车间类型', '主营业务', '生产内容', '类型', '车间类别'] },
  { key: 'recognizedDate', label: '认定时间', synonyms: ['认定时间', '认定日期', '建立时间', '认定(建立)时间', '成立时间'] },
  { key: 'status', label: '运营状态', synonyms: ['运营状态', '经营状态', '状态', '生产状态'] },
  { key: 'statusDate', label: '状态变更时间', synonyms: ['状态变更时间', '状态变更日期', '变更日期', '变更时间', '状态日期', '运营状态变更时间', '状态变化时间'] },
  { key: 'employed', label: '吸纳就业人数', synonyms: ['吸纳就业人数', '带动就业人数', '就业人数', '务工人数', '吸纳就业'] },
  { key: 'poor', label: '其中脱贫劳动力', synonyms: ['其中脱贫劳动力', '脱贫劳动力', '其中脱贫人口', '脱贫人口', '吸纳脱贫劳动力', '其中脱贫劳动力人数', '脱贫劳动力人数'] },
  { key: 'monitored', label: '其中监测对象', synonyms: ['其中监测对象', '监测对象', '其中监测对象人数', '监测对象人数'] },
  { key: 'avgWage', label: '人均月工资（元）', synonyms: ['人均月工资', '人均月工资(元)', '月均工资', '人均工资', '平均月工资'] },
  // 务工台账 (per person)
  { key: 'name', label: '姓名', synonyms: ['姓名', '务工人员姓名', '人员姓名'] },
  { key: 'idNo', label: '身份证号', synonyms: ['身份证号', '身份证号码', '证件号码', '公民身份号码', '身份证'] },
  { key: 'startDate', label: '入职日期', synonyms: ['入职日期', '入职时间', '务工开始时间', '务工起始时间', '开始务工时间', '就业时间', '务工时间', '务工起'] },
  { key: 'endDate', label: '离职日期', synonyms: ['离职日期', '离职时间', '务工结束时间', '务工截止时间', '务工止'] },
  { key: 'period', label: '务工起止时间', synonyms: ['务工起止时间', '务工起止', '起止时间', '务工期限'] },
  { key: 'contractMonths', label: '合同期限（月）', synonyms: ['合同期限', '合同期限(月)', '合同月数', '合同期', '合同期限月'] },
  { key: 'wage', label: '月工资（元）', synonyms: ['月工资', '月工资(元)', '月收入', '工资', '月工资收入'] },
  { key: 'channel', label: '就业渠道', synonyms: ['就业渠道', '就业方式', '招聘渠道', '务工渠道'] },
  { key: 'note', label: '备注', synonyms: ['备注', '说明'] },
];

const LABEL = Object.fromEntries(WORKSHOP_FIELDS.map((f) => [f.key, f.label]));
const STATUS_HINT = `应为 ${WORKSHOP_STATUSES.join('、')} 之一`;

const fileDates = new WeakMap<FileContext, string | null>();
/** 统计截止：2023年9月30日 / 截至2023-09-30 / 填报日期：… above the header: the day the file describes. */
export function fileDateOf(file: FileContext | undefined): string | null {
  if (!file) return null;
  if (fileDates.has(file)) return fileDates.get(file)!;
  let found: string | null = null;
  for (const line of file.titleLines) {
    const m = /(?:截止|截至|统计|填报|填表)(?:日期|时间)?[:：]?(\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?)/.exec(stripSpaces(toHalfWidth(line)));
    found = m ? parseDate(m[1]) : null;
    if (found) break;
  }
  fileDates.set(file, found);
  return found;
}

function parseWorkshopRow(row: RowAccess): ParsedRow<WorkshopImportRecord> {
  const problems: RowProblem[] = [];
  const text = (f: string, max = 60) => {
    if (!row.has(f)) return undefined;
    const c = coerceText(row.get(f) ?? null, max);
    if (!c.ok) { problems.push({ field: f, message: `${LABEL[f]}${c.message}` }); return null; }
    return c.value;
  };
  const name = text('workshopName');
  if (!name) problems.push({ field: 'workshopName', message: '缺少车间名称' });
  let creditCode: string | null | undefined, creditCodeNote: string | null = null;
  if (row.has('creditCode')) {
    const raw = coerceText(row.get('creditCode') ?? null, 40);
    if (!raw.ok) problems.push({ field: 'creditCode', message: `统一社会信用代码${raw.message}` });
    creditCode = raw.ok && raw.value ? normalizeCreditCode(raw.value) : null;
    if (creditCode) { const v = validateCreditCode(creditCode); if (!v.ok) creditCodeNote = v.message; }
  }
  let phone: string | null | undefined;
  if (row.has('phone')) {
    const c = coerceDigits(row.get('phone') ?? null);
    phone = c.ok ? c.value : null;
    if (phone && !isValidPhone(phone)) problems.push({ field: 'phone', message: `联系电话“${phone}”不是11位手机号或带区号的固定电话` });
  }
  let recognizedDate: string | null | undefined;
  if (row.has('recognizedDate')) {
    const c = coerceDate(row.get('recognizedDate') ?? null);
    if (!c.ok) problems.push({ field: 'recognizedDate', message: `认定时间：${c.message}` });
    recognizedDate = c.ok ? c.value : null;
  }
  let status: WorkshopStatus | null | undefined;
  if (row.has('status')) {
    const raw = text('status', 20);
    status = parseWorkshopStatus(raw);
    if (raw && !status) problems.push({ field: 'status', message: `运营状态“${raw}”无法识别，${STATUS_HINT}` });
  }
  let statusDate: string | null | undefined;
  if (row.has('statusDate')) {
    const c = coerceDate(row.get('statusDate') ?? null);
    if (!c.ok) problems.push({ field: 'statusDate', message: `${row.header('statusDate') || '状态变更时间'}：${c.message}` });
    statusDate = c.ok ? c.value : null;
    if (statusDate && recognizedDate && statusDate < recognizedDate) {
      problems.push({ field: 'statusDate', message: `${row.header('statusDate') || '状态变更时间'} ${statusDate} 早于认定时间 ${recognizedDate}，请核对` });
    }
  }
  const count = (f: string) => {
    if (!row.has(f)) return undefined;
    const c = coerceInt(row.get(f) ?? null);
    if (!c.ok) { problems.push({ field: f, message: `${LABEL[f]}${c.message}` }); return null; }
    if (c.value != null && c.value < 0) { problems.push({ field: f, message: `${LABEL[f]}不能是负数` }); return null; }
    return c.value;
  };
  const employed = count('employed'), poor = count('poor'), monitored = count('monitored');
  if (employed != null && poor != null && poor > employed) problems.push({ field: 'poor', message: `其中脱贫劳动力（${poor}）多于吸纳就业人数（${employed}），请核对` });
  if (employed != null && monitored != null && monitored > employed) problems.push({ field: 'monitored', message: `其中监测对象（${monitored}）多于吸纳就业人数（${employed}），请核对` });
  let avgWageFen: number | null | undefined;
  if (row.has('avgWage')) {
    const c = coerceAmount(row.get('avgWage') ?? null, unitFromHeader(row.header('avgWage')));
    if (!c.ok) problems.push({ field: 'avgWage', message: `人均月工资：${c.message}` });
    avgWageFen = c.ok ? c.value : null;
    if (avgWageFen != null && avgWageFen < 0) problems.push({ field: 'avgWage', message: '人均月工资不能是负数' });
  }
  const rec: WorkshopRecord = {
    type: 'workshop', name: name ?? '', village: text('village', 40), entity: text('entity', 80), creditCode, creditCodeNote,
    leader: text('leader', 30), phone, industry: text('industry', 30), recognizedDate, status, statusDate, fileDate: fileDateOf(row.file),
    employed, poor, monitored, avgWageFen,
  };
  return { record: problems.length ? null : rec, problems };
}

function parseEmploymentRow(row: RowAccess, idOverride?: string): ParsedRow<WorkshopImportRecord> {
  const problems: RowProblem[] = [];
  const text = (f: string, max = 60) => {
    if (!row.has(f)) return null;
    const c = coerceText(row.get(f) ?? null, max);
    if (!c.ok) { problems.push({ field: f, message: `${LABEL[f]}${c.message}` }); return null; }
    return c.value;
  };
  const workshop = text('workshopName');
  if (!workshop) problems.push({ field: 'workshopName', message: '缺少车间名称：请写明此人在哪个车间务工' });
  let workshopCode: string | null = null;
  if (row.has('creditCode')) {
    const raw = coerceText(row.get('creditCode') ?? null, 40);
    if (!raw.ok) problems.push({ field: 'creditCode', message: `统一社会信用代码${raw.message}` });
    workshopCode = raw.ok && raw.value ? normalizeCreditCode(raw.value) : null;
  }
  const name = text('name', 30);
  if (!name) problems.push({ field: 'name', message: '缺少姓名' });
  const { idNo, damagedId } = rowReader(row, LABEL, problems).id(name, idOverride);
  const date = (f: string, label: string) => {
    if (!row.has(f)) return null;
    const c = coerceDate(row.get(f) ?? null);
    if (!c.ok) { problems.push({ field: f, message: `${label}：${c.message}` }); return null; }
    return c.value;
  };
  let startDate = date('startDate', '入职日期');
  let endDate = date('endDate', '离职日期');
  if (row.has('period')) {
    const raw = text('period', 60);
    if (raw) {
      // One shared reader for start–end cells: it also takes 2023.3.1-2023.12.31 with a single dash.
      const p = coercePeriod(raw);
      if (!p.ok || !p.value) problems.push({ field: 'period', message: `务工起止时间“${raw}”无法识别，请写成 2023-01-01至2023-12-31` });
      else { startDate = startDate ?? p.value.start; endDate = endDate ?? p.value.end; }
    }
  }
  if (!startDate && !problems.some((p) => p.field === 'startDate' || p.field === 'period')) problems.push({ field: 'startDate', message: '缺少入职日期' });
  if (startDate && endDate && endDate < startDate) problems.push({ field: 'endDate', message: `离职日期 ${endDate} 早于入职日期 ${startDate}，请核对` });
  let contractMonths: number | null = null;
  if (row.has('contractMonths')) {
    const c = coerceMonths(row.get('contractMonths') ?? null, row.header('contractMonths'));
    if (!c.ok) problems.push({ field: 'contractMonths', message: `合同期限${c.message}` }); else contractMonths = c.value;
  }
  let wageFen: number | null = null;
  if (row.has('wage')) {
    const c = coerceAmount(row.get('wage') ?? null, unitFromHeader(row.header('wage')));
    if (!c.ok) problems.push({ field: 'wage', message: `月工资：${c.message}` }); else wageFen = c.value;
    if (wageFen != null && wageFen < 0) problems.push({ field: 'wage', message: '月工资不能是负数' });
  }
  const rec: EmploymentRecord = {
    type: 'employment', workshop: workshop ?? '', workshopCode, workshopEntity: text('entity', 80), idNo, name: name ?? '', startDate: startDate ?? '', endDate, contractMonths, wageFen,
    channel: text('channel', 30), note: text('note', 200),
  };
  return { record: problems.length ? null : rec, problems, damagedId };
}

const yuan = (fen: number | null | undefined) => (fen == null ? '' : formatYuan(fen).replace(/\.00$/, ''));
const show = (v: unknown) => (v == null ? '' : String(v));

/* ---------------------------------------------------------------- compare */

interface WorkshopSnap {
  id: number; name: string; village: string | null; entity: string | null; credit_code: string | null; leader: string | null; phone: string | null;
  industry: string | null; recognized_date: string | null; status: string; reported_employed: number | null; reported_poor: number | null;
  reported_monitored: number | null; reported_avg_wage_fen: number | null; deleted_at: string | null; has_employments: number;
  last_change: string | null;
}

/** Every workshop (回收站 included: a re-import restores one) as the identity matcher sees it. */
function workshopIdents(ctx: Ctx): (WorkshopIdentity & { snap: WorkshopSnap })[] {
  const rows = ctx.db.prepare(`SELECT w.*, v.name AS village, EXISTS (SELECT 1 FROM employments e WHERE e.workshop_id = w.id) AS has_employments,
    (SELECT max(h.changed_on) FROM workshop_status_history h WHERE h.workshop_id = w.id) AS last_change
    FROM workshops w LEFT JOIN villages v ON v.id = w.village_id ORDER BY w.deleted_at IS NOT NULL, w.id`).all() as WorkshopSnap[];
  return rows.map((s) => ({ id: s.id, name: s.name, creditCode: s.credit_code, entity: s.entity, village: s.village, snap: s }));
}

const employmentProbe = (r: EmploymentRecord) => ({ name: r.workshop, creditCode: r.workshopCode ?? null, entity: r.workshopEntity ?? null });

function ambiguousWorkshop(name: string, candidates: WorkshopIdentity[], forEmployment: boolean): string {
  const list = candidates.slice(0, 4).map((w) => workshopLabel(w)).join('、');
  return forEmployment
    ? `车间名称“${name}”有 ${candidates.length} 个同名车间（${list}），无法判断此人在哪一个车间务工。请在务工台账中加一列“统一社会信用代码”（或“经营主体”）写明是哪个车间`
    : `车间名称“${name}”有 ${candidates.length} 个同名车间都可能是这一行（${list}），无法判断。请在这一行填写统一社会信用代码（或经营主体、行政村）以区分`;
}

/**
 * The day a status a row states began: for a new 正常运营 workshop its 认定时间; else the row's own
 * 状态变更时间, else the file's 统计截止 date; the import day only when the file says nothing.
 * (A changed workshop is passed without its 认定时间: the change did not happen on the 认定 day.)
 */
function statusDay(r: WorkshopRecord, status: WorkshopStatus, today: string): { date: string; said: 'own' | 'file' | 'recognized' | 'import' } {
  if (status === '正常运营' && r.recognizedDate) return { date: r.recognizedDate, said: 'recognized' };
  if (r.statusDate) return { date: r.statusDate, said: 'own' };
  if (r.fileDate) return { date: r.fileDate, said: 'file' };
  return { date: today, said: 'import' };
}
const DAY_SAID = { own: '按台账的状态变更时间', file: '台账未写状态变更时间，按统计截止日期', recognized: '按台账的认定时间', import: '台账未写日期，按导入日期' } as const;

const WORKSHOP_COMPARED: [keyof WorkshopRecord, keyof WorkshopSnap, string, (v: unknown) => string][] = [
  ['village', 'village', '行政村', show], ['entity', 'entity', '经营主体', show], ['creditCode', 'credit_code', '统一社会信用代码', show],
  ['leader', 'leader', '负责人', show], ['phone', 'phone', '联系电话', show], ['industry', 'industry', '行业类别', show],
  ['recognizedDate', 'recognized_date', '认定时间', show], ['status', 'status', '运营状态', show],
  ['employed', 'reported_employed', '吸纳就业人数', show], ['poor', 'reported_poor', '其中脱贫劳动力', show],
  ['monitored', 'reported_monitored', '其中监测对象', show], ['avgWageFen', 'reported_avg_wage_fen', '人均月工资（元）', (v) => yuan(v as number | null)],
];
const COUNT_FIELDS = new Set<keyof WorkshopRecord>(['employed', 'poor', 'monitored', 'avgWageFen']);

function diffWorkshop(r: WorkshopRecord, s: WorkshopSnap): Change[] {
  const changes: Change[] = [];
  for (const [k, col, label, fmt] of WORKSHOP_COMPARED) {
    const after = r[k];
    if (after === undefined || after === null) continue; // not in this file, or an empty cell: never erases what we have
    // With a 务工台账 the figures come from it; the ledger's counts are what we exported from it.
    if (COUNT_FIELDS.has(k) && s.has_employments) continue;
    if (after !== s[col]) changes.push({ field: label, before: fmt(s[col]), after: fmt(after) });
  }
  if (s.deleted_at) changes.push({ field: '状态', before: '在回收站', after: '恢复' });
  return changes;
}

interface EmploymentSnap {
  id: number; end_date: string | null; contract_months: number | null; monthly_wage_fen: number | null; channel: string | null; note: string | null;
}

function diffEmployment(r: EmploymentRecord, s: EmploymentSnap): Change[] {
  const changes: Change[] = [];
  const cmp = (after: unknown, before: unknown, label: string, fmt: (v: unknown) => string = show) => {
    if (after === undefined || after === null) return;
    if (!sameText(after, before)) changes.push({ field: label, before: fmt(before), after: fmt(after) });
  };
  cmp(r.endDate, s.end_date, '离职日期');
  cmp(r.contractMonths, s.contract_months, '合同期限（月）');
  cmp(r.wageFen, s.monthly_wage_fen, '月工资（元）', (v) => yuan(v as number | null));
  cmp(r.channel, s.channel, '就业渠道');
  cmp(r.note, s.note, '备注');
  return changes;
}

/* ---------------------------------------------------------------- commit */

function commitWorkshops(ctx: Ctx, rows: StagedRow<WorkshopImportRecord>[], batchId: number) {
  const db = ctx.db;
  const village = villageResolver(ctx, batchId);
  const today = todayIso(ctx.now());
  const now = nowLocal(ctx.now());
  const getRaw = db.prepare('SELECT * FROM workshops WHERE id = ?');
  const addHistory = (workshopId: number, from: string | null, to: string, on: string, reason: string) =>
    repo.insertStatusChange(ctx, { workshop_id: workshopId, from_status: from, to_status: to, changed_on: on, reason }, batchId, now);
  const hasEmployments = db.prepare('SELECT EXISTS (SELECT 1 FROM employments WHERE workshop_id = ?) AS n');
  let inserted = 0, updated = 0;
  for (const s of rows) {
    const r = s.record as WorkshopRecord;
    if (s.category === 'new') {
      const status = r.status ?? '正常运营';
      const day = statusDay(r, status, today);
      const statusDate = day.date;
      const id = repo.insertWorkshop(ctx, {
        name: r.name, village_id: village(r.village), entity: r.entity ?? null, credit_code: r.creditCode ?? null, leader: r.leader ?? null,
        phone: r.phone ?? null, industry: r.industry ?? null, recognized_date: r.recognizedDate ?? null, status, status_date: statusDate,
        reported_employed: r.employed ?? null, reported_poor: r.poor ?? null, reported_monitored: r.monitored ?? null, reported_avg_wage_fen: r.avgWageFen ?? null,
      }, batchId, now);
      // The history starts where the file says: 认定 (正常运营) on the 认定时间, then the status it states on its own date.
      if (status !== '正常运营' && r.recognizedDate && r.recognizedDate <= statusDate) {
        addHistory(id, null, '正常运营', r.recognizedDate, '导入车间台账：按台账的认定时间');
        addHistory(id, '正常运营', status, statusDate, `导入车间台账时状态为“${status}”（${DAY_SAID[day.said]}）`);
      } else {
        addHistory(id, null, status, statusDate, status === '正常运营' ? `导入车间台账（${DAY_SAID[day.said]}）` : `导入车间台账时状态为“${status}”（${DAY_SAID[day.said]}）`);
      }
      inserted++;
    } else if (s.category === 'changed') {
      const id = s.existingId!;
      const before = getRaw.get(id) as Record<string, unknown> & { status: WorkshopStatus };
      const keep = <T>(v: T | null | undefined, old: unknown) => (v === undefined || v === null ? old : v);
      const counts = !(hasEmployments.get(id) as { n: number }).n;
      const status = r.status ?? before.status;
      const changedOn = status !== before.status ? statusDay({ ...r, recognizedDate: null }, status, today).date : null;
      repo.updateWorkshop(ctx, id, {
        village_id: r.village ? village(r.village) : before.village_id, entity: keep(r.entity, before.entity), credit_code: keep(r.creditCode, before.credit_code),
        leader: keep(r.leader, before.leader), phone: keep(r.phone, before.phone), industry: keep(r.industry, before.industry),
        recognized_date: keep(r.recognizedDate, before.recognized_date), status, status_date: changedOn ?? before.status_date,
        reported_employed: counts ? keep(r.employed, before.reported_employed) : before.reported_employed,
        reported_poor: counts ? keep(r.poor, before.reported_poor) : before.reported_poor,
        reported_monitored: counts ? keep(r.monitored, before.reported_monitored) : before.reported_monitored,
        reported_avg_wage_fen: counts ? keep(r.avgWageFen, before.reported_avg_wage_fen) : before.reported_avg_wage_fen,
        deleted_at: null,
      } as Partial<repo.WorkshopRow>, batchId, now);
      if (changedOn) {
        addHistory(id, before.status, status, changedOn, `按导入的车间台账更新（${DAY_SAID[statusDay({ ...r, recognizedDate: null }, status, today).said]}）`);
      }
      updated++;
    }
  }
  return { inserted, updated };
}

function commitEmployments(ctx: Ctx, rows: StagedRow<WorkshopImportRecord>[], batchId: number) {
  const db = ctx.db;
  const now = nowLocal(ctx.now());
  const idents: WorkshopIdentity[] = workshopIdents(ctx);
  // A workshop this batch registers is dated by the earliest 入职日期 the file gives for it (the rows come
  // in file order; later rows may be earlier): known before it is written, so it is written once.
  const firstStart = new Map<string, string>();
  for (const s of rows) {
    const r = s.record as EmploymentRecord;
    if (s.category !== 'new') continue;
    const k = workshopKey(employmentProbe(r));
    if (!firstStart.has(k) || r.startDate < firstStart.get(k)!) firstStart.set(k, r.startDate);
  }
  /**
   * The workshop a row names, by code + name (经营主体 + name without a code). One the ledger does not
   * have yet is registered with what the row says, to be completed by hand.
   */
  const workshop = (r: EmploymentRecord) => {
    const probe = employmentProbe(r);
    const m = identifyWorkshop(idents, probe);
    // compare() made an ambiguous row an error row; reaching here would mean a new namesake appeared meanwhile.
    if (m.kind === 'ambiguous') throw new AppError('CONFLICT', ambiguousWorkshop(r.workshop, m.candidates, true));
    if (m.kind === 'match') return m.workshop.id;
    const since = firstStart.get(workshopKey(probe)) ?? r.startDate;
    const id = repo.insertWorkshop(ctx, { name: r.workshop, entity: probe.entity, credit_code: probe.creditCode, status: '正常运营', status_date: since,
      note: '由务工台账导入时自动登记，请补全经营主体、信用代码、认定时间等信息' }, batchId, now);
    repo.insertStatusChange(ctx, { workshop_id: id, from_status: null, to_status: '正常运营', changed_on: since, reason: '导入务工台账时登记（按最早的入职日期）' }, batchId, now);
    idents.push({ id, name: r.workshop, creditCode: probe.creditCode, entity: probe.entity, village: null });
    return id;
  };
  const earliest = new Map<number, string>();
  const getRaw = db.prepare('SELECT * FROM employments WHERE id = ?');
  let inserted = 0, updated = 0;
  for (const s of rows) {
    const r = s.record as EmploymentRecord;
    if (s.category === 'new') {
      const wId = workshop(r);
      if (!earliest.has(wId) || r.startDate < earliest.get(wId)!) earliest.set(wId, r.startDate);
      const person = ensurePerson(ctx, r.idNo, r.name, batchId);
      repo.insertEmployment(ctx, { workshop_id: wId, person_id: person.id, start_date: r.startDate, end_date: r.endDate ?? null, contract_months: r.contractMonths ?? null,
        monthly_wage_fen: r.wageFen ?? null, channel: r.channel ?? null, note: r.note ?? null }, batchId, now);
      inserted++;
    } else if (s.category === 'changed') {
      const before = getRaw.get(s.existingId) as Record<string, unknown>;
      const keep = (v: unknown, old: unknown) => (v === undefined || v === null ? old : v);
      repo.updateEmployment(ctx, s.existingId!, {
        end_date: keep(r.endDate, before.end_date), contract_months: keep(r.contractMonths, before.contract_months), monthly_wage_fen: keep(r.wageFen, before.monthly_wage_fen),
        channel: keep(r.channel, before.channel), note: keep(r.note, before.note),
      } as Partial<repo.EmploymentRow>, batchId, now);
      updated++;
    }
  }
  // A workshop another part of this batch registered (its 信息台账 sheet) or a rename-matched one: its start
  // and this batch's status changes move back to the earliest 入职日期 its workers have.
  const laterHistory = db.prepare('SELECT id FROM workshop_status_history WHERE workshop_id = ? AND batch_id = ? AND changed_on > ?');
  const laterStart = db.prepare('SELECT 1 FROM workshops WHERE id = ? AND created_batch_id = ? AND status_date > ?');
  for (const [wId, day] of earliest) {
    for (const h of laterHistory.all(wId, batchId, day) as { id: number }[]) repo.redateStatusChange(ctx, h.id, day, batchId);
    if (laterStart.get(wId, batchId, day)) repo.updateWorkshop(ctx, wId, { status_date: day }, batchId, now);
  }
  return { inserted, updated };
}

/* ---------------------------------------------------------------- the kind */

export const workshopsKind: KindDef<WorkshopImportRecord> = {
  kind: 'workshops',
  label: '帮扶车间',
  unit: '条记录',
  fields: WORKSHOP_FIELDS,
  missingMessage: (missing, found) => missingColumnsMessage('帮扶车间信息台账或务工台账', missing, found),
  // A sheet with an ID column lists workers (务工台账); without one, workshops (信息台账).
  parseRow: (row, idOverride) => (row.has('idNo') ? parseEmploymentRow(row, idOverride) : parseWorkshopRow(row)),
  // A workshop is its code + name (经营主体 + name + 村 without a code); a worker's row is per workshop, person and start.
  key: (r) => (r.type === 'workshop'
    ? `车间|${workshopKey({ name: r.name, creditCode: r.creditCode, entity: r.entity, village: r.village })}`
    : `务工|${workshopKey(employmentProbe(r))}|${r.idNo}|${r.startDate}`),
  duplicateField: (r) => (r.type === 'workshop' ? (r.creditCode ? 'creditCode' : 'workshopName') : 'idNo'),
  label_: (r) => (r.type === 'workshop' ? r.name : `${r.name} ${r.idNo}（${r.workshop}）`),
  display: (r) => {
    if (r.type === 'employment') {
      return {
        车间名称: r.workshop, 姓名: r.name, 身份证号: r.idNo, 入职日期: r.startDate, 离职日期: show(r.endDate),
        '合同期限（月）': show(r.contractMonths), '月工资（元）': yuan(r.wageFen), 就业渠道: show(r.channel),
      };
    }
    const out: Record<string, string> = {
      车间名称: r.name, 行政村: show(r.village), 经营主体: show(r.entity),
      统一社会信用代码: r.creditCode ? `${r.creditCode}${r.creditCodeNote ? '（校验位不对，导入后请核对）' : ''}` : '',
      负责人: show(r.leader), 联系电话: show(r.phone), 行业类别: show(r.industry), 认定时间: show(r.recognizedDate), 运营状态: show(r.status),
      吸纳就业人数: show(r.employed), 其中脱贫劳动力: show(r.poor), 其中监测对象: show(r.monitored), '人均月工资（元）': yuan(r.avgWageFen),
    };
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== ''));
  },
  duplicateMessage(rows) {
    const out = new Map<number, string>();
    const first = rows[0];
    const same = rows.every((x) => JSON.stringify(x.record) === JSON.stringify(first.record));
    if (same) { for (const x of rows.slice(1)) out.set(x.row, `与第${first.row}行完全相同（重复行），本行不再导入`); return out; }
    for (const x of rows) {
      const others = rows.filter((o) => o !== x).map((o) => `第${o.row}行`).join('、');
      out.set(x.row, x.record.type === 'workshop'
        ? `车间${workshopLabel(x.record)}在${others}也出现了，但内容不同。${x.record.creditCode
          ? '统一社会信用代码和车间名称都相同，是同一个车间'
          : '没有统一社会信用代码，经营主体、车间名称和行政村又都相同，按同一个车间处理'}，一个车间只能有一行：请把这几行的内容核对后合并为一行。如果其实是不同的车间，请在各行填写各自的统一社会信用代码`
        : `${x.record.name} 在车间“${x.record.workshop}”${x.record.startDate} 入职的记录在${others}也出现了，但内容不同，请核对后只保留一行`);
    }
    return out;
  },
  compare(ctx) {
    const db = ctx.db;
    const idents = workshopIdents(ctx);
    // A workshop kept without a code can take the code of one row only: two codes for it would be two workshops.
    const claimed = new Map<number, string>();
    const findEmp = db.prepare(`SELECT e.id, e.end_date, e.contract_months, e.monthly_wage_fen, e.channel, e.note FROM employments e
      JOIN persons p ON p.id = e.person_id WHERE e.workshop_id = ? AND p.id_no = ? AND e.start_date = ?`);
    return (r): Existing | null => {
      if (r.type === 'workshop') {
        const m = identifyWorkshop(idents, { name: r.name, creditCode: r.creditCode, entity: r.entity, village: r.village });
        if (m.kind === 'none') return null;
        if (m.kind === 'ambiguous') return { id: 0, changes: [], problem: { field: r.creditCode ? 'creditCode' : 'workshopName', message: ambiguousWorkshop(r.name, m.candidates, false) } };
        const s = m.workshop.snap;
        if (r.creditCode && !s.credit_code) {
          const other = claimed.get(s.id);
          if (other && other !== r.creditCode) {
            return { id: 0, changes: [], problem: { field: 'creditCode', message: `已登记的车间“${s.name}”没有统一社会信用代码，本文件却有信用代码不同的两个同名车间（${other}、${r.creditCode}），无法判断哪一个是它。请先在“帮扶车间”中给已登记的车间补上信用代码，再导入` } };
          }
          claimed.set(s.id, r.creditCode);
        }
        const status = r.status ?? s.status;
        if (status !== s.status) {
          const day = statusDay({ ...r, recognizedDate: null }, status as WorkshopStatus, todayIso(ctx.now())).date;
          if (s.last_change && day < s.last_change) {
            return { id: 0, changes: [], problem: {
              field: r.statusDate ? 'statusDate' : 'status',
              message: `运营状态改为“${status}”的日期 ${day}${r.statusDate ? '' : '（按统计截止日期）'}早于已登记的上一次状态变更（${s.last_change}），请核对状态变更时间`,
            } };
          }
        }
        return { id: s.id, changes: diffWorkshop(r, s) };
      }
      const m = identifyWorkshop(idents, employmentProbe(r));
      if (m.kind === 'ambiguous') return { id: 0, changes: [], problem: { field: 'workshopName', message: ambiguousWorkshop(r.workshop, m.candidates, true) } };
      if (m.kind === 'none') return null;
      const s = findEmp.get(m.workshop.id, r.idNo, r.startDate) as EmploymentSnap | undefined;
      return s ? { id: s.id, changes: diffEmployment(r, s) } : null;
    };
  },
  commit(ctx, rows, batchId) {
    const w = commitWorkshops(ctx, rows.filter((s) => s.record?.type === 'workshop'), batchId);
    const e = commitEmployments(ctx, rows.filter((s) => s.record?.type === 'employment'), batchId);
    return { inserted: w.inserted + e.inserted, updated: w.updated + e.updated };
  },
  // A damaged ID is matched against the roster the same way for every kind.
  suggest: (ctx, damaged) => personsKind.suggest!(ctx, damaged),
};

