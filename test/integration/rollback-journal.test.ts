import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILE, openDatabase } from '../../electron/backend/db/open';
import { withRollbackJournal } from '../../electron/backend/db/journal';
import { runCliInProcess } from '../support/cli';
import { childArgs } from '../support/childBundle';
import { personsWorkbook, tmpDir } from './helpers';

// A large import writes through the rollback journal (each appended page once) when the ledger has
// no other connection, and goes back to WAL afterwards; with another connection open it stays in WAL.

const mode = (db: Database.Database) => db.pragma('journal_mode', { simple: true });

describe('withRollbackJournal', () => {
  it('writes through the rollback journal, then the ledger is in WAL again with its sync setting', () => {
    const db = openDatabase({ dataDir: tmpDir() });
    try {
      const inside = withRollbackJournal(db, () => db.transaction(() => {
        db.prepare("INSERT INTO settings (key, value) VALUES ('k', '1')").run();
        return { mode: mode(db), sync: db.pragma('synchronous', { simple: true }) };
      })());
      expect(inside).toEqual({ mode: 'delete', sync: 2 }); // FULL while the rollback journal is on
      expect(mode(db)).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL, as opened
      expect(db.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toEqual({ value: '1' });
    } finally { db.close(); }
  });

  it('rolls a failed write back and still returns to WAL', () => {
    const db = openDatabase({ dataDir: tmpDir() });
    try {
      expect(() => withRollbackJournal(db, () => db.transaction(() => {
        db.prepare("INSERT INTO settings (key, value) VALUES ('k', '1')").run();
        throw new Error('stop');
      })())).toThrow('stop');
      expect(mode(db)).toBe('wal');
      expect(db.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toBeUndefined();
    } finally { db.close(); }
  });

  it('stays in WAL, without waiting, while another connection has the ledger open', () => {
    const dataDir = tmpDir();
    const db = openDatabase({ dataDir, busyTimeoutMs: 60_000 }); // a wait for the other connection would outlast the test's limit
    const other = new Database(path.join(dataDir, DB_FILE));
    try {
      other.prepare('SELECT count(*) FROM persons').get();
      const inside = withRollbackJournal(db, () => mode(db));
      expect(inside).toBe('wal');
      expect(mode(db)).toBe('wal');
      expect(db.pragma('busy_timeout', { simple: true })).toBe(60_000);
    } finally { other.close(); db.close(); }
  }, 20_000);
});

describe('a crash in the middle of a large import (rollback journal)', () => {
  it('leaves the database as it was, in WAL again', async () => {
    const dataDir = tmpDir();
    const file = path.join(tmpDir(), '人员1万.xlsx');
    fs.writeFileSync(file, await personsWorkbook(10_000, 3));
    const child = path.resolve(__dirname, 'kill-during-commit.ts');
    const r = spawnSync(process.execPath, await childArgs(child, [dataDir, file]), { encoding: 'utf8' });
    expect(r.signal).toBe('SIGKILL');
    expect(r.stdout).toContain('inside commit: 10000 rows written, journal delete');
    expect(fs.existsSync(path.join(dataDir, `${DB_FILE}-journal`))).toBe(true); // the hot journal the next opening rolls back
    const check = await runCliInProcess(['stats', '--data', dataDir, '--json']);
    expect(JSON.parse(check.stdout)).toMatchObject({ persons: 0, households: 0, villages: 0 });
    const db = new Database(path.join(dataDir, DB_FILE), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(mode(db)).toBe('wal');
    } finally { db.close(); }
  }, 120_000);
});
