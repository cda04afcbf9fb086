import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_TABLE, PENDING_TABLE, SIDECAR_EXT, stageReplacement, swapIn, verifyBackupFile } from '../../electron/backend/db/backup';
import { openBackend, type Backend } from '../../electron/backend/index';
import { backupsDir } from '../../electron/backend/services/backups';
import { cliArgs } from '../support/cli';
import { call, tmpDir, validId } from './helpers';

// Issue 19: backups verified by their content (SHA-256 of the bytes beside the file, per-table
// digests inside it); a restore refused because the data is in use writes no 恢复前备份; the
// restore's audit row travels inside the restored file and survives a crash right after the swap.

const MARK = 'MARKER-abcdefghij';

async function ledger(dir = tmpDir()): Promise<Backend> {
  const b = openBackend({ dataDir: dir, mode: 'test', operator: '测试员' });
  await call(b, 'settings.update', { township: '乐平镇' });
  const v = await call(b, 'villages.create', { name: '东村', code: null });
  await call(b, 'persons.create', {
    idNo: validId('14072419800101001'), name: '王建国', villageId: v.id, householdNo: 'HH-1', householdType: '脱贫户',
    monitorCategory: null, riskEliminated: null, exitYear: 2016, relation: '户主', laborSkill: '普通劳动力', phone: null,
  });
  // A text value nothing indexes: only a content digest can tell it was changed.
  b.ctx.db.prepare("INSERT INTO audit_log (operator, action, table_name, record_id, after_json) VALUES ('测试员', 'create', 'note', 1, ?)").run(JSON.stringify({ note: MARK }));
  return b;
}

/** One byte inside the marker text flipped, the file otherwise the same. */
function flipped(src: string, dest: string): string {
  const buf = Buffer.from(fs.readFileSync(src));
  const at = buf.indexOf(MARK);
  expect(at).toBeGreaterThan(0);
  buf[at + 8] ^= 0x01; // 'a' → '`'
  fs.writeFileSync(dest, buf);
  return dest;
}

const cli = (dataDir: string, ...args: string[]) => spawnSync(process.execPath, cliArgs([...args, '--data', dataDir]), { encoding: 'utf8' });

describe('backups verified by content', () => {
  let b: Backend;
  let file: string;
  beforeAll(async () => {
    b = await ledger();
    const f = await call(b, 'backup.now', {});
    file = path.join(f.dir, f.name);
  });
  afterAll(() => b.close());

  it('writes <backup>.sha256 in sha256sum format and a manifest inside; verify says the content checks out', () => {
    const side = fs.readFileSync(`${file}${SIDECAR_EXT}`, 'utf8');
    expect(side).toMatch(new RegExp(`^[0-9a-f]{64}  ${path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n$`));
    const db = new Database(file, { readonly: true });
    try {
      const tables = (db.prepare(`SELECT table_name FROM ${MANIFEST_TABLE}`).all() as { table_name: string }[]).map((r) => r.table_name);
      expect(tables).toEqual(expect.arrayContaining(['persons', 'audit_log', 'settings']));
    } finally { db.close(); }
    const r = verifyBackupFile(file);
    expect(r).toMatchObject({ ok: true, contentVerified: true });
    expect(r.message).toContain('内容校验码一致');
  });

  it('one flipped byte inside a text field is caught by the SHA-256, and without the .sha256 by the table digests', () => {
    const dir = tmpDir();
    const bad = flipped(file, path.join(dir, path.basename(file)));
    // Structure alone would pass: the change sits inside a value.
    const s = new Database(bad, { readonly: true });
    try { expect(s.pragma('integrity_check', { simple: true })).toBe('ok'); } finally { s.close(); }
    fs.copyFileSync(`${file}${SIDECAR_EXT}`, `${bad}${SIDECAR_EXT}`);
    const withSide = verifyBackupFile(bad);
    expect(withSide.ok).toBe(false);
    expect(withSide.message).toMatch(/内容校验未通过.*SHA-256/);
    fs.rmSync(`${bad}${SIDECAR_EXT}`);
    const inside = verifyBackupFile(bad);
    expect(inside.ok).toBe(false);
    expect(inside.message).toMatch(/内容校验未通过：数据表 audit_log/);
  });

  it('verify and restore refuse the altered file through the channels and the CLI, and nothing changes', async () => {
    const bad = flipped(file, path.join(tmpDir(), 'altered.sqlite'));
    const v = await call(b, 'backup.verify', { fileName: 'altered.sqlite', base64: fs.readFileSync(bad).toString('base64') });
    expect(v.ok).toBe(false);
    expect(v.message).toMatch(/内容校验未通过/);
    const before = fs.readdirSync(backupsDir(b.ctx)).length;
    const r = await b.invoke('backup.restore', { fileName: 'altered.sqlite', base64: fs.readFileSync(bad).toString('base64') });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_FILE' } });
    expect(!r.ok && r.error.message).toMatch(/不能恢复“altered\.sqlite”：内容校验未通过/);
    expect(fs.readdirSync(backupsDir(b.ctx)).length).toBe(before);

    const data = tmpDir();
    const cv = cli(data, 'verify', bad);
    expect(cv.status).toBe(1);
    expect(cv.stderr).toMatch(/校验未通过：内容校验未通过/);
    const cr = cli(data, 'restore', bad);
    expect(cr.status).toBe(2);
    expect(cr.stderr).toMatch(/内容校验未通过/);
  });

  it('a backup from before this change (no .sha256, no manifest) still verifies, with a note that only the structure was checked', () => {
    const old = path.join(tmpDir(), 'old.sqlite');
    fs.copyFileSync(file, old);
    const db = new Database(old);
    db.exec(`DROP TABLE ${MANIFEST_TABLE}`);
    db.close();
    const r = verifyBackupFile(old);
    expect(r).toMatchObject({ ok: true, contentVerified: false });
    expect(r.message).toMatch(/没有内容校验码.*只检查了文件结构/);
  });

  it('a fake backup with the right table names but other columns gets a Chinese reason, not "no such column"', () => {
    const fake = path.join(tmpDir(), 'fake.sqlite');
    const db = new Database(fake);
    db.exec(`CREATE TABLE settings (k TEXT); CREATE TABLE import_batches (x); CREATE TABLE villages (x); CREATE TABLE households (x);
      CREATE TABLE persons (x); CREATE TABLE saved_mappings (x); CREATE TABLE audit_log (x); PRAGMA user_version = 1;`);
    db.close();
    const r = verifyBackupFile(fake);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^这不是本程序的台账备份文件：数据表的结构与台账不同/);
    expect(r.message).not.toMatch(/no such column/);
  });

  it('a .sha256 beside the file that is not a hash is reported, not ignored', () => {
    const dir = tmpDir();
    const copy = path.join(dir, 'x.sqlite');
    fs.copyFileSync(file, copy);
    fs.writeFileSync(`${copy}${SIDECAR_EXT}`, 'not a hash');
    expect(verifyBackupFile(copy).message).toMatch(/校验文件.*内容不正确/);
  });
});

