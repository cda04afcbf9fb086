import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackupCheck } from '../../../shared/api/safety';
import { AppError } from '../errors';
import { migrations } from './migrations';
import type { DB } from './open';

/** The tables of migration 1: a file without them is not a ledger, whatever its name says. */
export const LEDGER_TABLES = ['settings', 'import_batches', 'villages', 'households', 'persons', 'saved_mappings', 'audit_log'];
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface NativeOpts { nativeBinding?: string }

function openOpts(o: NativeOpts, extra: Database.Options = {}): Database.Options {
  return o.nativeBinding ? { ...extra, nativeBinding: o.nativeBinding } : extra;
}

const mb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** fsync a file, and its folder where the OS allows it (Windows does not open folders). */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}
export function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  } catch { /* not supported here (Windows): the rename is still atomic */ }
}

function removeQuietly(...files: string[]): void {
  for (const f of files) { try { fs.rmSync(f, { force: true }); } catch { /* best effort */ } }
}

/**
 * SQLite's online backup of the open database into `dest`: written under a hidden temporary name,
 * turned into a self-contained file (rollback journal, so opening it never needs -wal/-shm files
 * next to it, e.g. on a USB drive), synced, checked, and only then renamed to its real name. A
 * power cut or a pulled drive leaves at most a *.part file, never a half file with a good name.
 */
export async function backupDatabase(db: DB, dest: string, o: NativeOpts = {}): Promise<{ file: string; size: number }> {
  const dir = path.dirname(dest);
  fs.mkdirSync(dir, { recursive: true });
  const part = path.join(dir, `.${path.basename(dest)}.part`);
  removeQuietly(part, `${part}-journal`);
  try {
    await db.backup(part);
    const b = new Database(part, openOpts(o));
    try { b.pragma('journal_mode = DELETE'); } finally { b.close(); }
    syncFile(part);
    const check = verifyBackupFile(part, o);
    if (!check.ok) throw new AppError('INTERNAL', `备份写好后校验未通过：${check.message}`);
    fs.renameSync(part, dest);
    syncDir(dir);
    return { file: dest, size: fs.statSync(dest).size };
  } catch (e) {
    removeQuietly(part, `${part}-journal`, `${part}-wal`, `${part}-shm`);
    if (e instanceof AppError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    if (/ENOSPC|disk is full|SQLITE_FULL/i.test(msg)) throw new AppError('INTERNAL', `备份失败：目标磁盘空间不足（${dir}）。请清理空间或换一个U盘后重试。`);
    if (/EACCES|EPERM|EROFS|readonly|read-only/i.test(msg)) throw new AppError('INTERNAL', `备份失败：没有权限写入“${dir}”（可能是只读或写保护的U盘）。`);
    throw new AppError('INTERNAL', `备份失败：${msg}`);
  }
}

const fail = (fileName: string, size: number, message: string): BackupCheck => ({
  ok: false, message, fileName, size, schemaVersion: null, township: null, persons: null, villages: null, lastChangeAt: null,
});

/** Reads what the header promises: page size and page count; a file shorter than that was cut off. */
function headerProblem(head: Buffer, size: number): string | null {
  if (head.length < 100 || !head.subarray(0, 16).equals(SQLITE_MAGIC)) {
    return '这不是台账备份文件：文件内容不是 SQLite 数据库（可能选错了文件，或文件已损坏）。';
  }
  const raw = head.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return '文件已损坏：数据库文件头不正确。';
  const changeCounter = head.readUInt32BE(24), pageCount = head.readUInt32BE(28), validFor = head.readUInt32BE(92);
  const expected = pageCount * pageSize;
  if (validFor === changeCounter && pageCount > 0 && size < expected) {
    return `文件不完整：应有 ${mb(expected)}（${expected} 字节），实际只有 ${mb(size)}（${size} 字节）。可能是复制或写入时中断了（如拔出U盘、断电），请换一份备份。`;
  }
  if (size % pageSize !== 0) return `文件不完整：大小（${size} 字节）不是整页，可能是复制或写入时中断了，请换一份备份。`;
  return null;
}

function sqliteMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/not a database|file is encrypted/i.test(msg)) return '这不是台账备份文件，或文件已损坏（无法作为数据库打开）。';
  if (/malformed|corrupt/i.test(msg)) return `文件已损坏（数据库结构损坏：${msg}）。请换一份备份。`;
  return `无法打开该文件：${msg}`;
}

/**
 * Checks a backup without changing it: the header and length, PRAGMA integrity_check, a schema
 * version this program knows (not newer), and the ledger's own tables. Files still in WAL mode
 * (e.g. a raw copy of a live database) are checked on a temporary copy, so nothing is written
 * next to the original.
 */
