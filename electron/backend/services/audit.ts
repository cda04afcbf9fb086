import type { Statement } from 'better-sqlite3';
import type { DB } from '../db/open';
import { nowLocal, type Ctx } from './context';
import { AppError } from '../errors';
import { getSettings } from './settings';
import { stmt } from '../db/statements';
import { tableColumns, tableInfo, type ColumnInfo } from '../db/schema';

export interface AuditEntry {
  action: 'create' | 'update' | 'delete' | 'restore' | 'import' | 'undo';
  table: string;
  recordId: number | null;
  before?: unknown;
  after?: unknown;
  batchId?: number | null;
}

/** The screens, where a person sits: a change needs their name (tests and the CLI name theirs otherwise). */
const NAMED_MODES = new Set(['browser', 'electron']);
/** Settings, backups and restores are about the machine, not a person's record; the name is set through settings itself. */
const UNNAMED_TABLES = new Set(['settings', 'safety_settings', 'database']);

/**
 * Who the audit row names. Work is tied to a person: without a name the whole change is refused (and
 * rolled back with the transaction); the screens ask for the name once and repeat the request.
 * ctx.operator() falls back to 录入员 when nobody is named (a fixed operator, as the CLI's --operator, counts as named).
 */
function operatorFor(ctx: Ctx, table: string): string {
  const operator = ctx.operator();
  if (operator === '录入员' && NAMED_MODES.has(ctx.mode) && !UNNAMED_TABLES.has(table) && !getSettings(ctx).operator.trim()) {
    throw new AppError('VALIDATION', '请先填写操作员姓名（页面顶部“请填写操作员”），每次修改都会记下是谁做的。', { operatorRequired: true });
  }
  return operator;
}

/** Callers run this inside their own transaction so the change and its record land together. */
export function audit(ctx: Ctx, e: AuditEntry): void {
  const operator = operatorFor(ctx, e.table);
  // Imports call audit() once per changed row: the insert is prepared once per connection (db/statements).
  stmt(ctx.db, `INSERT INTO audit_log (at, operator, action, table_name, record_id, before_json, after_json, batch_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(nowLocal(ctx.now()), operator, e.action, e.table, e.recordId,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after), e.batchId ?? null);
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A record as its table holds it: the one shape of an audit row's before and after (the table's own column names). */
export function rowSnapshot(db: DB, table: string, id: number): Record<string, unknown> | undefined {
  return stmt(db, `SELECT * FROM ${q(table)} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
}

/**
 * Per connection and table: the statement that writes a record's audit row with its `after` built by
 * SQLite (json_object over the table's columns, in their order) straight from the row just written.
 * An import writes one such row per record, and reading each row back into JavaScript only to
 * stringify it again cost more than the insert itself. json_object writes text, integers and nulls
 * exactly as JSON.stringify of the row read back does; a row holding anything it would spell
 * differently (a real, a blob, an integer beyond 2^53) is not matched and takes the old path.
 * null: the table has no id column, or too many columns for one function call.
 */
const sqlAudits = new WeakMap<DB, Map<string, Statement | null>>();

/** The table's columns as json_object arguments, and the condition that they spell as JSON.stringify would. */
function sqlShape(db: DB, table: string): { obj: string; plain: string } | null {
  const cols = tableColumns(db, table);
  if (!cols.includes('id') || cols.length * 2 > 100) return null;
  const obj = `json_object(${cols.map((c) => `'${c.replace(/'/g, "''")}', ${q(c)}`).join(', ')})`;
  // A column of TEXT affinity stores any number given to it as text: only a blob could differ there.
  // The check runs for every column of every row an import writes, so it asks no more than that.
  const plain = tableInfo(db, table).map(({ name: c, affinity }) => (affinity === 'text' ? `typeof(${q(c)}) <> 'blob'`
    : `(typeof(${q(c)}) IN ('null', 'text') OR (typeof(${q(c)}) = 'integer' AND ${q(c)} BETWEEN -9007199254740991 AND 9007199254740991))`)).join(' AND ');
  return { obj, plain };
}

