import type { Ctx } from '../../services/context';
import type { Statement } from 'better-sqlite3';
import type { DB } from '../open';
import { audit, auditRecord, insertIsPlain, rowSnapshot } from '../../services/audit';
import { AppError } from '../../errors';
import { stmt } from '../statements';
import { tableColumns } from '../schema';

/**
 * The one generic write of a ledger row: every table-specific repository (persons, households, posts,
 * appointments, loans, workshops, monitoring …) inserts, updates and soft-deletes through these, so each
 * write leaves the one audit shape — table, record id, whole row before/after under the column names,
 * batch, operator — that the batch undo (import/undo.ts) writes back and 操作日志 shows.
 *
 * Column names come from callers' code, never from files or requests; they are still checked against the
 * table's real columns so a typo fails loudly instead of writing SQL nobody meant.
 */

export type RowValues = Record<string, unknown>;

const columnSets = new WeakMap<DB, Map<string, Set<string>>>();

function columns(db: DB, table: string): Set<string> {
  let m = columnSets.get(db);
  if (!m) { m = new Map(); columnSets.set(db, m); }
  let cols = m.get(table);
  if (!cols) {
    cols = new Set(tableColumns(db, table));
    if (!cols.size) throw new AppError('INTERNAL', `没有数据表 ${table}`);
    m.set(table, cols);
  }
  return cols;
}

/** The keys with a value (undefined means "not given"), each a real column of the table. */
function definedKeys(db: DB, table: string, values: RowValues): string[] {
  const cols = columns(db, table);
  const keys = Object.keys(values).filter((k) => values[k] !== undefined);
  for (const k of keys) if (!cols.has(k)) throw new AppError('INTERNAL', `数据表 ${table} 没有列 ${k}`);
  return keys;
}

/** The last insert per connection and table: an import inserts row after row with the same columns. */
const lastInserts = new WeakMap<DB, Map<string, { keys: string[]; st: Statement }>>();

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Inserts one row (created_batch_id set when the table has it) and records its creation. Returns the new id. */
export function insertRow(ctx: Ctx, table: string, values: RowValues, batchId: number | null = null): number {
  const row: RowValues = { ...values };
  if (batchId !== null && columns(ctx.db, table).has('created_batch_id') && row.created_batch_id === undefined) row.created_batch_id = batchId;
  let m = lastInserts.get(ctx.db);
  if (!m) { m = new Map(); lastInserts.set(ctx.db, m); }
  const last = m.get(table);
  const given = Object.keys(row).filter((k) => row[k] !== undefined);
  // The same columns as the last insert into this table: already checked, and the same statement.
  let st: Statement;
  let keys: string[];
  if (last && sameKeys(last.keys, given)) ({ keys, st } = last);
  else {
    keys = definedKeys(ctx.db, table, row);
    st = stmt(ctx.db, keys.length
      ? `INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`
      : `INSERT INTO ${table} DEFAULT VALUES`);
    m.set(table, { keys, st });
  }
  const args = new Array<unknown>(keys.length);
  for (let i = 0; i < keys.length; i++) args[i] = row[keys[i]];
  const id = Number(st.run(args).lastInsertRowid);
  auditRecord(ctx, 'create', table, id, null, batchId, insertIsPlain(ctx.db, table, keys, args));
  return id;
}

/**
 * Sets the given columns; writes and audits only when some value really changes (so an unchanged
 * re-import or a form saved without edits leaves no trace). `touch` names extra columns set only when
 * something else changed (updated_at). `reason`, when given, is why (批量续聘's note): the table has no
 * column for it, so the audit row's after holds it as `reason` beside the whole row (操作日志 shows it
 * as 原因; the batch undo copies back only real columns). Returns whether it wrote.
 */
