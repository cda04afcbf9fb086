import type { AuditFilters, AuditRow } from '../../../shared/api/safety';
import { withFullIdNotice, writeWorkbook } from '../export/workbook';
import type { Ctx } from './context';
import { nowLocal } from './context';
import { getSettings } from './settings';
import { formatYuan } from '../../../shared/money';

/** 操作日志: the audit rows every service writes, read back with filters, labels and field-by-field changes. */

export const ACTION_LABELS: Record<string, string> = {
  create: '新增', update: '修改', delete: '删除', restore: '恢复', import: '导入', undo: '撤销导入',
};
export const TABLE_LABELS: Record<string, string> = {
  persons: '人员', households: '户', villages: '村', settings: '设置', import_batches: '导入批次', database: '整个数据库',
  safety_settings: '备份与程序锁设置', saved_mappings: '导入列对应',
  posts: '岗位', appointments: '聘用', attendance: '考勤与工资', month_locks: '月度锁定', gongshi_records: '公示记录', gongshi_items: '公示名单',
  workshops: '帮扶车间', workshop_status_history: '车间状态', employments: '务工台账', workshop_subsidies: '车间补助',
  loans: '贷款', loan_repayments: '还款', loan_subsidies: '贴息', loan_extensions: '展期', loan_overdue_periods: '逾期期间',
  county_packages: '县级汇总交换包',
  monitor_households: '监测户信息', monitor_incomes: '人均纯收入', monitor_measures: '帮扶措施', monitor_cases: '监测工作台账',
  monitor_visits: '走访记录', migrant_work: '外出务工',
  finding_reviews: '问题核实',
};
/** Field names in Chinese; dispatch also names the fields of a refused request with them. */
export const FIELD_LABELS: Record<string, string> = {
  idNo: '身份证号', id_no: '身份证号', name: '姓名', sex: '性别', birthDate: '出生日期', birth_date: '出生日期',
  villageId: '村', village_id: '村', villageName: '村', village: '村', householdNo: '户编号', hh_no: '户编号', household_id: '户', householdId: '户',
  householdType: '户类型', hh_type: '户类型', monitorCategory: '监测对象类别', monitor_category: '监测对象类别',
  riskEliminated: '风险是否消除', risk_eliminated: '风险是否消除', exitYear: '脱贫年度', exit_year: '脱贫年度', size: '家庭人口数',
  relation: '与户主关系', laborSkill: '劳动技能', labor_skill: '劳动技能', phone: '电话', in_roster: '在名单中', inRoster: '在名单中',
  deleted_at: '删除时间', deletedAt: '删除时间', code: '村代码',
  county: '县', township: '乡镇', regionCode: '行政区划代码', supervisionPhone: '监督电话', gongshiDays: '公示天数',
  maskIdsOnPrint: '打印隐藏身份证号', operator: '操作员',
  file: '文件', kind: '类型', inserted: '新增', updated: '更新',
  autoBackup: '自动备份', keepDaily: '保留每日备份', keepWeekly: '保留每周备份', lockEnabled: '程序锁', idleMinutes: '无操作锁定（分钟）',
  passwordChanged: '设置了新密码', restoredFrom: '恢复自', safetyBackup: '恢复前备份', persons: '人数', schemaVersion: '数据库结构版本',
  status: '状态', statusDate: '状态日期', startDate: '开始日期', endDate: '结束日期', exitDate: '离岗日期', exitReason: '离岗原因', exitNote: '离岗说明',
  month: '月份', locked: '已锁定', wageFen: '月补贴', payableFen: '应发', paidFen: '实发', bankAccount: '银行账号',
  // 公益岗位
  category: '岗位类别', fundSource: '资金来源', headcount: '人员数量', duties: '工作职责', workTime: '工作时间',
  councilDate: '村委会研究日期', councilRecord: '村委会研究记录', postId: '岗位', personId: '人员', agreementNo: '协议编号',
  bankName: '开户银行', remark: '备注', appointmentId: '聘用记录', dueDays: '应出勤天数', presentDays: '实出勤天数',
  assessment: '考核结果', paidReason: '实发不同的原因',
  // 帮扶车间
  type: '类型', entity: '经营主体', creditCode: '统一社会信用代码', creditCodeNote: '信用代码说明', leader: '负责人',
  industry: '行业类别', recognizedDate: '认定时间', employed: '吸纳就业人数', poor: '其中脱贫劳动力', monitored: '其中监测对象',
  avgWageFen: '人均月工资', reason: '原因', measures: '帮扶措施', workshopId: '车间', contractMonths: '合同期限（月）',
  monthlyWageFen: '月工资', channel: '就业渠道', note: '备注', paidDate: '发放日期', source: '来源',
  // 小额信贷
  bank: '贷款银行', contractNo: '合同编号', amountFen: '贷款金额', issueDate: '放款日期', dueDate: '到期日期',
  termMonths: '期限（月）', rateE6: '年利率', ratioBp: '贴息比例', subsidized: '是否贴息', additional: '追加贷款',
  purpose: '贷款用途', repaidFen: '已还本金', overdueSince: '逾期开始日期', overdueEnded: '逾期结束日期',
  settledDate: '结清日期', settled_date: '结清日期', extended_due_date: '展期后到期日期', loanId: '贷款',
  fromDate: '开始日期', toDate: '结束日期', scope: '公示范围', days: '天数', rows: '行数',
  date: '日期', principalFen: '还款本金', interestFen: '利息', oldDueDate: '原到期日期', newDueDate: '新到期日期',
  // 设置（与设置页的叫法一致）
  subsidyDayBasis: '贴息计息天数基数', loanLprE6: '一年期LPR', loanDueAlertDays: '到期提醒（天）', loanAgeMin: '借款人最低年龄',
  loanAgeMax: '借款人最高年龄', postsPerHousehold: '每户最多岗位数', ageMaleMin: '男 最小年龄', ageMaleMax: '男 最大年龄',
  ageFemaleMin: '女 最小年龄', ageFemaleMax: '女 最大年龄', vacantMonths: '岗位空置月数', appointmentDueAlertDays: '聘用到期提醒（天）', pvWageFloorFen: '光伏岗位最低月补贴',
  postCategories: '岗位类别', workshopMinPoorWorkers: '认定：至少吸纳脱贫劳动力', workshopMinContractMonths: '认定：劳动合同期限不少于（月）',
  workshopMinWageFen: '认定：月工资不低于', workshopSubsidyPerPersonFen: '一次性吸纳就业补助（每人）', workshopSubsidyCapFen: '每个车间补助上限',
  // 问题核实、批量续聘、按名单打印公示
  rule: '规则', recordType: '记录类型', recordId: '记录', message: '问题说明', hideReviewed: '隐藏已核实',
  endingBefore: '结束日期早于', ids: '聘用记录', appointmentIds: '公示名单', renewal: '续聘公示',
  // 县级汇总
  fileName: '文件', exportedAt: '导出时间', hashStatus: '校验',
};
/** The import kinds as the import page names them; the log showed the channel's key (loans, post-wages). */
const KIND_VALUES: Record<string, string> = {
  persons: '人员名单', posts: '公益岗位花名册', 'post-library': '岗位库', 'post-wages': '工资发放表', workshops: '帮扶车间台账', loans: '小额信贷台账',
};
/** Bookkeeping columns that change on every write and tell the reader nothing. */
const NOISE = new Set(['updated_at', 'updatedAt', 'created_at', 'createdAt', 'name_initials', 'nameInitials', 'created_batch_id', 'id']);

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return v.map((x) => show(x)).join('、');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A value in the clerk's units: money in 元 (stored in 分), rates in %, import kinds by name. */
function showField(k: string, v: unknown): string {
  if (typeof v === 'number') {
    if (/Fen$/.test(k)) return `${formatYuan(v)} 元`;
    if (/E6$/.test(k)) return `${+(v / 10_000).toFixed(4)}%`;
    if (k === 'ratioBp') return `${+(v / 100).toFixed(2)}%`;
  }
  if (k === 'kind' && typeof v === 'string') return KIND_VALUES[v] ?? v;
  return show(v);
}

