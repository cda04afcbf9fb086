import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILE, migrate, SEARCH_FILE } from '../../electron/backend/db/open';
import { migrations } from '../../electron/backend/db/migrations';
import { attachSearchIndex, refreshPersonSearch, registerSearchFunctions } from '../../electron/backend/services/personSearch';
import { prepareSearchIndexer, startSearchIndexer } from '../../electron/backend/services/searchIndexer';
import { queryPersons } from '../../electron/backend/services/persons';
import { PersonQuery } from '../../shared/api/contract';
import { openBackend, type Backend } from '../../electron/backend/index';
import { call, freshBackend, tmpDir, validId } from './helpers';

const NAMES = ['王建国', '李建国', '张国建', '王秀英', '赵建', '欧阳建国', '阿依·古丽', '𠀀明', '建国'];

/** What the grid must show: every live person whose name / ID contains the text, found without the index. */
function byScan(b: Backend, field: 'name' | 'id_no', text: string, deleted = false): number[] {
  return (b.ctx.db.prepare(`SELECT id FROM persons WHERE instr(${field}, ?) > 0 AND deleted_at IS ${deleted ? 'NOT' : ''} NULL ORDER BY id`)
    .all(text) as { id: number }[]).map((r) => r.id);
}
const viaQuery = (b: Backend, q: object) => queryPersons(b.ctx, PersonQuery.parse({ limit: 1000, ...q })).rows.map((r) => r.id).sort((x, y) => x - y);

describe('person search index (migration 006)', () => {
  it('finds exactly what a full scan finds, through edits, soft deletes and undone imports', async () => {
    const b = freshBackend();
    const ids: string[] = [];
    for (let i = 0; i < NAMES.length * 3; i++) {
      const idNo = validId(`1407241980${String(1 + (i % 12)).padStart(2, '0')}${String(1 + i).padStart(2, '0')}${String(100 + i * 37).slice(-3)}`);
      ids.push(idNo);
      await call(b, 'persons.create', { idNo, name: NAMES[i % NAMES.length], villageId: null, householdNo: null, householdType: '脱贫户',
        monitorCategory: null, riskEliminated: null, exitYear: null, relation: null, laborSkill: null, phone: null });
    }
    const names = ['王', '建国', '王建国', '欧阳建', '古丽', '依·古', '𠀀', '𠀀明', '国建', '秀英王', '无此人'];
    const idParts = ['1407', '0918', '198001', ids[5].slice(-4), ids[7].slice(3, 15), '99999', 'X', '24'];
    const check = () => {
      for (const n of names) expect(viaQuery(b, { name: n }), `姓名 ${n}`).toEqual(byScan(b, 'name', n));
      for (const p of idParts) expect(viaQuery(b, { idNo: p }), `身份证号 ${p}`).toEqual(byScan(b, 'id_no', p));
    };
    check();
    expect(viaQuery(b, { name: '建国' }).length).toBeGreaterThan(0);

    // A rename and an ID correction must move the person in the index at once.
    const first = (await call(b, 'persons.query', { name: '王建国', limit: 1, offset: 0, deleted: false })).rows[0];
    await call(b, 'persons.update', { ...first, name: '王新民', householdNo: null, id: first.id });
    expect(viaQuery(b, { name: '新民' })).toEqual([first.id]);
    check();

    // Soft delete: gone from the grid, present in the 回收站 search, back after restore.
    await call(b, 'persons.delete', { id: first.id });
    expect(viaQuery(b, { name: '新民' })).toEqual([]);
    expect(viaQuery(b, { name: '新民', deleted: true })).toEqual([first.id]);
    await call(b, 'persons.restore', { id: first.id });
    expect(viaQuery(b, { name: '新民' })).toEqual([first.id]);
    check();

    // Rows removed by SQL (as an undone import does) leave no stale hit behind.
    b.ctx.db.prepare('DELETE FROM persons WHERE id = ?').run(first.id);
    expect(viaQuery(b, { name: '新民' })).toEqual([]);
    check();

    // SQLite gives the highest id again after it was deleted: the newcomer must be found, the old name not.
    const last = (b.ctx.db.prepare('SELECT max(id) AS id FROM persons').get() as { id: number }).id;
    expect(viaQuery(b, { name: NAMES[(NAMES.length * 3 - 1) % NAMES.length] })).toContain(last);
    b.ctx.db.prepare('DELETE FROM persons WHERE id = ?').run(last);
    const again = await call(b, 'persons.create', { idNo: validId('14072419991231555'), name: '钱多多', villageId: null, householdNo: null,
      householdType: '一般户', monitorCategory: null, riskEliminated: null, exitYear: null, relation: null, laborSkill: null, phone: null });
    expect(again.id).toBe(last);
    expect(viaQuery(b, { name: '多多' })).toEqual([last]);
    expect(viaQuery(b, { idNo: '1231555' })).toEqual([last]);
    check();
    b.close();
  });

  it('indexes the persons an older database already holds when migration 006 runs', () => {
    const db = new Database(':memory:');
    registerSearchFunctions(db);
    migrate(db, null, migrations.slice(0, 5));
    db.prepare("INSERT INTO persons (id_no, name, name_initials) VALUES (?, '王建国', 'wjg'), (?, '李秀英', 'lxy')")
      .run(validId('14072419800101123'), validId('14072419800202123'));
    migrate(db, null, migrations);
    attachSearchIndex(db, ':memory:');
    const b = { ctx: { db } } as unknown as Backend;
    expect(viaQuery(b, { name: '建国' })).toEqual(byScan(b, 'name', '建国'));
    expect(viaQuery(b, { idNo: '0202' })).toEqual(byScan(b, 'id_no', '0202'));
    expect(db.prepare('SELECT count(*) AS n FROM person_search_stale').get()).toEqual({ n: 0 });
  });
});

