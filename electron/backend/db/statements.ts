import type { Statement } from 'better-sqlite3';
import type { DB } from './open';

const cache = new WeakMap<DB, Map<string, Statement>>();

/** A prepared statement kept per connection: the repositories run the same SQL once per imported row. */
export function stmt(db: DB, sql: string): Statement {
  let m = cache.get(db);
  if (!m) { m = new Map(); cache.set(db, m); }
  let st = m.get(sql);
  if (!st) { st = db.prepare(sql); m.set(sql, st); }
  return st;
}