function parse(json: string | null): unknown {
  if (json == null) return undefined;
  try { return JSON.parse(json); } catch { return json; }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Field-by-field: before → after for updates; the filled-in fields for creates and deletes. */
export function auditChanges(action: string, before: unknown, after: unknown): { field: string; label: string; before: string; after: string }[] {
  const out: { field: string; label: string; before: string; after: string }[] = [];
  const b = isRecord(before) ? before : {}, a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !NOISE.has(k));
  for (const k of keys) {
    const bv = showField(k, b[k]), av = showField(k, a[k]);
    if (action === 'update' && isRecord(before) && isRecord(after) && (bv === av || !(k in a))) continue;
    if (!bv && !av) continue;
    out.push({ field: k, label: FIELD_LABELS[k] ?? k, before: bv, after: av });
  }
  if (!out.length && !isRecord(before) && !isRecord(after) && (before !== undefined || after !== undefined)) {
    out.push({ field: '', label: '内容', before: show(before), after: show(after) });
  }
  return out;
}

function summaryOf(action: string, changes: ReturnType<typeof auditChanges>): string {
  const parts = changes.slice(0, 6).map((c) =>
    action === 'update' || (c.before && c.after) ? `${c.label}：${c.before || '（空）'} → ${c.after || '（空）'}` : `${c.label}：${c.after || c.before}`);
  return parts.join('；') + (changes.length > 6 ? `；…等 ${changes.length} 项` : '');
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : '');