type Affinity = ColumnInfo['affinity'];
/** Defaults that leave text in a TEXT column: a quoted string, a number (kept as its text), the current date or time. */
const TEXT_DEFAULT = /^(?:'(?:[^']|'')*'|-?[\d.]+|\(?\s*(?:datetime|date|time|strftime)\s*\(.*\)\s*\)?|CURRENT_(?:TIME|DATE|TIMESTAMP))$/i;
interface InsertShape {
  affinity: Map<string, Affinity>;
  mustBeGiven: string[];
  /** Per list of inserted columns (callers reuse one array per statement): each column's affinity, and whether the columns left out are all plain. */
  byKeys: WeakMap<readonly string[], { affinities: Affinity[]; leftOutPlain: boolean }>;
}
const insertShapes = new WeakMap<DB, Map<string, InsertShape>>();

function insertShape(db: DB, table: string): InsertShape {
  let m = insertShapes.get(db);
  if (!m) { m = new Map(); insertShapes.set(db, m); }
  let shape = m.get(table);
  if (!shape) {
    const affinity = new Map<string, Affinity>(), mustBeGiven: string[] = [];
    for (const c of tableInfo(db, table)) {
      const a = c.affinity;
      affinity.set(c.name, a);
      const d = c.dflt_value?.trim() ?? null;
      // What SQLite puts in a column nobody gave a value: NULL, the row id, an integer, or text in a TEXT column.
      if (!(d === null || /^null$/i.test(d) || (c.pk && a === 'integer') || (a === 'integer' && /^-?\d{1,15}$/.test(d))
        || (a === 'text' && TEXT_DEFAULT.test(d)))) mustBeGiven.push(c.name);
    }
    shape = { affinity, mustBeGiven, byKeys: new WeakMap() };
    m.set(table, shape);
  }
  return shape;
}

/**
 * Whether a row inserted with these values (the columns not named take their defaults) holds only what
 * json_object spells as JSON.stringify of the row read back: NULL, text, integers within 2^53. Then its
 * create row needs no check in SQL. better-sqlite3 binds every number as a real: an INTEGER column keeps a
 * whole one as an integer, a TEXT column keeps its text; a string into a numeric column may become a real.
 */
export function insertIsPlain(db: DB, table: string, keys: readonly string[], values: readonly unknown[]): boolean {
  const shape = insertShape(db, table);
  let k = shape.byKeys.get(keys);
  if (!k) {
    k = { affinities: keys.map((c) => shape.affinity.get(c) ?? 'other'), leftOutPlain: shape.mustBeGiven.every((c) => keys.includes(c)) };
    shape.byKeys.set(keys, k);
  }
  if (!k.leftOutPlain) return false;
  const { affinities } = k;
  for (let i = 0; i < affinities.length; i++) {
    const v = values[i], a = affinities[i];
    if (v === null) continue;
    if (typeof v === 'string' ? a !== 'text' : typeof v !== 'number' || !(a === 'text' || (a === 'integer' && Number.isSafeInteger(v)))) return false;
  }
  return true;
}

function sqlAuditStatement(db: DB, table: string): Statement | null {
  let m = sqlAudits.get(db);
  if (!m) { m = new Map(); sqlAudits.set(db, m); }
  let st = m.get(table);
  if (st !== undefined) return st;
  const shape = sqlShape(db, table);
  st = shape && db.prepare(`INSERT INTO audit_log (at, operator, action, table_name, record_id, before_json, after_json, batch_id)
      SELECT ?, ?, ?, ?, id, ?, ${shape.obj}, ? FROM ${q(table)} WHERE id = ? AND ${shape.plain}`);
  m.set(table, st);
  return st;
}

/**
 * The audit row of one record's insert or update, in the one shape the batch undo writes back:
 * table, record id, the whole row before (given, read before the write) and after (read now), batch, operator.
 * Inside bulkCreateAudit for the same batch, a create's row is written when the scope ends instead.
 */
export function auditRecord(ctx: Ctx, action: 'create' | 'update', table: string, id: number, before: unknown, batchId: number | null = null,
  /** A create whose values insertIsPlain passed: its row needs no check in SQL when written at the end of a bulk scope. */
  plain = false): void {
  if (action === 'create') {
    const scope = scopes.get(ctx.db);
    if (scope && scope.batchId === batchId) {
      let t = scope.tables.get(table);
      if (!t) { t = { ids: [], unchecked: new Set() }; scope.tables.set(table, t); }
      t.ids.push(id);
      if (!plain) t.unchecked.add(id);
      return;
    }
  }
  const st = sqlAuditStatement(ctx.db, table);
  if (st) {
    const beforeJson = action === 'create' || before === undefined ? null : JSON.stringify(before);
    if (st.run(nowLocal(ctx.now()), operatorFor(ctx, table), action, table, beforeJson, batchId, id).changes) return;
  }
  audit(ctx, { action, table, recordId: id, before: action === 'create' ? undefined : before, after: rowSnapshot(ctx.db, table, id), batchId });
}