describe('restore: the safety copy and the audit row', () => {
  it('a restore refused because the data is in use writes no 恢复前备份', async () => {
    const b = await ledger();
    try {
      const f = await call(b, 'backup.now', {});
      const other = new Database(b.ctx.dbFile);
      other.prepare('SELECT count(*) FROM persons').get();
      try {
        for (let i = 0; i < 2; i++) {
          const r = await b.invoke('backup.restore', { name: f.name });
          expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
        }
      } finally { other.close(); }
      expect(fs.readdirSync(backupsDir(b.ctx)).filter((n) => n.includes('恢复前备份'))).toEqual([]);
      // Once the other window is gone it goes ahead, with its safety copy, and leaves no bookkeeping tables behind.
      const ok = await call(b, 'backup.restore', { name: f.name });
      expect(fs.existsSync(path.join(ok.safetyBackup.dir, ok.safetyBackup.name))).toBe(true);
      const tables = (b.ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
      expect(tables).not.toContain(MANIFEST_TABLE);
      expect(tables).not.toContain(PENDING_TABLE);
      const row = b.ctx.db.prepare("SELECT operator, after_json FROM audit_log WHERE action = 'restore'").all() as { operator: string; after_json: string }[];
      expect(row).toHaveLength(1);
      expect(JSON.parse(row[0].after_json)).toMatchObject({ restoredFrom: f.name, persons: 1 });
    } finally { b.close(); }
  });

  it('the audit row survives a crash right after the swap: it is in the swapped-in file and applied at the next open', async () => {
    const dir = tmpDir();
    const b = await ledger(dir);
    const f = await call(b, 'backup.now', {});
    const dbFile = b.ctx.dbFile;
    // What restoreFile does up to the swap, then the process "dies": no reopen, no apply.
    const staged = stageReplacement(path.join(f.dir, f.name), dbFile, {}, {
      at: '2026-12-01 10:00:00', operator: '李主任', restoredFrom: f.name, safetyBackup: 'x-恢复前备份.sqlite', persons: 1, schemaVersion: 1, carried: [],
    });
    b.close();
    swapIn(staged, dbFile);
    const again = openBackend({ dataDir: dir, mode: 'test', operator: '测试员' });
    try {
      const rows = again.ctx.db.prepare("SELECT operator, before_json, after_json FROM audit_log WHERE action = 'restore'").all() as { operator: string; before_json: string; after_json: string }[];
      expect(rows).toHaveLength(1);
      expect(rows[0].operator).toBe('李主任');
      expect(JSON.parse(rows[0].after_json)).toMatchObject({ restoredFrom: f.name, restoredAt: '2026-12-01 10:00:00' });
      expect(again.ctx.db.prepare("SELECT 1 FROM sqlite_master WHERE name = ?").get(PENDING_TABLE)).toBeUndefined();
    } finally { again.close(); }
    // Applied once only.
    const third = openBackend({ dataDir: dir, mode: 'test', operator: '测试员' });
    try { expect(third.ctx.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'restore'").get()).toEqual({ n: 1 }); } finally { third.close(); }
  });
});