/** The first of these fields that a before/after snapshot fills: how the row names itself. */
function named(snap: unknown, ...keys: string[]): string {
  if (!isRecord(snap)) return '';
  for (const k of keys) if (text(snap[k])) return text(snap[k]);
  return '';
}

type Lookup = (sql: string, id: number) => Record<string, unknown> | undefined;

/**
 * Whom or what a log row is about, in the clerk's words (a person's name and village, a household by its
 * head, a workshop by name, a month), so 操作日志 never leaves the reader with a bare record number. The
 * snapshot names it when it can; otherwise the record is looked up (it may since have been renamed or removed).
 */
function subjectOf(look: Lookup, table: string, id: number | null, before: unknown, after: unknown): string {
  const snap = isRecord(after) ? after : before;
  const person = (pid: number | null | undefined) => (pid == null ? '' : joinName(look(`SELECT p.name, v.name AS village FROM persons p LEFT JOIN villages v ON v.id = p.village_id WHERE p.id = ?`, pid)));
  switch (table) {
    case 'persons': return named(snap, 'name') ? `${named(snap, 'name')}${named(snap, 'villageName', 'village') ? `（${named(snap, 'villageName', 'village')}）` : ''}` : person(id);
    case 'households': {
      const hh = id == null ? undefined : look(`SELECT h.hh_no AS hhNo, (SELECT name FROM persons WHERE household_id = h.id ORDER BY relation <> '户主', id LIMIT 1) AS head FROM households h WHERE h.id = ?`, id);
      const no = named(snap, 'hh_no', 'householdNo') || text(hh?.hhNo);
      return [hh?.head ? `${hh.head}户` : '', no ? `户编号 ${no}` : ''].filter(Boolean).join('，');
    }
    case 'appointments': case 'attendance': {
      const apptId = table === 'attendance' ? (isRecord(snap) && typeof snap.appointmentId === 'number' ? snap.appointmentId : id) : id;
      const a = apptId == null ? undefined : look(`SELECT pe.name, v.name AS village, po.name AS post FROM appointments a JOIN persons pe ON pe.id = a.person_id
        JOIN posts po ON po.id = a.post_id LEFT JOIN villages v ON v.id = po.village_id WHERE a.id = ?`, apptId);
      const who = a ? `${joinName(a)} ${text(a.post)}` : named(snap, 'personName', 'name');
      const month = table === 'attendance' ? named(after, 'month') || named(before, 'month') : '';
      return [who, month ? `${month} 考勤` : ''].filter(Boolean).join('，');
    }
    case 'loans': case 'loan_repayments': case 'loan_subsidies': case 'loan_extensions': case 'loan_overdue_periods': {
      const loanId = table === 'loans' ? id : isRecord(snap) && typeof snap.loanId === 'number' ? snap.loanId : isRecord(snap) && typeof snap.loan_id === 'number' ? snap.loan_id : null;
      const l = loanId == null ? undefined : look(`SELECT pe.name, v.name AS village, l.contract_no AS contract FROM loans l JOIN persons pe ON pe.id = l.person_id LEFT JOIN villages v ON v.id = pe.village_id WHERE l.id = ?`, loanId);
      if (l) return `${joinName(l)}${text(l.contract) ? ` 合同 ${text(l.contract)}` : ''}`;
      return named(snap, 'name');
    }
    case 'workshops': return named(snap, 'name') || text(id == null ? '' : look('SELECT name FROM workshops WHERE id = ?', id)?.name);
    case 'workshop_status_history': case 'workshop_subsidies': case 'employments': {
      const wid = isRecord(snap) ? (typeof snap.workshopId === 'number' ? snap.workshopId : typeof snap.workshop_id === 'number' ? snap.workshop_id : null) : null;
      const ws = wid == null ? '' : text(look('SELECT name FROM workshops WHERE id = ?', wid)?.name);
      const pid = isRecord(snap) ? (typeof snap.personId === 'number' ? snap.personId : typeof snap.person_id === 'number' ? snap.person_id : null) : null;
      const who = named(snap, 'name', 'personName') || person(pid);
      return [who, ws].filter(Boolean).join('，');
    }
    case 'posts': {
      const p = id == null ? undefined : look('SELECT po.name, v.name AS village FROM posts po LEFT JOIN villages v ON v.id = po.village_id WHERE po.id = ?', id);
      return p ? `${text(p.village)}${text(p.name)}` : named(snap, 'name');
    }
    case 'villages': return named(snap, 'name');
    case 'month_locks': return named(snap, 'month') ? `${named(snap, 'month')} 工资` : '';
    case 'import_batches': return named(snap, 'file');
    // Not about anyone: say which settings, so the column is never blank.
    case 'settings': return '乡镇设置';
    case 'safety_settings': return '备份与程序锁设置';
    case 'database': return '整个台账';
    default: return named(snap, 'name', 'personName', 'month', 'file');
  }
}