const person = (idNo: string, name: string) => ({ idNo, name, villageId: null, householdNo: null, householdType: '脱贫户' as const,
  monitorCategory: null, riskEliminated: null, exitYear: null, relation: null, laborSkill: null, phone: null });
const open = (dataDir: string) => openBackend({ dataDir, mode: 'test', operator: '测试员' });

describe('the search index file (migration 013)', () => {

  it('is rebuilt when deleted or damaged, and the ledger opens as before', async () => {
    const dataDir = tmpDir();
    let b = open(dataDir);
    const a = await call(b, 'persons.create', person(validId('14072419800101123'), '王建国'));
    expect(viaQuery(b, { name: '建国' })).toEqual([a.id]);
    b.close();
    fs.rmSync(path.join(dataDir, SEARCH_FILE));
    b = open(dataDir);
    expect(viaQuery(b, { name: '建国' })).toEqual([a.id]);
    expect(viaQuery(b, { idNo: '0101' })).toEqual([a.id]);
    b.close();
    fs.writeFileSync(path.join(dataDir, SEARCH_FILE), Buffer.alloc(8192, 0x5a)); // not a database
    for (const f of [`${SEARCH_FILE}-wal`, `${SEARCH_FILE}-shm`]) fs.rmSync(path.join(dataDir, f), { force: true });
    b = open(dataDir);
    expect(viaQuery(b, { name: '建国' })).toEqual([a.id]);
    b.close();
  });

  it('that belongs to a later state of the ledger (a backup copied back) is rebuilt, not trusted', async () => {
    const dataDir = tmpDir(), copy = path.join(tmpDir(), DB_FILE);
    let b = open(dataDir);
    const a = await call(b, 'persons.create', person(validId('14072419800101123'), '王建国'));
    expect(viaQuery(b, { name: '建国' })).toEqual([a.id]);
    b.close(); // checkpointed: the file is the whole ledger
    fs.copyFileSync(path.join(dataDir, DB_FILE), copy);
    b = open(dataDir);
    await call(b, 'persons.update', { ...(await call(b, 'persons.get', { id: a.id })), name: '王新民', householdNo: null, id: a.id });
    expect(viaQuery(b, { name: '新民' })).toEqual([a.id]);
    b.close();
    fs.copyFileSync(copy, path.join(dataDir, DB_FILE)); // the older ledger, beside the newer index
    b = open(dataDir);
    expect(viaQuery(b, { name: '建国' })).toEqual([a.id]);
    expect(viaQuery(b, { name: '新民' })).toEqual([]);
    b.close();
  });
});