export function updateRow(ctx: Ctx, table: string, id: number, patch: RowValues, batchId: number | null = null,
  touch: RowValues = {}, reason?: string): boolean {
  // A real column of that name would be hidden by the reason in the audit row: refuse rather than lose it.
  if (reason !== undefined && columns(ctx.db, table).has('reason')) throw new AppError('INTERNAL', `数据表 ${table} 自有 reason 列，原因请写入该列`);
  const before = rowSnapshot(ctx.db, table, id);
  if (!before) return false;
  const keys = definedKeys(ctx.db, table, patch).filter((k) => patch[k] !== before[k]);
  if (!keys.length) return false;
  const extra = definedKeys(ctx.db, table, touch).filter((k) => !keys.includes(k));
  const all = [...keys, ...extra];
  const values = { ...touch, ...patch };
  stmt(ctx.db, `UPDATE ${table} SET ${all.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...all.map((k) => values[k]), id);
  if (reason === undefined) auditRecord(ctx, 'update', table, id, before, batchId);
  else audit(ctx, { action: 'update', table, recordId: id, before, after: { ...rowSnapshot(ctx.db, table, id), reason }, batchId });
  return true;
}

/**
 * Runs fn, which is about to add `adding` rows to `table`, with the table's own indexes (not those of its
 * PRIMARY KEY and UNIQUE constraints, which the inserts still check) dropped, and creates them again from
 * the same SQL when fn ends: sorting 100k entries once costs a fraction of inserting each at a random
 * place in four indexes (a county roster into an empty ledger). Only when the table is not bigger than
 * what comes, else rebuilding from scratch costs more. Inside the caller's transaction, in a savepoint:
 * if fn fails, the indexes come back with the rollback.
 */
export function withIndexesRebuilt<T>(ctx: Ctx, table: string, adding: number, fn: () => T): T {
  const db = ctx.db;
  if (adding < 10_000 || !db.inTransaction) return fn();
  const present = (db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM ${JSON.stringify(table)} LIMIT ?)`).get(adding + 1) as { n: number }).n;
  if (present > adding) return fn();
  // UNIQUE indexes stay: they are what refuses a duplicate while the rows go in.
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY rowid")
    .all(table) as { name: string; sql: string }[];
  if (!indexes.length) return fn();
  return db.transaction(() => {
    for (const i of indexes) db.exec(`DROP INDEX ${JSON.stringify(i.name)}`);
    const result = fn();
    for (const i of indexes) db.exec(i.sql);
    return result;
  })();
}

/**
 * Runs fn with a page cache of `kib` KiB on the connection instead of SQLite's 2 MB, then the cache as it
 * was: a large import touches pages all over its tables and their UNIQUE indexes (ID numbers come in no
 * order), and with the small cache each insert read a page back that an earlier one had pushed out.
 */
export function withPageCache<T>(ctx: Ctx, kib: number, fn: () => T): T {
  const before = ctx.db.pragma('cache_size', { simple: true }) as number;
  ctx.db.pragma(`cache_size = ${-Math.round(kib)}`);
  try { return fn(); } finally { ctx.db.pragma(`cache_size = ${before}`); }
}

/** Into the 回收站: the row stays (other records still name it), marked deleted_at. */
export function softDeleteRow(ctx: Ctx, table: string, id: number, now: string, touch: RowValues = {}): void {
  const before = rowSnapshot(ctx.db, table, id);
  if (!before) return;
  const set = { deleted_at: now, ...touch };
  const keys = definedKeys(ctx.db, table, set);
  stmt(ctx.db, `UPDATE ${table} SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...keys.map((k) => set[k as keyof typeof set]), id);
  audit(ctx, { action: 'delete', table, recordId: id, before });
}

/** Out of the 回收站. */
export function restoreRow(ctx: Ctx, table: string, id: number, touch: RowValues = {}): void {
  const set: RowValues = { deleted_at: null, ...touch };
  const keys = definedKeys(ctx.db, table, set);
  stmt(ctx.db, `UPDATE ${table} SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...keys.map((k) => set[k]), id);
  audit(ctx, { action: 'restore', table, recordId: id, after: rowSnapshot(ctx.db, table, id) });
}

/**
 * Removes a row for good (child rows a form replaces as a whole: repayments, measures; a revoked
 * subsidy). The before row is kept in the audit log so the change can be read and undone; `reason`,
 * when given, is why (the one thing the log must add to what the row said), the audit row's after.
 */
export function deleteRow(ctx: Ctx, table: string, id: number, batchId: number | null = null, reason?: string): void {
  const before = rowSnapshot(ctx.db, table, id);
  if (!before) return;
  stmt(ctx.db, `DELETE FROM ${table} WHERE id = ?`).run(id);
  audit(ctx, { action: 'delete', table, recordId: id, before, after: reason === undefined ? undefined : { reason }, batchId });
}