function joinName(r: Record<string, unknown> | undefined): string {
  if (!r) return '';
  return `${text(r.name)}${text(r.village) ? `（${text(r.village)}）` : ''}`;
}

/** Prepared lookups for one page of log rows; a table a module has not created yet names nothing. */
function lookups(ctx: Ctx): Lookup {
  const cache = new Map<string, ReturnType<Ctx['db']['prepare']> | null>();
  return (sql, id) => {
    if (!cache.has(sql)) { try { cache.set(sql, ctx.db.prepare(sql)); } catch { cache.set(sql, null); } }
    const st = cache.get(sql);
    return st ? (st.get(id) as Record<string, unknown> | undefined) : undefined;
  };
}

type Raw = { id: number; at: string; operator: string; action: string; table_name: string; record_id: number | null; before_json: string | null; after_json: string | null; batch_id: number | null };

function toRow(r: Raw, look?: Lookup): AuditRow {
  const before = parse(r.before_json), after = parse(r.after_json);
  const changes = auditChanges(r.action, before, after);
  let subject = '';
  try { subject = look ? subjectOf(look, r.table_name, r.record_id, before, after) : ''; } catch { /* an odd old row: no name rather than no log */ }
  return {
    subject,
    id: r.id, at: r.at, operator: r.operator, action: r.action, actionLabel: ACTION_LABELS[r.action] ?? r.action,
    table: r.table_name, tableLabel: TABLE_LABELS[r.table_name] ?? r.table_name, recordId: r.record_id, batchId: r.batch_id,
    summary: summaryOf(r.action, changes), changes,
  };
}

function where(f: AuditFilters): { sql: string; args: (string | number)[] } {
  const w: string[] = [], args: (string | number)[] = [];
  if (f.from) { w.push('at >= ?'); args.push(`${f.from} 00:00:00`); }
  if (f.to) { w.push("at < date(?, '+1 day')"); args.push(f.to); }
  if (f.operator !== undefined && f.operator !== '') { w.push('operator = ?'); args.push(f.operator); }
  if (f.table) { w.push('table_name = ?'); args.push(f.table); }
  if (f.action) { w.push('action = ?'); args.push(f.action); }
  if (f.batchId !== undefined) { w.push('batch_id = ?'); args.push(f.batchId); }
  if (f.recordId !== undefined) { w.push('record_id = ?'); args.push(f.recordId); }
  return { sql: w.length ? `WHERE ${w.join(' AND ')}` : '', args };
}

export function queryAudit(ctx: Ctx, q: AuditFilters & { offset: number; limit: number }): { rows: AuditRow[]; total: number } {
  const { sql, args } = where(q);
  const total = (ctx.db.prepare(`SELECT count(*) AS n FROM audit_log ${sql}`).get(...args) as { n: number }).n;
  const rows = ctx.db.prepare(`SELECT * FROM audit_log ${sql} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`).all(...args, q.limit, q.offset) as Raw[];
  const look = lookups(ctx);
  return { rows: rows.map((r) => toRow(r, look)), total };
}

