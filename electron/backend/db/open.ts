import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations';
import { registerSearchFunctions } from '../services/personSearch';

export type DB = Database.Database;
export const DB_FILE = 'ledger.sqlite';

export interface OpenOptions {
  dataDir: string;
  /** Electron passes the native binding it rebuilt for its own ABI. */
  nativeBinding?: string;
}

/**
 * Files holding people's ID numbers are the user's alone: 0600 files, 0700 folders (Linux, macOS;
 * a Windows profile folder already is private, and chmod there means nothing).
 */
export function makePrivate(file: string, mode = 0o600): void {
  if (process.platform === 'win32') return;
  try { fs.chmodSync(file, mode); } catch { /* gone, not ours, or a file system without modes (FAT USB drive) */ }
}

function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

/**
 * Opens (and creates) the ledger database: WAL so a power cut loses at most the last
 * transaction, foreign keys on, and pending migrations applied after a file copy of the old DB.
 */
export function openDatabase(opts: OpenOptions): DB {
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  makePrivate(opts.dataDir, 0o700);
  const file = path.join(opts.dataDir, DB_FILE);
  const existed = fs.existsSync(file);
  // Created private before SQLite opens it: its -wal and -shm files take the database file's mode.
  if (!existed) fs.closeSync(fs.openSync(file, 'a', 0o600));
  makePrivate(file);
  const db = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    makePrivate(`${file}-wal`); makePrivate(`${file}-shm`);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    registerSearchFunctions(db);
    migrate(db, existed ? file : null);
  } catch (e) {
    // A handle left open would keep the file locked, and a restore could not put the old data back.
    db.close();
    throw e;
  }
  return db;
}

export function schemaVersion(db: DB): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: DB, fileForBackup: string | null, list: string[] = migrations): void {
  const from = schemaVersion(db);
  if (from > list.length) {
    throw new Error(`数据文件的版本（${from}）比本程序（${list.length}）新，请升级程序后再打开。`);
  }
  if (from === list.length) return;
  if (fileForBackup && from > 0) {
    const dir = path.join(path.dirname(fileForBackup), 'backups');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    db.pragma('wal_checkpoint(TRUNCATE)');
    const copy = path.join(dir, `before-migration-v${from}-${stamp()}.sqlite`);
    fs.copyFileSync(fileForBackup, copy);
    makePrivate(copy);
  }
  for (let v = from; v < list.length; v++) {
    db.transaction(() => {
      db.exec(list[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