/** Creates whose audit rows wait for the end of a bulkCreateAudit scope, per table in the order they were made. */
const scopes = new WeakMap<DB, { batchId: number | null; tables: Map<string, { ids: number[]; unchecked: Set<number> }> }>();

/**
 * Runs fn (inside the caller's transaction) with the audit rows of the records it creates for this
 * batch written together when it ends: one INSERT … SELECT per table and run of consecutive ids
 * instead of one statement per record, which cost an import of 100k persons more than inserting
 * them. Each record still gets its own create row with the whole row as written (read at the end:
 * callers must not change a record they created in the same scope); the rows of one table come
 * together, in id order, instead of interleaved with the other tables'. Updates are audited at once.
 */
export function bulkCreateAudit<T>(ctx: Ctx, batchId: number | null, fn: () => T): T {
  if (scopes.has(ctx.db)) return fn();
  const scope = { batchId, tables: new Map<string, { ids: number[]; unchecked: Set<number> }>() };
  scopes.set(ctx.db, scope);
  let result: T;
  try { result = fn(); } finally { scopes.delete(ctx.db); }
  for (const [table, t] of scope.tables) writeCreates(ctx, table, t.ids, t.unchecked, batchId);
  return result;
}

const bulkAudits = new WeakMap<DB, Map<string, { plainIds: Statement; insert: Statement; insertKnownPlain: Statement } | null>>();

function bulkStatements(db: DB, table: string) {
  let m = bulkAudits.get(db);
  if (!m) { m = new Map(); bulkAudits.set(db, m); }
  let st = m.get(table);
  if (st !== undefined) return st;
  const shape = sqlShape(db, table);
  st = shape && {
    plainIds: db.prepare(`SELECT id FROM ${q(table)} WHERE id BETWEEN ? AND ? AND ${shape.plain}`).pluck(),
    insert: db.prepare(`INSERT INTO audit_log (at, operator, action, table_name, record_id, before_json, after_json, batch_id)
      SELECT ?, ?, 'create', ?, id, NULL, ${shape.obj}, ? FROM ${q(table)} WHERE id BETWEEN ? AND ? AND ${shape.plain} ORDER BY id`),
    // Rows whose values were known plain when inserted: the check per column and row was a quarter of the statement's time.
    insertKnownPlain: db.prepare(`INSERT INTO audit_log (at, operator, action, table_name, record_id, before_json, after_json, batch_id)
      SELECT ?, ?, 'create', ?, id, NULL, ${shape.obj}, ? FROM ${q(table)} WHERE id BETWEEN ? AND ? ORDER BY id`),
  };
  m.set(table, st);
  return st;
}

function writeCreates(ctx: Ctx, table: string, ids: number[], unchecked: Set<number>, batchId: number | null): void {
  const st = bulkStatements(ctx.db, table);
  const operator = ids.length ? operatorFor(ctx, table) : '';
  for (let k = 0; k < ids.length;) {
    let end = k + 1, plain = !unchecked.has(ids[k]);
    while (end < ids.length && ids[end] === ids[end - 1] + 1) { if (plain && unchecked.has(ids[end])) plain = false; end++; }
    const lo = ids[k], hi = ids[end - 1];
    // One statement for the run's rows that json_object spells as JSON.stringify would; any other
    // (a real, a blob, a row gone) on its own afterwards, as auditRecord writes it (rare).
    const written = st ? (plain ? st.insertKnownPlain : st.insert).run(nowLocal(ctx.now()), operator, table, batchId, lo, hi).changes : 0;
    if (written !== end - k) {
      const done = new Set(written && st ? st.plainIds.all(lo, hi) as number[] : []);
      for (let i = k; i < end; i++) if (!done.has(ids[i])) auditRecord(ctx, 'create', table, ids[i], null, batchId);
    }
    k = end;
  }
}