/** Given log rows, in the clerk's words (whom, what changed, when, by whom): the undo's refusal lists them. */
export function describeAudit(ctx: Ctx, ids: number[]): AuditRow[] {
  const get = ctx.db.prepare('SELECT * FROM audit_log WHERE id = ?');
  const look = lookups(ctx);
  return ids.map((id) => toRow(get.get(id) as Raw, look));
}

/** Whom or what one record is about (a person's name and village, a workshop's name), for messages that list records. */
export function describeRecord(ctx: Ctx, table: string, id: number): string {
  try { return subjectOf(lookups(ctx), table, id, undefined, undefined); } catch { return ''; }
}

export function auditFacets(ctx: Ctx) {
  const operators = (ctx.db.prepare('SELECT DISTINCT operator FROM audit_log ORDER BY operator').all() as { operator: string }[]).map((r) => r.operator);
  const tables = (ctx.db.prepare('SELECT DISTINCT table_name AS t FROM audit_log ORDER BY t').all() as { t: string }[])
    .map((r) => ({ value: r.t, label: TABLE_LABELS[r.t] ?? r.t }));
  const actions = (ctx.db.prepare('SELECT DISTINCT action AS a FROM audit_log ORDER BY a').all() as { a: string }[])
    .map((r) => ({ value: r.a, label: ACTION_LABELS[r.a] ?? r.a }));
  return { operators, tables, actions };
}

const EXPORT_PAGE = 5000;
/** An 18-character ID standing on its own inside a summary (not part of a longer number). */
const FULL_ID_IN_TEXT = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;

/** 导出: the filtered log as a workbook through the one writer; the title says what was filtered. */
export async function exportAudit(ctx: Ctx, f: AuditFilters): Promise<{ fileName: string; base64: string }> {
  const { sql, args } = where(f);
  const stmt = ctx.db.prepare(`SELECT * FROM audit_log ${sql} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`);
  const rows: (string | number | null)[][] = [];
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const page = stmt.all(...args, EXPORT_PAGE, offset) as Raw[];
    const look = lookups(ctx);
    for (const r of page.map((x) => toRow(x, look))) {
      rows.push([rows.length + 1, r.at, r.operator || '（未填写）', r.actionLabel, r.tableLabel, r.subject, r.batchId, r.summary]);
    }
    if (page.length < EXPORT_PAGE) break;
  }
  const s = getSettings(ctx);
  const now = nowLocal();
  const filters = [
    f.from || f.to ? `日期 ${f.from ?? '…'} 至 ${f.to ?? '…'}` : '',
    f.operator ? `操作员 ${f.operator}` : '', f.table ? `对象 ${TABLE_LABELS[f.table] ?? f.table}` : '', f.action ? `操作类型 ${ACTION_LABELS[f.action] ?? f.action}` : '',
  ].filter(Boolean).join('，');
  // The summaries name persons by their whole ID: such a file carries the notice like every full-ID export.
  const fullId = rows.some((r) => FULL_ID_IN_TEXT.test(String(r[7] ?? '')));
  const buffer = await writeWorkbook([{
    name: '操作日志',
    title: fullId ? withFullIdNotice(`${s.township}操作日志`) : `${s.township}操作日志`,
    note: `导出时间：${now}    ${filters ? `筛选：${filters}    ` : ''}共 ${rows.length} 条`,
    columns: [
      { header: '序号', width: 7, type: 'number' }, { header: '时间', width: 20, type: 'text' }, { header: '操作员', width: 10, type: 'text' },
      { header: '操作类型', width: 9, type: 'text' }, { header: '对象', width: 12, type: 'text' }, { header: '涉及', width: 24, type: 'text' },
      { header: '导入批次', width: 9, type: 'number' }, { header: '内容', width: 90, type: 'text' },
    ],
    rows,
  }]);
  return { fileName: `${safeName(s.township)}操作日志-${now.slice(0, 10).replace(/-/g, '')}.xlsx`, base64: buffer.toString('base64') };
}

const safeName = (s: string) => s.replace(/[\\/:*?"<>|]/g, '');
