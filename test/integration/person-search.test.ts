import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILE, migrate, SEARCH_FILE } from '../../electron/backend/db/open';
import { migrations } from '../../electron/backend/db/migrations';
import { attachSearchIndex, registerSearchFunctions } from '../../electron/backend/services/personSearch';
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

describe('the search index file (migration 013)', () => {
  const person = (idNo: string, name: string) => ({ idNo, name, villageId: null, householdNo: null, householdType: '脱贫户' as const,
    monitorCategory: null, riskEliminated: null, exitYear: null, relation: null, laborSkill: null, phone: null });
  const open = (dataDir: string) => openBackend({ dataDir, mode: 'test', operator: '测试员' });

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
