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
