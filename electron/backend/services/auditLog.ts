import type { AuditFilters, AuditRow } from '../../../shared/api/safety';
import { withFullIdNotice, writeWorkbook } from '../export/workbook';
import type { Ctx } from './context';
import { nowLocal } from './context';
import { getSettings } from './settings';
import { formatYuan } from '../../../shared/money';
import { IMPORT_KIND_LABELS } from '../../../shared/api/contract';
import { ACTION_LABELS, FIELD_LABELS, TABLE_FIELD_LABELS, TABLE_LABELS } from '../../../shared/fields';
import { REVIEW_RECORD_TABLES } from './findingReviews';

/** 操作日志: the audit rows every service writes, read back with filters, labels and field-by-field changes. */

// The labels live in shared/ (the UI may use them too); re-exported for the backend's existing imports.
export { ACTION_LABELS, FIELD_LABELS, TABLE_LABELS };

/** The import kinds as the import page names them; the log showed the channel's key (loans, post-wages). */
const KIND_VALUES: Record<string, string> = IMPORT_KIND_LABELS;
/** Bookkeeping columns that change on every write and tell the reader nothing. */
// batch_id (the workshop status history's created_batch_id) is the log's own 导入批次 column.
const NOISE = new Set(['updated_at', 'updatedAt', 'created_at', 'createdAt', 'name_initials', 'nameInitials', 'created_batch_id', 'batch_id', 'id', 'fingerprint']);

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

/**
 * Fields that hold another record's id, with how to name that record: a log that says 户：15 or 岗位：3
 * leaves the clerk with a number; the name as it is now says whom the change concerned.
 */
const REFERENCES: Record<string, string> = {
  villageId: 'SELECT name FROM villages WHERE id = ?',
  personId: 'SELECT p.name, v.name AS village FROM persons p LEFT JOIN villages v ON v.id = p.village_id WHERE p.id = ?',
  householdId: `SELECT (SELECT name FROM persons WHERE household_id = h.id ORDER BY relation <> '户主', id LIMIT 1) || '户' AS name FROM households h WHERE h.id = ?`,
  postId: 'SELECT p.name, v.name AS village FROM posts p LEFT JOIN villages v ON v.id = p.village_id WHERE p.id = ?',
  workshopId: 'SELECT name FROM workshops WHERE id = ?',
  appointmentId: 'SELECT p.name || \'的聘用\' AS name FROM appointments a JOIN persons p ON p.id = a.person_id WHERE a.id = ?',
  loanId: `SELECT COALESCE(p.name, '') || '的贷款' || CASE WHEN l.contract_no IS NULL OR l.contract_no = '' THEN '' ELSE '（合同 ' || l.contract_no || '）' END AS name
    FROM loans l LEFT JOIN persons p ON p.id = l.person_id WHERE l.id = ?`,
  employmentId: 'SELECT p.name || \'的务工\' AS name FROM employments e JOIN persons p ON p.id = e.person_id WHERE e.id = ?',
};

