import type { DB } from './open';

const cache = new WeakMap<DB, Map<string, readonly string[]>>();

/**
 * A table's column names, read once per connection (migrations run before a connection is handed out, and
 * a restore opens a new one): the generic writer, the audit and the batch undo all need them per row.
 */
export function tableColumns(db: DB, table: string): readonly string[] {
  let m = cache.get(db);
  if (!m) { m = new Map(); cache.set(db, m); }
  let cols = m.get(table);
  if (!cols) {
    cols = (db.prepare(`PRAGMA table_info("${table.replace(/"/g, '""')}")`).all() as { name: string }[]).map((c) => c.name);
    m.set(table, cols);
  }
  return cols;
}
