import type { DB } from './open';

/** A column as PRAGMA table_info gives it, with SQLite's affinity for its declared type. */
export interface ColumnInfo {
  name: string;
  type: string;
  dflt_value: string | null;
  pk: number;
  /** SQLite's rule for a declared type (datatype3.html §3.1): INT wins, then CHAR, CLOB or TEXT; the rest is 'other' here. */
  affinity: 'integer' | 'text' | 'other';
}

const cache = new WeakMap<DB, Map<string, { info: readonly ColumnInfo[]; names: readonly string[] }>>();

/**
 * A table's columns, read once per connection (migrations run before a connection is handed out, and
 * a restore opens a new one): the generic writer, the audit and the batch undo all need them per row.
 */
export function tableInfo(db: DB, table: string): readonly ColumnInfo[] {
  return read(db, table).info;
}

/** A table's column names (tableInfo's, in order). */
export function tableColumns(db: DB, table: string): readonly string[] {
  return read(db, table).names;
}

function read(db: DB, table: string) {
  let m = cache.get(db);
  if (!m) { m = new Map(); cache.set(db, m); }
  let t = m.get(table);
  if (!t) {
    const info = (db.prepare(`PRAGMA table_info("${table.replace(/"/g, '""')}")`).all() as Omit<ColumnInfo, 'affinity'>[]).map((c) => ({
      ...c, affinity: /INT/i.test(c.type) ? 'integer' as const : /CHAR|CLOB|TEXT/i.test(c.type) ? 'text' as const : 'other' as const,
    }));
    t = { info, names: info.map((c) => c.name) };
    m.set(table, t);
  }
  return t;
}
