/**
 * The check that a write went through db/repo: an action runs between two snapshots of some tables, and
 * the records that changed must be exactly the records its audit rows name, one row each, in the one
 * shape (the whole row under the table's column names; beside it only a `reason`, which no table has a
 * column for), with before as the record was and after as it is. A write that bypasses the repository
 * (no audit row, two rows, a camelCase form snapshot, a partial row) fails here; sqlWritesOutsideRepo
 * finds such a write in the source before a test has to run it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Backend } from '../../electron/backend/index';

export type Row = Record<string, unknown>;

/**
 * How a table's records are told apart. Most have an id (the default). A table keyed otherwise names its
 * key columns and the column its audit rows' record_id holds (attendance is logged under its
 * appointment), or null when the log has no record id for it (a month lock).
 */
export interface AuditedTable { key?: string[]; recordId?: string | null }

/** Beside the whole row, an audit row may say why (a renewal's note, a revoked subsidy's or an unlock's reason) where the table has no column of that name. */
const WHY = 'reason';

type Audit = { action: string; table_name: string; record_id: number | null; before_json: string | null; after_json: string | null };

export function auditedWrites(tables: Record<string, AuditedTable>) {
  const names = Object.keys(tables);
  const keyCols = (t: string) => tables[t].key ?? ['id'];
  const recordIdCol = (t: string) => (tables[t].recordId === undefined ? (tables[t].key ? null : 'id') : tables[t].recordId);
  const keyOf = (t: string, r: Row) => `${t}:${keyCols(t).map((k) => String(r[k])).join('|')}`;

  /** Every record of the tables, by table and key. */
  function snapshot(b: Backend): Map<string, Row> {
    const out = new Map<string, Row>();
    for (const t of names) for (const r of b.ctx.db.prepare(`SELECT * FROM ${t}`).all() as Row[]) out.set(keyOf(t, r), r);
    return out;
  }

  const columnsOf = (b: Backend, t: string) => new Set((b.ctx.db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name));
  const withoutWhy = (r: Row) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== WHY));

  /** Runs the action and checks its audit rows against what really changed; returns how many records changed. */
  async function audited(b: Backend, what: string, action: () => Promise<unknown>): Promise<number> {
    const db = b.ctx.db;
    const from = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM audit_log').get() as { n: number }).n;
    const before = snapshot(b);
    await action();
    const after = snapshot(b);
    const changed = new Map<string, 'create' | 'update' | 'delete'>();
    for (const [k, r] of after) {
      const was = before.get(k);
      if (!was) changed.set(k, 'create');
      else if (JSON.stringify(was) !== JSON.stringify(r)) changed.set(k, 'update');
    }
    for (const k of before.keys()) if (!after.has(k)) changed.set(k, 'delete');

    const rows = db.prepare(`SELECT action, table_name, record_id, before_json, after_json FROM audit_log WHERE id > ? AND table_name IN (${names.map(() => '?').join(', ')})
      ORDER BY id`).all(from, ...names) as Audit[];
    const seen = new Map<string, number>();
    for (const a of rows) {
      const cols = columnsOf(b, a.table_name);
      const bj = a.before_json == null ? null : JSON.parse(a.before_json) as Row;
      const aj = a.after_json == null ? null : JSON.parse(a.after_json) as Row;
      // The one shape: the table's own (snake_case) column names, never the form's camelCase; the why only in after.
      for (const snap of [bj, aj]) {
        if (snap) expect(Object.keys(snap).filter((c) => !cols.has(c) && !(snap === aj && c === WHY)), `${what}: ${a.table_name} audit keys that are not columns`).toEqual([]);
      }
      // The record the row is about: a removed row is in before, any other in after.
      const whole = a.action === 'delete' ? bj : aj;
      expect(whole, `${what}: ${a.action} ${a.table_name} carries the whole row`).not.toBeNull();
      const k = keyOf(a.table_name, whole!);
      seen.set(k, (seen.get(k) ?? 0) + 1);
      const kind = changed.get(k);
      expect(kind, `${what}: ${k} has an audit row (${a.action}) but did not change`).toBeDefined();
      if (kind === 'update' && a.action !== 'update') {
        // Into the 回收站 or out of it: the row stays, deleted_at says which.
        const wasDeleted = before.get(k)!.deleted_at != null, isDeleted = after.get(k)!.deleted_at != null;
        expect([a.action, wasDeleted, isDeleted], `${what}: ${k} soft delete / restore`).toEqual(a.action === 'delete' ? ['delete', false, true] : ['restore', true, false]);
      } else {
        expect(a.action, `${what}: ${k}`).toBe(kind);
      }
      const idCol = recordIdCol(a.table_name);
      expect(a.record_id, `${what}: ${k} record id`).toBe(idCol ? whole![idCol] : null);
      // Before as it was, after as it is.
      if (a.action === 'update' || a.action === 'delete') expect(bj, `${what}: ${k} before`).toEqual(before.get(k));
      if (a.action !== 'delete') expect(cols.has(WHY) ? aj : withoutWhy(aj!), `${what}: ${k} after`).toEqual(after.get(k));
    }
    expect([...seen].filter(([, n]) => n !== 1), `${what}: one audit row per record`).toEqual([]);
    expect([...changed.keys()].filter((k) => !seen.has(k)), `${what}: records changed without an audit row`).toEqual([]);
    return changed.size;
  }

  return { snapshot, audited };
}

/**
 * Lines of the backend that write these tables with SQL of their own outside db/repo/, where no audit row
 * would follow. The migrations create the tables; the generic undo (import/undo.ts) writes back rows the
 * log holds (it is the log's reader, not a change).
 */
export function sqlWritesOutsideRepo(tables: string[]): string[] {
  const root = path.join(__dirname, '../../electron/backend');
  const allowed = (rel: string) => rel.startsWith('db/repo/') || rel.startsWith('db/migrations/') || rel === 'import/undo.ts';
  const write = new RegExp(`(?:INSERT(?:\\s+OR\\s+\\w+)?\\s+INTO|UPDATE|DELETE\\s+FROM|REPLACE\\s+INTO)\\s+"?(?:${tables.join('|')})\\b`, 'i');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      const rel = path.relative(root, f).split(path.sep).join('/');
      if (e.isDirectory()) walk(f);
      else if (f.endsWith('.ts') && !allowed(rel)) {
        fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => { if (write.test(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`); });
      }
    }
  };
  walk(root);
  return found;
}