export function verifyBackupFile(file: string, o: NativeOpts = {}): BackupCheck {
  const fileName = path.basename(file);
  let st: fs.Stats;
  try { st = fs.statSync(file); } catch { return fail(fileName, 0, `找不到文件：${file}`); }
  if (st.isDirectory()) return fail(fileName, 0, `“${file}”是一个文件夹，不是备份文件。`);
  if (st.size === 0) return fail(fileName, 0, '文件是空的（0 字节），可能复制时中断了。请换一份备份。');
  const head = Buffer.alloc(100);
  let headLen = 0;
  try {
    const fd = fs.openSync(file, 'r');
    try { headLen = fs.readSync(fd, head, 0, 100, 0); } finally { fs.closeSync(fd); }
  } catch (e) {
    return fail(fileName, st.size, `无法读取文件：${e instanceof Error ? e.message : e}`);
  }
  const problem = headerProblem(head.subarray(0, headLen), st.size);
  if (problem) return fail(fileName, st.size, problem);

  const wal = head[18] === 2 || head[19] === 2;
  let target = file, temp: string | null = null;
  if (wal) {
    temp = path.join(os.tmpdir(), `ledger-verify-${crypto.randomUUID()}.sqlite`);
    fs.copyFileSync(file, temp);
    target = temp;
  }
  let db: DB | null = null;
  try {
    db = new Database(target, openOpts(o, { readonly: !wal, fileMustExist: true }));
    if (wal) db.pragma('journal_mode = DELETE');
    const problems = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((m) => m !== 'ok');
    if (problems.length) return fail(fileName, st.size, `文件已损坏：完整性检查发现 ${problems.length} 处问题（${problems.slice(0, 3).join('；').slice(0, 300)}）。请换一份备份。`);
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = LEDGER_TABLES.filter((t) => !tables.has(t));
    if (version < 1 || missing.length) {
      return fail(fileName, st.size, `这不是本程序的台账备份文件（${version < 1 ? '没有台账数据库的结构版本' : `缺少 ${missing.join('、')} 等数据表`}）。`);
    }
    if (version > migrations.length) {
      return { ...fail(fileName, st.size, `这份备份来自更新版本的程序（数据库结构第 ${version} 版，本程序只认识到第 ${migrations.length} 版）。请先升级程序再恢复。`), schemaVersion: version };
    }
    const one = (sql: string) => (db!.prepare(sql).get() as { n: number | string | null }).n;
    const townshipJson = db.prepare("SELECT value FROM settings WHERE key = 'township'").get() as { value: string } | undefined;
    let township: string | null = null;
    try { township = townshipJson ? String(JSON.parse(townshipJson.value)) : null; } catch { township = null; }
    const persons = Number(one('SELECT count(*) AS n FROM persons WHERE deleted_at IS NULL'));
    const villages = Number(one('SELECT count(*) AS n FROM villages'));
    const lastChangeAt = (one('SELECT max(at) AS n FROM audit_log') as string | null) ?? null;
    return {
      ok: true, fileName, size: st.size, schemaVersion: version, township, persons, villages, lastChangeAt,
      message: `校验通过：${township ? `${township}，` : ''}人员 ${persons} 人，${villages} 个村，数据库结构第 ${version} 版${lastChangeAt ? `，最后修改于 ${lastChangeAt}` : ''}。`,
    };
  } catch (e) {
    return fail(fileName, st.size, sqliteMessage(e));
  } finally {
    try { db?.close(); } catch { /* already closed */ }
    if (temp) removeQuietly(temp, `${temp}-wal`, `${temp}-shm`, `${temp}-journal`);
  }
}

/**
 * Copies `source` next to the database file (same folder, so the final rename stays on one disk
 * and is atomic), synced and in rollback-journal mode. The caller closes the database and then
 * calls swapIn; until then the live file is untouched.
 */
export function stageReplacement(source: string, dbFile: string, o: NativeOpts = {}): string {
  const staged = path.join(path.dirname(dbFile), `.${path.basename(dbFile)}.restore-${crypto.randomUUID().slice(0, 8)}`);
  try {
    fs.copyFileSync(source, staged);
    const head = Buffer.alloc(20);
    const fd = fs.openSync(staged, 'r');
    try { fs.readSync(fd, head, 0, 20, 0); } finally { fs.closeSync(fd); }
    if (head[18] === 2 || head[19] === 2) {
      const b = new Database(staged, openOpts(o));
      try { b.pragma('journal_mode = DELETE'); } finally { b.close(); }
    }
    syncFile(staged);
    return staged;
  } catch (e) {
    removeQuietly(staged, `${staged}-wal`, `${staged}-shm`);
    throw new AppError('INTERNAL', `无法把备份复制到数据目录：${e instanceof Error ? e.message : e}`);
  }
}

/** With the database closed: renames the staged copy over the database file. */
export function swapIn(staged: string, dbFile: string): void {
  removeQuietly(`${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`);
  fs.renameSync(staged, dbFile);
  syncDir(path.dirname(dbFile));
}

/** True when another process still has the database open: after our close, SQLite leaves its -wal behind. */
export function stillInUse(dbFile: string): boolean {
  return fs.existsSync(`${dbFile}-wal`);
}
