import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackupCheck } from '../../../shared/api/safety';
import { AppError } from '../errors';
import { migrations } from './migrations';
import { makePrivate, type DB } from './open';

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

// ---- content digests -------------------------------------------------------------------------

/** Inside every backup: one row per table with its row count and the SHA-256 of its rows. */
export const MANIFEST_TABLE = 'backup_manifest';
/** Inside a file being restored: the restore's audit row and carried backup log, applied at the next open. */
export const PENDING_TABLE = 'restore_pending';
/** Next to every backup: `<hex>  <name>` (the format sha256sum -c reads) for the file's bytes. */
export const SIDECAR_EXT = '.sha256';

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * SHA-256 of each table's rows, in primary-key order: a byte changed inside any value (a name, an
 * ID, an amount) changes its table's digest, whatever page it sits on. Virtual tables are skipped
 * (their rows live in shadow tables, which are digested), and so are our own bookkeeping tables.
 */
export function tableDigests(db: DB): Map<string, { rows: number; digest: string }> {
  const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all() as { name: string; sql: string | null }[];
  const out = new Map<string, { rows: number; digest: string }>();
  for (const t of tables) {
    if (t.name === MANIFEST_TABLE || t.name === PENDING_TABLE || /^\s*CREATE\s+VIRTUAL/i.test(t.sql ?? '')) continue;
    let order = 'rowid';
    if (/WITHOUT\s+ROWID/i.test(t.sql ?? '')) {
      const pk = (db.prepare(`PRAGMA table_info(${quoteId(t.name)})`).all() as { name: string; pk: number }[]).filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
      order = pk.map((c) => quoteId(c.name)).join(', ') || '1';
    }
    const h = crypto.createHash('sha256');
    let rows = 0;
    for (const row of db.prepare(`SELECT * FROM ${quoteId(t.name)} ORDER BY ${order}`).raw(true).iterate()) {
      h.update(JSON.stringify(row));
      h.update('\n');
      rows++;
    }
    out.set(t.name, { rows, digest: h.digest('hex') });
  }
  return out;
}

/** Writes the manifest into a backup copy (not the live database), replacing one copied along. */
function writeManifest(file: string, o: NativeOpts): void {
  const b = new Database(file, openOpts(o));
  try {
    b.pragma('journal_mode = DELETE');
    b.exec(`DROP TABLE IF EXISTS ${MANIFEST_TABLE}; DROP TABLE IF EXISTS ${PENDING_TABLE};`);
    const digests = tableDigests(b);
    b.exec(`CREATE TABLE ${MANIFEST_TABLE} (table_name TEXT PRIMARY KEY, row_count INTEGER NOT NULL, sha256 TEXT NOT NULL)`);
    const ins = b.prepare(`INSERT INTO ${MANIFEST_TABLE} (table_name, row_count, sha256) VALUES (?, ?, ?)`);
    b.transaction(() => { for (const [name, d] of digests) ins.run(name, d.rows, d.digest); })();
  } finally { b.close(); }
}

/** SHA-256 of a file's bytes, read in 1 MB pieces. */
export function fileSha256(file: string): string {
  const h = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1024 * 1024);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
  } finally { fs.closeSync(fd); }
  return h.digest('hex');
}

function writeSidecar(dest: string, hex: string): void {
  const side = `${dest}${SIDECAR_EXT}`;
  const part = path.join(path.dirname(dest), `.${path.basename(side)}.part`);
  fs.writeFileSync(part, `${hex}  ${path.basename(dest)}\n`, { encoding: 'utf8', mode: 0o600 });
  syncFile(part);
  fs.renameSync(part, side);
}

