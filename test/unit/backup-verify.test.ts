import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase, verifyBackupFile } from '../../electron/backend/db/backup';
import { migrations } from '../../electron/backend/db/migrations';
import { openDatabase, type DB } from '../../electron/backend/db/open';
import { sample } from '../samples';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bk-unit-'));

describe('backupDatabase and verifyBackupFile', () => {
  let dir: string;
  let db: DB;
  let good: string;
  beforeAll(async () => {
    dir = tmp();
    db = openDatabase({ dataDir: path.join(dir, 'data') });
    db.prepare("INSERT INTO settings (key, value) VALUES ('township', ?)").run(JSON.stringify('乐平镇'));
    const ins = db.prepare("INSERT INTO audit_log (operator, action, table_name, record_id, after_json) VALUES ('测试员', 'create', 'persons', ?, ?)");
    db.transaction(() => { for (let i = 0; i < 3000; i++) ins.run(i, JSON.stringify({ name: `王${i}`, note: 'x'.repeat(200) })); })();
    good = (await backupDatabase(db, path.join(dir, 'out', '乐平镇-台账备份-20261128-153000.sqlite'))).file;
  });
  afterAll(() => db.close());

  it('writes one self-contained file: no -wal/-shm beside it, rollback-journal header, nothing left under a temporary name', () => {
    // The file and its SHA-256 (sha256sum format), nothing else.
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['乐平镇-台账备份-20261128-153000.sqlite', '乐平镇-台账备份-20261128-153000.sqlite.sha256']);
    const head = fs.readFileSync(good).subarray(0, 20);
    expect([head[18], head[19]]).toEqual([1, 1]);
  });

  it('accepts the fresh backup and tells what is in it, writing nothing next to it', () => {
    const r = verifyBackupFile(good);
    expect(r).toMatchObject({ ok: true, schemaVersion: migrations.length, township: '乐平镇', persons: 0 });
    expect(r.message).toMatch(/^校验通过/);
    expect(r.contentVerified).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'out'))).toHaveLength(2);
  });

  it('refuses a file cut in half, saying it is incomplete', () => {
    const half = path.join(dir, 'half.sqlite');
    const buf = fs.readFileSync(good);
    fs.writeFileSync(half, buf.subarray(0, Math.floor(buf.length / 2)));
    const r = verifyBackupFile(half);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/文件不完整/);
  });

  it('refuses a file whose pages were overwritten (integrity_check)', () => {
    const bad = path.join(dir, 'corrupt.sqlite');
    const buf = Buffer.from(fs.readFileSync(good));
    const pageSize = buf.readUInt16BE(16);
    // Garbage over a few pages in the middle, the length unchanged: only the integrity check can tell.
    for (let p = 20; p < 24; p++) buf.fill(0xa5, p * pageSize + 8, (p + 1) * pageSize);
    fs.writeFileSync(bad, buf);
    const r = verifyBackupFile(bad);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/损坏/);
  });

  it('refuses empty files, random bytes, an Excel file, a folder and a missing file, in Chinese', () => {
    const empty = path.join(dir, 'empty.sqlite');
    fs.writeFileSync(empty, '');
    expect(verifyBackupFile(empty).message).toMatch(/空的/);
    const junk = path.join(dir, 'junk.sqlite');
    fs.writeFileSync(junk, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)));
    expect(verifyBackupFile(junk).message).toMatch(/不是台账备份文件/);
    expect(verifyBackupFile(sample('persons-county-export.xlsx')).message).toMatch(/不是台账备份文件/);
    expect(verifyBackupFile(dir).message).toMatch(/文件夹/);
    expect(verifyBackupFile(path.join(dir, 'nope.sqlite')).message).toMatch(/找不到文件/);
  });

  it('refuses another program\'s SQLite database', () => {
    const other = path.join(dir, 'other.sqlite');
    const o = new Database(other);
    o.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); PRAGMA user_version = 3;');
    o.close();
    const r = verifyBackupFile(other);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/不是本程序的台账备份文件/);
  });

  it('refuses a backup from a newer program version', () => {
    const newer = path.join(dir, 'newer.sqlite');
    fs.copyFileSync(good, newer);
    const o = new Database(newer);
    o.pragma(`user_version = ${migrations.length + 3}`);
    o.close();
    const r = verifyBackupFile(newer);
    expect(r).toMatchObject({ ok: false, schemaVersion: migrations.length + 3 });
    expect(r.message).toMatch(/更新版本的程序/);
  });

  it('checks a raw copy of a live WAL database on a temporary copy, leaving its folder untouched', () => {
    const live = tmp();
    const l = openDatabase({ dataDir: live });
    l.prepare("INSERT INTO settings (key, value) VALUES ('township', '\"东冶头镇\"')").run();
    l.pragma('wal_checkpoint(TRUNCATE)');
    const copyDir = tmp();
    fs.copyFileSync(path.join(live, 'ledger.sqlite'), path.join(copyDir, 'copy.sqlite'));
    l.close();
    const r = verifyBackupFile(path.join(copyDir, 'copy.sqlite'));
    expect(r).toMatchObject({ ok: true, township: '东冶头镇' });
    expect(fs.readdirSync(copyDir)).toEqual(['copy.sqlite']);
  });
});