describe('the search index of a large import, built by a thread beside the commit', () => {
  const ids = (n: number, tag: number) => Array.from({ length: n }, (_, i) => validId(`1407${tag}${String(i * 7919).padStart(12, '0')}`));
  const names = (n: number) => Array.from({ length: n }, (_, i) => NAMES[i % NAMES.length] + (i % 7 ? '' : '甲'));
  const pairs = (n: number, tag: number, name = (s: string) => s) => { const id = ids(n, tag); return names(n).map((x, i) => [name(x), id[i]] as [string, string]); };

  /** Inserts the persons in one transaction as an import does, with the indexer's seal at its end; returns whether it sealed. */
  function insertWithIndexer(b: Backend, people: [string, string][], inserted: [string, string][], fail = false, script?: string): boolean {
    const db = b.ctx.db;
    const indexer = startSearchIndexer(db, { names: people.map((p) => p[0]), idNos: people.map((p) => p[1]) }, script);
    expect(indexer).not.toBeNull();
    let sealed = false, committed = false;
    try {
      db.transaction(() => {
        const ins = db.prepare('INSERT INTO persons (id_no, name, name_initials) VALUES (?, ?, \'\')');
        for (const [name, idNo] of inserted) ins.run(idNo, name);
        sealed = indexer!.seal(db);
        if (fail) throw new Error('rolled back');
      })();
      committed = true;
    } catch (e) { if (!fail) throw e; } finally { indexer!.finish(db, committed); }
    return sealed;
  }
  const everyQuery = (b: Backend) => {
    const check = (q: object, field: 'name' | 'id_no', text: string) => {
      const all = byScan(b, field, text);
      const r = queryPersons(b.ctx, PersonQuery.parse({ limit: 1000, ...q }));
      expect(r.total, `${field} ${text}`).toBe(all.length);
      expect(r.rows.map((x) => x.id), `${field} ${text}`).toEqual(all.slice(0, 1000));
    };
    for (const n of ['王', '建国', '欧阳建', '古丽', '甲', '𠀀明']) check({ name: n }, 'name', n);
    for (const p of ['1407', '0918', '7919', '0101', '1228']) check({ idNo: p }, 'id_no', p);
  };

  it('holds what the ordinary refresh would, under the token the ledger carries', async () => {
    await prepareSearchIndexer();
    const b = open(tmpDir());
    try {
      await call(b, 'persons.create', person(validId('14072419700101999'), '钱多多')); // indexed before: the thread adds after it
      expect(viaQuery(b, { name: '多多' })).toHaveLength(1);
      const people = pairs(12_000, 1);
      expect(insertWithIndexer(b, people, people)).toBe(true);
      const db = b.ctx.db;
      expect(db.prepare('SELECT count(*) AS n FROM person_search_stale').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT indexed_upto AS n FROM search.person_search_meta').get()).toEqual({ n: 12_001 });
      expect(refreshPersonSearch(db)).toBe(0); // nothing left for the ordinary refresh
      everyQuery(b);
    } finally { b.close(); }
  }, 60_000);

  it('leaves the index to the ordinary refresh when the ids are not the ones it was told, or the ledger rolls back', async () => {
    await prepareSearchIndexer();
    const b = open(tmpDir());
    try {
      const people = pairs(3000, 2);
      // Inserted in another order than announced: the thread's grams would sit on the wrong ids.
      expect(insertWithIndexer(b, people, [...people].reverse())).toBe(false);
      everyQuery(b);
      const more = pairs(2000, 3, (x) => [...x].reverse().join(''));
      const before = b.ctx.db.prepare('SELECT token FROM person_search_state').get();
      expect(insertWithIndexer(b, more, more, true)).toBe(true); // sealed, then the ledger's transaction failed
      expect(b.ctx.db.prepare('SELECT token FROM person_search_state').get()).toEqual(before);
      expect(b.ctx.db.prepare('SELECT count(*) AS n FROM persons').get()).toEqual({ n: 3000 });
      everyQuery(b);
      // A name holding the separator the thread's lists are joined with: the thread refuses them, nothing shifts.
      const odd = pairs(1000, 4).map(([n, id], i) => [i === 10 ? `王\0${n}` : n, id] as [string, string]);
      expect(insertWithIndexer(b, odd, odd)).toBe(false);
      expect(viaQuery(b, { idNo: odd[500][1] })).toEqual(byScan(b, 'id_no', odd[500][1]));
      everyQuery(b);
      // A thread whose script cannot load (a broken install): the import goes on, indexed the ordinary way.
      const broken = path.join(tmpDir(), 'broken-worker.cjs');
      fs.writeFileSync(broken, "throw new Error('cannot load');\n");
      const late = pairs(1500, 5);
      expect(insertWithIndexer(b, late, late, false, broken)).toBe(false);
      expect(viaQuery(b, { idNo: late[700][1] })).toEqual(byScan(b, 'id_no', late[700][1]));
      everyQuery(b);
    } finally { b.close(); }
  }, 60_000);
});