/** The expected hash from `<file>.sha256`, null when there is none, 'bad' when it cannot be read as one. */
function readSidecar(file: string): string | null | 'bad' {
  const side = `${file}${SIDECAR_EXT}`;
  let text: string;
  try { text = fs.readFileSync(side, 'utf8'); } catch { return null; }
  const m = /^([0-9a-f]{64})\b/i.exec(text.trim());
  return m ? m[1].toLowerCase() : 'bad';
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
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const part = path.join(dir, `.${path.basename(dest)}.part`);
  removeQuietly(part, `${part}-journal`);
  try {
    await db.backup(part);
    writeManifest(part, o);
    makePrivate(part);
    syncFile(part);
    const check = verifyBackupFile(part, o);
    if (!check.ok) throw new AppError('INTERNAL', `备份写好后校验未通过：${check.message}`);
    // The sidecar first: a crash between the two renames leaves a sidecar without its file (harmless), never the reverse.
    writeSidecar(dest, fileSha256(part));
    fs.renameSync(part, dest);
    syncDir(dir);
    return { file: dest, size: fs.statSync(dest).size };
  } catch (e) {
    removeQuietly(part, `${part}-journal`, `${part}-wal`, `${part}-shm`, `${dest}${SIDECAR_EXT}`);
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
  // A file with our table names but other columns: made by something else, or altered by hand.
  if (/no such (column|table)|has no column/i.test(msg)) return `这不是本程序的台账备份文件：数据表的结构与台账不同（${msg.replace(/^.*no such column: /i, '缺少列 ').replace(/^.*no such table: /i, '缺少表 ')}）。请确认选的是本程序“备份与恢复”做的备份文件。`;
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
  const expected = readSidecar(file);
  if (expected === 'bad') return fail(fileName, st.size, `附带的校验文件“${fileName}${SIDECAR_EXT}”内容不正确，无法确认备份是否完好。请换一份备份（或删除这个校验文件后只做结构检查）。`);
  if (expected) {
    let actual: string;
    try { actual = fileSha256(file); } catch (e) { return fail(fileName, st.size, `无法读取文件：${e instanceof Error ? e.message : e}`); }
    if (actual !== expected) {
      return fail(fileName, st.size, `内容校验未通过：文件的 SHA-256 校验码与备份时记录的（${fileName}${SIDECAR_EXT}）不一致，说明文件在备份之后被改动或已损坏。请不要用它恢复，换一份备份。`);
    }
  }

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
      return { ...fail(fileName, st.size, `这份备份是用更新版本的程序做的，本程序读不了。请先把程序升级到最新版，再恢复这份备份。（技术信息：数据库结构第 ${version} 版，本程序支持到第 ${migrations.length} 版）`), schemaVersion: version };
    }
    const content = tables.has(MANIFEST_TABLE) ? manifestProblem(db) : null;
    if (content) return { ...fail(fileName, st.size, content), schemaVersion: version };
    const verified = !!expected || tables.has(MANIFEST_TABLE);
    const one = (sql: string) => (db!.prepare(sql).get() as { n: number | string | null }).n;
    const townshipJson = db.prepare("SELECT value FROM settings WHERE key = 'township'").get() as { value: string } | undefined;
    let township: string | null = null;
    try { township = townshipJson ? String(JSON.parse(townshipJson.value)) : null; } catch { township = null; }
    const persons = Number(one('SELECT count(*) AS n FROM persons WHERE deleted_at IS NULL'));
    const villages = Number(one('SELECT count(*) AS n FROM villages'));
    const lastChangeAt = (one('SELECT max(at) AS n FROM audit_log') as string | null) ?? null;
    return {
      ok: true, fileName, size: st.size, schemaVersion: version, township, persons, villages, lastChangeAt, contentVerified: verified,
      message: `校验通过：${township ? `${township}，` : ''}人员 ${persons} 人，${villages} 个村${lastChangeAt ? `，最后修改于 ${lastChangeAt}` : ''}${version < migrations.length ? '；这是旧版本程序做的备份，恢复后会自动升级' : ''}。这份备份可以用来恢复。`
        + (verified ? '内容校验码一致。' : '注意：这份备份没有内容校验码（由旧版本程序做的，或不是用“备份”功能复制的），只检查了文件结构，无法确认每条数据未被改动。'),
    };
  } catch (e) {
    return fail(fileName, st.size, sqliteMessage(e));
  } finally {
    try { db?.close(); } catch { /* already closed */ }
    if (temp) removeQuietly(temp, `${temp}-wal`, `${temp}-shm`, `${temp}-journal`);
  }
}

/** Compares each table with the manifest the backup was written with; a Chinese reason, or null when all agree. */
function manifestProblem(db: DB): string | null {
  const recorded = db.prepare(`SELECT table_name AS name, row_count AS rows, sha256 AS digest FROM ${MANIFEST_TABLE}`).all() as { name: string; rows: number; digest: string }[];
  const now = tableDigests(db);
  const bad: string[] = [];
  for (const r of recorded) {
    const d = now.get(r.name);
    if (!d) bad.push(`${r.name}（数据表不见了）`);
    else if (d.digest !== r.digest) bad.push(d.rows !== r.rows ? `${r.name}（应有 ${r.rows} 行，实有 ${d.rows} 行）` : r.name);
  }
  const known = new Set(recorded.map((r) => r.name));
  for (const name of now.keys()) if (!known.has(name)) bad.push(`${name}（备份时没有这个数据表）`);
  if (!bad.length) return null;
  return `内容校验未通过：数据表 ${bad.slice(0, 5).join('、')}${bad.length > 5 ? ` 等 ${bad.length} 处` : ''} 的内容与备份时记录的校验码不一致，说明文件在备份之后被改动或已损坏。请不要用它恢复，换一份备份。`;
}

/**
 * Copies `source` next to the database file (same folder, so the final rename stays on one disk
 * and is atomic), synced and in rollback-journal mode, without its backup manifest. `pending` (the
 * restore's own audit record) goes into the copy's PENDING_TABLE, so it lands with the swap itself:
 * a crash right after the rename still leaves it to be applied at the next open. The caller
 * closes the database and then calls swapIn; until then the live file is untouched.
 */
export function stageReplacement(source: string, dbFile: string, o: NativeOpts = {}, pending?: unknown): string {
  const staged = path.join(path.dirname(dbFile), `.${path.basename(dbFile)}.restore-${crypto.randomUUID().slice(0, 8)}`);
  try {
    fs.copyFileSync(source, staged);
    makePrivate(staged);
    const b = new Database(staged, openOpts(o));
    try {
      b.pragma('journal_mode = DELETE');
      b.exec(`DROP TABLE IF EXISTS ${MANIFEST_TABLE}; DROP TABLE IF EXISTS ${PENDING_TABLE};`);
      if (pending !== undefined) {
        b.exec(`CREATE TABLE ${PENDING_TABLE} (payload TEXT NOT NULL)`);
        b.prepare(`INSERT INTO ${PENDING_TABLE} (payload) VALUES (?)`).run(JSON.stringify(pending));
      }
    } finally { b.close(); }
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