/** Field-by-field: before → after for updates; the filled-in fields for creates and deletes. With `look`, record ids are named. */
export function auditChanges(action: string, before: unknown, after: unknown, table = '', look?: Lookup): { field: string; label: string; before: string; after: string }[] {
  const refName = (ck: string, v: unknown, shown: string): string => {
    const sql = look && typeof v === 'number' ? REFERENCES[ck] : undefined;
    if (!sql) return shown;
    let r: Record<string, unknown> | undefined;
    try { r = look!(sql, v as number); } catch { r = undefined; }
    return joinName(r) || shown;
  };
  const out: { field: string; label: string; before: string; after: string }[] = [];
  const b = isRecord(before) ? before : {}, a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !NOISE.has(k));
  for (const k of keys) {
    // Import rows are recorded under the table's column names (amount_fen), forms under the contract's (amountFen).
    const ck = k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (NOISE.has(ck)) continue;
    const bv = showField(ck, b[k]), av = showField(ck, a[k]);
    if (action === 'update' && isRecord(before) && isRecord(after) && (bv === av || !(k in a))) continue;
    if (!bv && !av) continue;
    out.push({ field: k, label: TABLE_FIELD_LABELS[table]?.[k] ?? TABLE_FIELD_LABELS[table]?.[ck] ?? FIELD_LABELS[k] ?? FIELD_LABELS[ck] ?? k,
      before: refName(ck, b[k], bv), after: refName(ck, a[k], av) });
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
  const household = (hid: number | null, no: string) => {
    const hh = hid == null ? undefined : look(`SELECT h.hh_no AS hhNo, (SELECT name FROM persons WHERE household_id = h.id ORDER BY relation <> '户主', id LIMIT 1) AS head FROM households h WHERE h.id = ?`, hid);
    const hhNo = no || text(hh?.hhNo);
    return [hh?.head ? `${hh.head}户` : '', hhNo ? `户编号 ${hhNo}` : ''].filter(Boolean).join('，');
  };
  switch (table) {
    case 'persons': return named(snap, 'name') ? `${named(snap, 'name')}${named(snap, 'villageName', 'village') ? `（${named(snap, 'villageName', 'village')}）` : ''}` : person(id);
    case 'households': return household(id, named(snap, 'hh_no', 'householdNo'));
    case 'monitor_households': case 'monitor_incomes': case 'monitor_measures': case 'monitor_cases': case 'monitor_visits': {
      // Rows name their household (household_id; the page's older rows householdId); an older 工作台账 row named none: read it from the record.
      const hid = isRecord(snap) ? (typeof snap.household_id === 'number' ? snap.household_id : typeof snap.householdId === 'number' ? snap.householdId : null) : null;
      return household(hid ?? (id == null ? null : (look(`SELECT household_id AS hh FROM ${table} WHERE id = ?`, id)?.hh as number | undefined) ?? null), '');
    }
    case 'finding_reviews': {
      // Logged against the finding's record; older rows carried its name, rows now the review row (record_type, record_id).
      const type = isRecord(snap) ? text(snap.record_type) || text(snap.recordType) : '';
      const on = REVIEW_RECORD_TABLES[type as keyof typeof REVIEW_RECORD_TABLES];
      return named(snap, 'name') || (on && id != null ? subjectOf(look, on, id, undefined, undefined) : '');
    }
    case 'appointments': case 'attendance': {
      // attendance rows are logged under their appointment (record id); older form rows also carried it as appointmentId.
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
      // A revoked subsidy's after is only the reason: the row it removed names the workshop and person.
      const wid = idIn(snap, 'workshopId', 'workshop_id') ?? idIn(before, 'workshopId', 'workshop_id');
      const ws = wid == null ? '' : text(look('SELECT name FROM workshops WHERE id = ?', wid)?.name);
      const pid = idIn(snap, 'personId', 'person_id') ?? idIn(before, 'personId', 'person_id');
      const who = named(snap, 'name', 'personName') || person(pid);
      return [who, ws].filter(Boolean).join('，');
    }
    case 'migrant_work': return person(idIn(snap, 'person_id') ?? (id == null ? null : idIn(look('SELECT person_id FROM migrant_work WHERE id = ?', id), 'person_id')));
    case 'posts': {
      const p = id == null ? undefined : look('SELECT po.name, v.name AS village FROM posts po LEFT JOIN villages v ON v.id = po.village_id WHERE po.id = ?', id);
      return p ? `${text(p.village)}${text(p.name)}` : named(snap, 'name');
    }
    case 'villages': return named(snap, 'name');
    case 'gongshi_items': {
      // One row per listed holder (appointment_id, db/repo/gongshi.ts); older rows listed a whole 公示 at once (gongshiId, appointmentIds).
      const gid = isRecord(snap) ? (typeof snap.gongshi_id === 'number' ? snap.gongshi_id : typeof snap.gongshiId === 'number' ? snap.gongshiId : id) : id;
      const scope = gid == null ? '' : text(look('SELECT scope FROM gongshi_records WHERE id = ?', gid)?.scope);
      const who = isRecord(snap) && typeof snap.appointment_id === 'number' ? subjectOf(look, 'appointments', snap.appointment_id, undefined, undefined) : '';
      return [who, scope].filter(Boolean).join('，');
    }
    // A lock is logged as its row (created, deleted with the reason as the after); older rows as { month, locked } both sides.
    case 'month_locks': return named(snap, 'month') || named(before, 'month') ? `${named(snap, 'month') || named(before, 'month')} 工资` : '';
    case 'import_batches': return named(snap, 'file');
    // Not about anyone: say which settings, so the column is never blank.
    case 'settings': return '乡镇设置';
    case 'safety_settings': return '备份与程序锁设置';
    case 'database': return '整个台账';
    default: return named(snap, 'name', 'personName', 'scope', 'month', 'file');
  }
}

/** The first of these keys that holds a record id (the column name, or the camelCase of older log rows). */
function idIn(snap: unknown, ...keys: string[]): number | null {
  if (!isRecord(snap)) return null;
  for (const k of keys) if (typeof snap[k] === 'number') return snap[k] as number;
  return null;
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
  const changes = auditChanges(r.action, before, after, r.table_name, look);
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
  const now = nowLocal(ctx.now());
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
  }], { created: ctx.now() });
  return { fileName: `${safeName(s.township)}操作日志-${now.slice(0, 10).replace(/-/g, '')}.xlsx`, base64: buffer.toString('base64') };
}

const safeName = (s: string) => s.replace(/[\\/:*?"<>|]/g, '');
