import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations';
import { attachSearchIndex, registerSearchFunctions } from '../services/personSearch';
import { AppError } from '../errors';

export type DB = Database.Database;
export const DB_FILE = 'ledger.sqlite';
/** The person search index beside the ledger (migration 013): derived data, rebuilt when missing or damaged, not backed up. */
export const SEARCH_FILE = 'search-index.sqlite';

export interface OpenOptions {
  dataDir: string;
  /** Electron passes the native binding it rebuilt for its own ABI. */
  nativeBinding?: string;
  /** How long a write waits for another window or command to finish, in ms (default: the setting, else 30 s). */
  busyTimeoutMs?: number;
  /** Called once when a write has to wait (the CLI prints a line, so a waiting command does not look hung). */
  onBusyWait?: (timeoutMs: number) => void;
}

/** Default wait for the ledger while another writer holds it; the safety setting db.waitSeconds or LEDGER_WAIT_SECONDS overrides. */
export const DEFAULT_BUSY_TIMEOUT_MS = 30_000;
export const WAIT_SETTING = 'db.waitSeconds';

export const isBusyError = (e: unknown): boolean =>
  !!e && typeof e === 'object' && (/^SQLITE_BUSY/.test(String((e as { code?: unknown }).code ?? '')) || /database is locked/i.test(String((e as { message?: unknown }).message ?? '')));

export function busyMessage(timeoutMs: number): string {
  return `台账正被另一个台账窗口或命令行（例如正在进行的导入、备份）占用，已等待 ${Math.round(timeoutMs / 1000)} 秒仍未结束，这次操作没有执行。`
    + '请等那边完成后再试一次；如果确认没有别的台账窗口或命令在运行，请关闭所有台账窗口后重新打开。';
}

function configuredTimeout(db: DB, opts: OpenOptions, env = process.env): number {
  if (opts.busyTimeoutMs !== undefined) return opts.busyTimeoutMs;
  const fromEnv = Number(env.LEDGER_WAIT_SECONDS);
  if (env.LEDGER_WAIT_SECONDS && Number.isFinite(fromEnv) && fromEnv >= 0) return fromEnv * 1000;
  try {
    const r = db.prepare('SELECT value FROM safety_settings WHERE key = ?').get(WAIT_SETTING) as { value: string } | undefined;
    const s = r ? Number(JSON.parse(r.value)) : NaN;
    if (Number.isFinite(s) && s >= 0 && s <= 600) return s * 1000;
  } catch { /* no safety_settings yet */ }
  return DEFAULT_BUSY_TIMEOUT_MS;
}

/**
 * Writers wait for each other instead of failing with "database is locked":
 * - every transaction begins IMMEDIATE (takes the write lock at BEGIN). A deferred transaction that
 *   read first and then writes cannot wait in WAL mode: SQLite answers SQLITE_BUSY at once, which
 *   is how UI edits failed while the CLI imported. At BEGIN the busy handler does wait, and since
 *   nothing has run yet, the wait is safe.
 * - busy_timeout on the connection covers single statements outside a transaction.
 * - past the limit, a Chinese message saying who holds the ledger and what to do.
 */
const timeouts = new WeakMap<DB, number>();
/** The wait this connection was opened with (for messages). */
export const busyTimeoutOf = (db: DB): number => timeouts.get(db) ?? DEFAULT_BUSY_TIMEOUT_MS;

function waitForWriters(db: DB, timeoutMs: number, onWait?: (ms: number) => void): void {
  timeouts.set(db, timeoutMs);
  db.pragma(`busy_timeout = ${Math.round(timeoutMs)}`);
  const original = db.transaction.bind(db);
  const patched = ((fn: (...a: unknown[]) => unknown) => {
    const t = original(fn);
    const run = (...args: unknown[]) => {
      if (db.inTransaction) return t.immediate(...args); // nested: a savepoint, no lock to wait for
      if (!onWait) {
        try { return t.immediate(...args); } catch (e) { if (isBusyError(e)) throw new AppError('BUSY', busyMessage(timeoutMs)); throw e; }
      }
      // With a progress line to show: try without waiting first, say so, then wait.
      db.pragma('busy_timeout = 0');
      try { return t.immediate(...args); } catch (e) {
        if (!isBusyError(e) || db.inTransaction) throw e;
      } finally { db.pragma(`busy_timeout = ${Math.round(timeoutMs)}`); }
      onWait(timeoutMs);
      try { return t.immediate(...args); } catch (e) { if (isBusyError(e)) throw new AppError('BUSY', busyMessage(timeoutMs)); throw e; }
    };
    return Object.assign(run, { default: run, deferred: t.deferred, immediate: t.immediate, exclusive: t.exclusive, database: db });
  }) as unknown as DB['transaction'];
  db.transaction = patched;
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

const nativeBindings = new WeakMap<DB, string>();
/** The native binding the connection was opened with (Electron's own build), for a thread that opens the files too. */
export const nativeBindingOf = (db: DB): string | undefined => nativeBindings.get(db);

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
  if (opts.nativeBinding) nativeBindings.set(db, opts.nativeBinding);
  try {
    // Waits for another writer while setting WAL (a large import holds the file in rollback-journal
    // mode until it commits: db/journal.ts) and while migrating (second window opened during an import).
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    makePrivate(`${file}-wal`); makePrivate(`${file}-shm`);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    registerSearchFunctions(db);
    migrate(db, existed ? file : null);
    attachSearchFile(db, path.join(opts.dataDir, SEARCH_FILE));
    waitForWriters(db, configuredTimeout(db, opts), opts.onBusyWait);
  } catch (e) {
    // A handle left open would keep the file locked, and a restore could not put the old data back.
    db.close();
    throw e;
  }
  return db;
}

/** SQLite's answer for a file that is not a database or is damaged. */
const isDamaged = (e: unknown): boolean => /^SQLITE_(CORRUPT|NOTADB)/.test(String((e as { code?: unknown })?.code ?? ''));

/**
 * Attaches the search index file, private like the ledger (at opening, and again after a large import's
 * index thread is done with it). A damaged one (a power cut on a disk that lies about flushing) is only
 * derived data: it is replaced by an empty file, which the next search fills.
 */
export function attachSearchFile(db: DB, file: string): void {
  const attach = () => {
    if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
    makePrivate(file);
    attachSearchIndex(db, file);
    makePrivate(`${file}-wal`); makePrivate(`${file}-shm`);
  };
  try {
    attach();
  } catch (e) {
    if (!isDamaged(e)) throw e;
    try { db.exec('DETACH DATABASE search'); } catch { /* it did not attach */ }
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    attach();
  }
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
