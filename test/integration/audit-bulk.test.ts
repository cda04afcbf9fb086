// A record's create/update audit row carries the whole row as JSON. services/audit.ts builds that JSON
// in SQLite (json_object) instead of reading the row back, and an import writes its creates together
// (bulkCreateAudit). Either way the text must be exactly what JSON.stringify of the row read back
// gives; values json_object would spell otherwise (reals, blobs, integers beyond 2^53) take the old
// path, and a row already gone gets its audit row with no `after`, as before.
import { describe, expect, it } from 'vitest';
import { auditRecord, bulkCreateAudit, insertIsPlain, rowSnapshot } from '../../electron/backend/services/audit';
import { insertRow } from '../../electron/backend/db/repo/rows';
import { freshBackend } from './helpers';

type Row = { record_id: number; action: string; before_json: string | null; after_json: string | null; batch_id: number | null; operator: string };

const VALUES: [string | null, number | bigint | null, number | null, unknown][] = [
  ['王建国\u0000\u0001\b\t\n\f\r\u001f"\\/\u007f\u2028😀', 42, null, 'text'],
  ['', -7, null, null],
  [null, null, 0.1 + 0.2, null], // a real
  ['a', 2n ** 60n, null, null], // an integer beyond 2^53
  ['b', 1, null, Buffer.from([1, 2, 3])], // a blob
  [Buffer.from('文本') as unknown as string, 2, null, null], // a blob in a TEXT column (the only value that column can hold that is not text or null)
  [0.1 + 0.2 as unknown as string, 3, null, null], // a real into a TEXT column: stored as its text
  ['c', 0, null, 12],
];

function setUp() {
  const b = freshBackend();
  const db = b.ctx.db;
  db.exec('CREATE TABLE zz_audit_probe (id INTEGER PRIMARY KEY, t TEXT, n INTEGER, r REAL, x)');
  const ins = db.prepare('INSERT INTO zz_audit_probe (t, n, r, x) VALUES (?, ?, ?, ?)');
  return { b, db, insert: () => VALUES.map((v) => Number(ins.run(...v).lastInsertRowid)) };
}

const auditRows = (db: ReturnType<typeof setUp>['db']) =>
  db.prepare("SELECT record_id, action, before_json, after_json, batch_id, operator FROM audit_log WHERE table_name = 'zz_audit_probe' ORDER BY record_id, id").all() as Row[];

describe('audit rows built in SQLite read exactly as the row read back and stringified', () => {
  it('one create row per record, one at a time or together at the end of a bulk scope, also for reals, blobs, big integers and a row already gone', () => {
    for (const bulk of [false, true]) {
      const { b, db, insert } = setUp();
      try {
        const expected = new Map<number, string | null>();
        db.transaction(() => {
          const write = () => {
            const ids = insert();
            db.prepare('DELETE FROM zz_audit_probe WHERE id = ?').run(ids[1]); // gone before its audit row is written
            for (const id of ids) {
              const row = rowSnapshot(db, 'zz_audit_probe', id);
              expected.set(id, row === undefined ? null : JSON.stringify(row));
              auditRecord(b.ctx, 'create', 'zz_audit_probe', id, null, null);
            }
          };
          if (bulk) bulkCreateAudit(b.ctx, null, write); else write();
        })();
        const rows = auditRows(db);
        expect(rows.map((r) => r.record_id)).toEqual([...expected.keys()]);
        for (const r of rows) {
          expect(r).toMatchObject({ action: 'create', before_json: null, batch_id: null, operator: '测试员' });
          expect(r.after_json, `record ${r.record_id}`).toBe(expected.get(r.record_id));
        }
        expect(rows.filter((r) => r.after_json === null)).toHaveLength(1);
      } finally {
        b.close();
      }
    }
  });

  it('rows inserted with values known plain skip the check in SQL; any other value (a real, a huge integer, a blob default) still reads back exactly', () => {
    const { b, db } = setUp();
    try {
      db.exec("CREATE TABLE zz_audit_defaults (id INTEGER PRIMARY KEY, t TEXT DEFAULT (randomblob(2)), s TEXT DEFAULT 'x''y', k INTEGER DEFAULT 3, at TEXT DEFAULT (datetime('now')))");
      const cases: [string, Record<string, unknown>, boolean][] = [
        ['zz_audit_probe', { t: '王建国"\\', n: 42 }, true],
        ['zz_audit_probe', { t: 5, n: -7 }, true], // a number into a TEXT column is kept as its text ("5.0")
        ['zz_audit_probe', { t: null, n: 2 ** 53 - 1 }, true],
        ['zz_audit_probe', { n: 1.5 }, false], // a real in an INTEGER column
        ['zz_audit_probe', { n: 2 ** 60 }, false], // an integer json_object spells in full, JSON.stringify rounded
        ['zz_audit_probe', { n: '12' }, false], // a string into an INTEGER column may become a number
        ['zz_audit_probe', { r: 2 }, false], // REAL
        ['zz_audit_probe', { x: 5 }, false], // no type: kept as a real
        ['zz_audit_defaults', { s: 'a' }, false], // t left to a blob default
        ['zz_audit_defaults', { t: 'a' }, true], // s, k, at left to plain defaults
      ];
      // Each in a scope of its own: a run of creates takes the unchecked statement only when every row in it is known plain.
      const ids: [string, number][] = [];
      for (const [table, values] of cases) db.transaction(() => bulkCreateAudit(b.ctx, null, () => { ids.push([table, insertRow(b.ctx, table, values)]); }))();
      cases.forEach(([table, values, plain], i) => {
        const keys = Object.keys(values);
        expect(insertIsPlain(db, table, keys, keys.map((k) => values[k])), JSON.stringify(values)).toBe(plain);
        const [, id] = ids[i];
        const row = db.prepare('SELECT after_json FROM audit_log WHERE table_name = ? AND record_id = ?').all(table, id) as { after_json: string }[];
        expect(row.map((r) => r.after_json), JSON.stringify(values)).toEqual([JSON.stringify(rowSnapshot(db, table, id))]);
      });
    } finally {
      b.close();
    }
  });

  it('an update row keeps the given before and the row as it now is', () => {
    const { b, db, insert } = setUp();
    try {
      const ids = insert();
      db.transaction(() => {
        for (const id of ids) {
          const before = rowSnapshot(db, 'zz_audit_probe', id);
          db.prepare("UPDATE zz_audit_probe SET t = coalesce(t, '') || '改' WHERE id = ?").run(id);
          auditRecord(b.ctx, 'update', 'zz_audit_probe', id, before, null);
        }
      })();
      const rows = auditRows(db);
      expect(rows).toHaveLength(ids.length);
      for (const r of rows) {
        expect(r.action).toBe('update');
        expect(r.after_json).toBe(JSON.stringify(rowSnapshot(db, 'zz_audit_probe', r.record_id)));
        const t: unknown = JSON.parse(r.before_json!).t;
        // (the blob's text comes back from SQLite's || as text, which JSON has no before for)
        if (t === null || typeof t === 'string') expect((t ?? '') + '改').toBe(JSON.parse(r.after_json!).t);
      }
    } finally {
      b.close();
    }
  });
});
