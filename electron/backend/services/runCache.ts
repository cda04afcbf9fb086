import type { Statement } from 'better-sqlite3';
import type { DB } from '../db/open';

/**
 * A cache that lives for one run of the checks (or one 概览): several rules read the same lists
 * (the holders at a date, the loans with their derived status, the monitored households), and at
 * county size (100k persons) reading them once per rule was most of the time the 问题清单 took.
 * Keyed by the connection; outside withRunCache every call loads afresh, so a service that uses
 * runCached behaves exactly as before for every other caller. Rules are synchronous and never
 * write, so nothing can change the data while a cache is open; callers must not mutate what it returns.
 */
const caches = new WeakMap<DB, Map<string, unknown>>();

export function withRunCache<T>(db: DB, fn: () => T): T {
  if (caches.has(db)) return fn(); // nested: the outer run's cache serves
  caches.set(db, new Map());
  try { return fn(); } finally { caches.delete(db); }
}

export function runCached<T>(db: DB, key: string, load: () => T): T {
  const c = caches.get(db);
  if (!c) return load();
  if (!c.has(key)) c.set(key, load());
  return c.get(key) as T;
}

/**
 * A token that changes whenever the data this connection reads can have changed: SQLite's
 * total_changes() counts every row this connection inserted, updated or deleted since it opened
 * (trigger rows and rolled-back writes included: a needless recount, never a stale figure), and
 * PRAGMA data_version changes when another connection commits (the CLI writing beside the open
 * program). A restore reopens the file: a new connection, so a cache keyed by it starts empty.
 */
export function dataVersion(db: DB): string {
  let st = versionReads.get(db);
  if (!st) {
    st = { changes: db.prepare('SELECT total_changes() AS n').pluck(), other: db.prepare('PRAGMA data_version').pluck() };
    versionReads.set(db, st);
  }
  return `${st.other.get() as number}:${st.changes.get() as number}`;
}
const versionReads = new WeakMap<DB, { changes: Statement; other: Statement }>();

/** Results kept while the data stays at one version (dataVersion); any write clears every entry. */
const versioned = new WeakMap<DB, { version: string; values: Map<string, unknown> }>();
const VERSIONED_MAX = 16; // a few as-of dates of 概览; older ones are dropped first

/** The value stored for key at the current data version, if any. */
export function versionCachedGet<T>(db: DB, key: string): T | undefined {
  const v = versioned.get(db);
  return v && v.version === dataVersion(db) ? v.values.get(key) as T | undefined : undefined;
}

/** Stores value for key, computed at data version `version` (read before computing it). */
export function versionCachedSet(db: DB, version: string, key: string, value: unknown): void {
  let v = versioned.get(db);
  if (!v || v.version !== version) { v = { version, values: new Map() }; versioned.set(db, v); }
  if (version !== dataVersion(db)) return; // written to while computing: not kept
  v.values.delete(key);
  v.values.set(key, value);
  if (v.values.size > VERSIONED_MAX) v.values.delete(v.values.keys().next().value!);
}

/**
 * load()'s result kept while the data stays at one version: for lists that depend on nothing but
 * the data (no as-of date), read by 概览, the checks and the pages again and again between writes.
 * Callers must not mutate what it returns (as with runCached).
 */
export function versionCached<T>(db: DB, key: string, load: () => T): T {
  const hit = versionCachedGet<T>(db, key);
  if (hit !== undefined) return hit;
  const version = dataVersion(db);
  const value = load();
  versionCachedSet(db, version, key, value);
  return value;
}
