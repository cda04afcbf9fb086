import { describe, expect, it } from 'vitest';
import { freshBackend, validId } from './helpers';
import { withIndexesRebuilt } from '../../electron/backend/db/repo/rows';
import { insertPerson } from '../../electron/backend/db/repo/persons';
import type { DB } from '../../electron/backend/db/open';

/** A large import into a small table drops the table's own indexes and creates them again at the end (db/repo/rows). */
const indexes = (db: DB) => db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'persons' ORDER BY name").all();

function addPersons(b: ReturnType<typeof freshBackend>, n: number, from = 0) {
  for (let i = from; i < from + n; i++) insertPerson(b.ctx, { id_no: validId(`1101011980${String(i).padStart(7, '0')}`), name: `张${'三四五六七'[i % 5]}${i % 97}` });
}

describe('withIndexesRebuilt', () => {
  it('leaves the same indexes, each holding every row (integrity_check), and the rows are found through them', () => {
    const b = freshBackend();
    const before = indexes(b.ctx.db);
    expect(before.length).toBeGreaterThan(3);
    let seenInside: unknown[] = [];
    b.ctx.db.transaction(() => withIndexesRebuilt(b.ctx, 'persons', 12_000, () => {
      seenInside = indexes(b.ctx.db);
      addPersons(b, 12_000);
    }))();
    // The secondary indexes were gone while the rows went in (only the UNIQUE id_no one stayed) …
    expect(seenInside.length).toBeLessThan(before.length);
    // … and are back as they were, complete.
    expect(indexes(b.ctx.db)).toEqual(before);
    expect(b.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((b.ctx.db.prepare("SELECT count(*) AS n FROM persons INDEXED BY persons_search WHERE name = '张三0' AND deleted_at IS NULL").get() as { n: number }).n)
      .toBe((b.ctx.db.prepare("SELECT count(*) AS n FROM persons NOT INDEXED WHERE name = '张三0'").get() as { n: number }).n);
    b.close();
  });

  it('a failure inside rolls the rows back and keeps the indexes', () => {
    const b = freshBackend();
    const before = indexes(b.ctx.db);
    expect(() => b.ctx.db.transaction(() => withIndexesRebuilt(b.ctx, 'persons', 12_000, () => {
      addPersons(b, 11_000);
      throw new Error('bad row');
    }))()).toThrow('bad row');
    expect(indexes(b.ctx.db)).toEqual(before);
    expect(b.ctx.db.prepare('SELECT count(*) AS n FROM persons').get()).toEqual({ n: 0 });
    // The same when the caller's transaction goes on after catching it: only the savepoint is undone.
    b.ctx.db.transaction(() => {
      addPersons(b, 5, 50_000);
      try { withIndexesRebuilt(b.ctx, 'persons', 12_000, () => { addPersons(b, 11_000); throw new Error('bad row'); }); } catch { /* reported elsewhere */ }
    })();
    expect(indexes(b.ctx.db)).toEqual(before);
    expect(b.ctx.db.prepare('SELECT count(*) AS n FROM persons').get()).toEqual({ n: 5 });
    expect(b.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    b.close();
  });

  it('keeps the indexes when the table is bigger than what comes, or little comes', () => {
    const b = freshBackend();
    const before = indexes(b.ctx.db);
    b.ctx.db.transaction(() => addPersons(b, 10_500))();
    let inside: unknown[] = [];
    b.ctx.db.transaction(() => withIndexesRebuilt(b.ctx, 'persons', 10_000, () => { inside = indexes(b.ctx.db); addPersons(b, 10, 90_000); }))();
    expect(inside).toEqual(before);
    b.ctx.db.transaction(() => withIndexesRebuilt(b.ctx, 'persons', 500, () => { inside = indexes(b.ctx.db); }))();
    expect(inside).toEqual(before);
    b.close();
  });
});
