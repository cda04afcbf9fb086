import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { contract } from '../../shared/api/contract';
import { handlers } from '../../electron/backend/dispatch';
import { migrate, openDatabase, schemaVersion } from '../../electron/backend/db/open';
import { migrations } from '../../electron/backend/db/migrations';
import { call, freshBackend, tmpDir, validId } from './helpers';

describe('contract and dispatcher', () => {
  it('has a handler for every channel and a channel for every handler', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(contract).sort());
  });
  it('refuses unknown channels and invalid params with a Chinese message', async () => {
    const b = freshBackend();
    const u = await b.invoke('nope.nothing', {});
    expect(u).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const v = await b.invoke('persons.get', { id: 'x' });
    expect(v).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!v.ok) expect(v.error.message).toContain('参数不正确');
  });
});

describe('database', () => {
  it('opens with WAL, foreign keys and the latest schema version', () => {
    const db = openDatabase({ dataDir: tmpDir() });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(migrations.length);
  });
  it('backs up the file before migrating and rolls back a failing migration', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'ledger.sqlite');
    const db = new Database(file);
    migrate(db, null, ['CREATE TABLE a (x INTEGER);']);
    db.prepare('INSERT INTO a VALUES (1)').run();
    migrate(db, file, ['CREATE TABLE a (x INTEGER);', 'CREATE TABLE b (y INTEGER);']);
    expect(schemaVersion(db)).toBe(2);
    const backups = fs.readdirSync(path.join(dir, 'backups'));
    expect(backups.some((f) => f.startsWith('before-migration-v1-'))).toBe(true);
    expect(() => migrate(db, file, ['', '', 'CREATE TABLE c (z INTEGER); CREATE TABLE c (z INTEGER);'])).toThrow();
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'c'").get()).toEqual({ n: 0 });
    db.close();
  });
  it('refuses a data file from a newer version', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 99');
    expect(() => migrate(db, null)).toThrow(/升级程序/);
  });
});

describe('persons and villages', () => {
  it('adds, finds by pinyin initials and ID part, edits, soft-deletes and restores', async () => {
    const b = freshBackend();
    const v = await call(b, 'villages.create', { name: '东关村', code: '140724100201' });
    const id = validId('14072419830918081');
    const p = await call(b, 'persons.create', {
      idNo: id.toLowerCase(), name: '王建国', villageId: v.id, householdNo: '014072410020100001', householdType: '脱贫户',
      monitorCategory: null, riskEliminated: null, exitYear: 2016, relation: '户主', laborSkill: '普通劳动力', phone: '13912345678',
    });
    expect(p).toMatchObject({ idNo: id, sex: '男', birthDate: '1983-09-18', villageName: '东关村', householdType: '脱贫户', exitYear: 2016 });
    await call(b, 'persons.create', { idNo: validId('14072419900101002'), name: '李秀英', villageId: v.id, householdNo: null, householdType: '一般户', monitorCategory: null, riskEliminated: null, exitYear: null, relation: null, laborSkill: null, phone: null });
    expect((await call(b, 'persons.query', { name: 'wjg' })).rows.map((r) => r.name)).toEqual(['王建国']);
    expect((await call(b, 'persons.query', { idNo: '0918' })).total).toBe(1);
    expect((await call(b, 'persons.query', { householdType: '一般户' })).rows.map((r) => r.name)).toEqual(['李秀英']);
    expect((await call(b, 'stats.get', {}))).toMatchObject({ persons: 2, households: 2, villages: 1 });
    const edited = await call(b, 'persons.update', { ...p, id: p.id, phone: '0354-1234567' });
    expect(edited.phone).toBe('0354-1234567');
    await call(b, 'persons.delete', { id: p.id });
    expect((await call(b, 'persons.query', {})).total).toBe(1);
    expect((await call(b, 'persons.query', { deleted: true })).rows[0].name).toBe('王建国');
    await call(b, 'persons.restore', { id: p.id });
    expect((await call(b, 'persons.query', {})).total).toBe(2);
    const log = b.ctx.db.prepare("SELECT action FROM audit_log WHERE table_name = 'persons' ORDER BY id").all().map((r: any) => r.action);
    expect(log).toEqual(['create', 'create', 'update', 'delete', 'restore']);
  });
  it('refuses a duplicate ID naming who has it, and a bad checksum, saving nothing', async () => {
    const b = freshBackend();
    const base = { villageId: null, householdNo: null, householdType: '一般户' as const, monitorCategory: null, riskEliminated: null, exitYear: null, relation: null, laborSkill: null, phone: null };
    const id = validId('14072419830918081');
    await call(b, 'persons.create', { ...base, idNo: id, name: '王建国' });
    await expect(call(b, 'persons.create', { ...base, idNo: id, name: '王建军' })).rejects.toThrow(/已登记为“王建国”/);
    const bad = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    await expect(call(b, 'persons.create', { ...base, idNo: bad, name: '张三' })).rejects.toThrow(/校验位/);
    await expect(call(b, 'persons.create', { ...base, idNo: validId('14072419830918082'), name: '张三', phone: '12345' })).rejects.toThrow(/电话/);
    expect((await call(b, 'stats.get', {})).persons).toBe(1);
  });
  it('validates village codes and names', async () => {
    const b = freshBackend();
    await expect(call(b, 'villages.create', { name: '西村', code: '1234' })).rejects.toThrow(/12位/);
    const v = await call(b, 'villages.create', { name: '西村', code: null });
    await expect(call(b, 'villages.create', { name: '西村', code: null })).rejects.toThrow(/已有/);
    expect((await call(b, 'villages.update', { id: v.id, name: '西关村', code: '140724100202' })).name).toBe('西关村');
  });
  it('keeps settings with defaults and stores changes', async () => {
    const b = freshBackend();
    expect(await call(b, 'settings.get', {})).toMatchObject({ gongshiDays: 5, maskIdsOnPrint: true });
    expect(await call(b, 'settings.update', { township: '乐平镇', gongshiDays: 7 })).toMatchObject({ township: '乐平镇', gongshiDays: 7 });
    expect((await call(b, 'app.info', {})).township).toBe('乐平镇');
    // A partial update leaves every other key alone.
    await call(b, 'settings.update', { postsPerHousehold: 2, subsidyDayBasis: 365 });
    await call(b, 'settings.update', { supervisionPhone: '0354-1234567' });
    expect(await call(b, 'settings.get', {})).toMatchObject({ postsPerHousehold: 2, subsidyDayBasis: 365, township: '乐平镇', gongshiDays: 7 });
  });
});
