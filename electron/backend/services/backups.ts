import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BackupCheck, BackupFile, BackupKind, BackupSettings, BackupSource } from '../../../shared/api/safety';
import { PENDING_TABLE, SIDECAR_EXT, backupDatabase, stageReplacement, stillInUse, swapIn, verifyBackupFile } from '../db/backup';
import { busyTimeoutOf, openDatabase } from '../db/open';
import { AppError } from '../errors';
import { audit } from './audit';
import type { Ctx } from './context';
import { nowLocal } from './context';
import { getSettings } from './settings';
import { reloadLock } from './lock';
import { readSafety, writeSafety } from './safetySettings';

/**
 * 备份与恢复: 立即备份, the automatic backup of the day with rotation, the list, 校验 and 恢复.
 * Backups live in <数据目录>/backups unless the CLI (or later a folder chooser) names another folder.
 */

export const BACKUP_DIR = 'backups';
export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { autoBackup: true, keepDaily: 7, keepWeekly: 4 };
const LABEL: Record<'manual' | 'auto' | 'before-restore', string> = { manual: '台账备份', auto: '自动备份', 'before-restore': '恢复前备份' };

interface SafetyRuntime { nativeBinding?: string; chain: Promise<unknown>; timer: NodeJS.Timeout | null }
const runtimes = new WeakMap<Ctx, SafetyRuntime>();
function runtime(ctx: Ctx): SafetyRuntime {
  let r = runtimes.get(ctx);
  if (!r) { r = { chain: Promise.resolve(), timer: null }; runtimes.set(ctx, r); }
  return r;
}

/** One backup or restore at a time per database. */
function exclusive<T>(ctx: Ctx, fn: () => Promise<T>): Promise<T> {
  const r = runtime(ctx);
  const next = r.chain.then(fn, fn);
  r.chain = next.catch(() => undefined);
  return next;
}

export const backupsDir = (ctx: Ctx) => path.join(ctx.dataDir, BACKUP_DIR);

const p2 = (n: number) => String(n).padStart(2, '0');
const stampOf = (d: Date) => `${d.getFullYear()}${p2(d.getMonth() + 1)}${p2(d.getDate())}-${p2(d.getHours())}${p2(d.getMinutes())}${p2(d.getSeconds())}`;

/** Township names go into file names: keep what every file system accepts. */
export function safeFilePart(s: string): string {
  return s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '').replace(/\s+/g, '').replace(/^\.+/, '').slice(0, 40);
}

/** e.g. 乐平镇-台账备份-20261128-153000.sqlite */
export function backupFileName(township: string, kind: 'manual' | 'auto' | 'before-restore', d: Date): string {
  const t = safeFilePart(township);
  return `${t ? `${t}-` : ''}${LABEL[kind]}-${stampOf(d)}.sqlite`;
}

const NAME_RE = /(台账备份|自动备份|恢复前备份)-(\d{8})-(\d{6})(?:-\d+)?\.sqlite$/i;
const MIGRATION_RE = /^before-migration-v\d+-(\d{8})-(\d{6})\.sqlite$/i;

/** Kind and time a file name tells (before-migration copies carry UTC stamps). */
export function parseBackupName(name: string): { kind: BackupKind; at: string | null; day: string | null } {
  const m = NAME_RE.exec(name);
  const fmt = (d: string, t: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)} ${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}`;
  if (m) {
    const kind: BackupKind = m[1] === '自动备份' ? 'auto' : m[1] === '恢复前备份' ? 'before-restore' : 'manual';
    return { kind, at: fmt(m[2], m[3]), day: m[2] };
  }
  const g = MIGRATION_RE.exec(name);
  if (g) {
    const utc = new Date(`${fmt(g[1], g[2]).replace(' ', 'T')}Z`);
    return { kind: 'before-migration', at: Number.isNaN(utc.getTime()) ? null : nowLocal(utc), day: null };
  }
  return { kind: 'other', at: null, day: null };
}

function uniquePath(dir: string, name: string): string {
  let file = path.join(dir, name);
  for (let i = 2; fs.existsSync(file); i++) file = path.join(dir, name.replace(/\.sqlite$/, `-${i}.sqlite`));
  return file;
}

// ---- settings -------------------------------------------------------------------------------

export function getBackupSettings(ctx: Ctx): BackupSettings {
  const s = { ...DEFAULT_BACKUP_SETTINGS };
  const auto = readSafety(ctx, 'backup.auto'), daily = readSafety(ctx, 'backup.keepDaily'), weekly = readSafety(ctx, 'backup.keepWeekly');
  if (typeof auto === 'boolean') s.autoBackup = auto;
  if (typeof daily === 'number') s.keepDaily = daily;
  if (typeof weekly === 'number') s.keepWeekly = weekly;
  return s;
}

export function updateBackupSettings(ctx: Ctx, patch: Partial<BackupSettings>): BackupSettings {
  const before = getBackupSettings(ctx);
  const after = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as BackupSettings;
  ctx.db.transaction(() => {
    writeSafety(ctx, 'backup.auto', after.autoBackup);
    writeSafety(ctx, 'backup.keepDaily', after.keepDaily);
    writeSafety(ctx, 'backup.keepWeekly', after.keepWeekly);
    audit(ctx, { action: 'update', table: 'safety_settings', recordId: null, before, after });
  })();
  return after;
}

// ---- backup ---------------------------------------------------------------------------------

function logBackup(ctx: Ctx, kind: BackupKind, file: string, size: number, at: string): void {
  ctx.db.prepare('INSERT INTO backup_log (at, kind, file_name, dir, size, operator) VALUES (?, ?, ?, ?, ?, ?)')
    .run(at, kind, path.basename(file), path.dirname(path.resolve(file)), size, ctx.operator());
}

function fileRow(ctx: Ctx, file: string, kind: BackupKind, at: string): BackupFile {
  const st = fs.statSync(file);
  const dir = path.dirname(path.resolve(file));
  return { name: path.basename(file), location: dir === path.resolve(backupsDir(ctx)) ? 'data' : 'external', dir, size: st.size, at, kind, exists: true };
}

/** Leftovers of a backup or restore cut short (power cut, kill): hidden temporary files, never a backup. */
function removeStale(dir: string, re: RegExp): void {
  let names: string[] = [];
  try { names = fs.readdirSync(dir); } catch { return; }
  for (const n of names) if (re.test(n)) { try { fs.rmSync(path.join(dir, n), { force: true }); } catch { /* next time */ } }
}

async function backupInto(ctx: Ctx, dir: string, kind: 'manual' | 'auto' | 'before-restore', now = ctx.now()): Promise<BackupFile> {
  // Backups run one at a time (exclusive), so a .part file found now was left by a crash.
  removeStale(path.resolve(dir), /^\..*\.sqlite\.part(-journal|-wal|-shm)?$/);
  const target = uniquePath(path.resolve(dir), backupFileName(getSettings(ctx).township, kind, now));
  const { file, size } = await backupDatabase(ctx.db, target, { nativeBinding: runtime(ctx).nativeBinding });
  const at = nowLocal(now);
  logBackup(ctx, kind, file, size, at);
  return { ...fileRow(ctx, file, kind, at), size };
}

/** 立即备份: into `dir` (the CLI's folder or a USB drive), or the data folder's backups. */
export function backupNow(ctx: Ctx, dir?: string): Promise<BackupFile> {
  return exclusive(ctx, () => backupInto(ctx, dir ?? backupsDir(ctx), 'manual'));
}

export function lastBackupAt(ctx: Ctx): string | null {
  try {
    return (ctx.db.prepare('SELECT max(at) AS at FROM backup_log').get() as { at: string | null }).at;
  } catch {
    return null; // a database from before the safety module (opened read-only somewhere)
  }
}

// ---- rotation -------------------------------------------------------------------------------

/** Monday of the week of a YYYYMMDD day, as YYYYMMDD. */
export function weekOf(day: string): string {
  const d = new Date(Date.UTC(+day.slice(0, 4), +day.slice(4, 6) - 1, +day.slice(6, 8)));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return `${d.getUTCFullYear()}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}`;
}

/**
 * Which automatic backups to keep: the newest of each of the last `keepDaily` days that have one,
 * then, of the older ones, the newest of each of the last `keepWeekly` weeks. Pure.
 */
export function planRotation(files: { name: string; at: string }[], keepDaily: number, keepWeekly: number): { keep: string[]; remove: string[] } {
  const sorted = [...files].sort((a, b) => b.at.localeCompare(a.at) || b.name.localeCompare(a.name));
  const keep = new Set<string>();
  const days = new Set<string>();
  const rest: typeof sorted = [];
  for (const f of sorted) {
    const day = f.at.slice(0, 10).replace(/-/g, '');
    if (days.has(day)) continue; // an older backup of a day already kept
    if (days.size < keepDaily) { days.add(day); keep.add(f.name); continue; }
    rest.push(f);
  }
  const weeks = new Set<string>();
  for (const f of rest) {
    const w = weekOf(f.at.slice(0, 10).replace(/-/g, ''));
    if (weeks.has(w) || weeks.size >= keepWeekly) continue;
    weeks.add(w);
    keep.add(f.name);
  }
  return { keep: sorted.filter((f) => keep.has(f.name)).map((f) => f.name), remove: sorted.filter((f) => !keep.has(f.name)).map((f) => f.name) };
}

/** Deletes the automatic backups the plan drops; other files in the folder are never touched. */
export function rotateBackups(ctx: Ctx): string[] {
  const dir = backupsDir(ctx);
  if (!fs.existsSync(dir)) return [];
  const autos = fs.readdirSync(dir).map((name) => ({ name, ...parseBackupName(name) }))
    .filter((f): f is { name: string; kind: 'auto'; at: string; day: string } => f.kind === 'auto' && !!f.at);
  const s = getBackupSettings(ctx);
  const { remove } = planRotation(autos, s.keepDaily, s.keepWeekly);
  for (const name of remove) {
    for (const f of [name, `${name}${SIDECAR_EXT}`]) { try { fs.rmSync(path.join(dir, f), { force: true }); } catch { /* next time */ } }
  }
  return remove;
}

/**
 * The automatic backup of the day: on the first start of a day (and hourly while the program stays
 * open) when there is none for today yet. A new, never-changed database is not backed up.
 */
export function runDailyBackup(ctx: Ctx, now = ctx.now()): Promise<BackupFile | null> {
  return exclusive(ctx, async () => {
    if (!getBackupSettings(ctx).autoBackup) return null;
    if (!ctx.db.prepare('SELECT 1 FROM audit_log LIMIT 1').get()) return null;
    const today = stampOf(now).slice(0, 8);
    const dir = backupsDir(ctx);
    const done = fs.existsSync(dir) && fs.readdirSync(dir).some((n) => { const p = parseBackupName(n); return p.kind === 'auto' && p.day === today; });
    if (done) return null;
    const f = await backupInto(ctx, dir, 'auto', now);
    rotateBackups(ctx);
    return f;
  });
}

/**
 * Wires the safety module to a backend: remembers the native binding (for second connections and
 * the reopen after a restore) and, for the long-running front doors, starts the daily backup.
 * Returns the stop function for Backend.close.
 */
export function startSafety(ctx: Ctx, opts: { nativeBinding?: string; autoBackup: boolean; log?: (line: string) => void }): () => void {
  const r = runtime(ctx);
  r.nativeBinding = opts.nativeBinding;
  removeStale(ctx.dataDir, /^\.ledger\.sqlite\.restore-/);
  const log = opts.log ?? ((line: string) => console.error(line));
  try { applyPendingRestore(ctx); } catch (e) { log(`补记上次恢复的操作日志失败：${e instanceof Error ? e.message : e}`); }
  if (!opts.autoBackup) return () => {};
  // Quitting during the first backup of the day closes the database under it: not a failure to
  // report (its .part file is removed by the next backup), and tomorrow's first start tries again.
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    runDailyBackup(ctx).catch((e) => { if (!stopped) log(`自动备份失败：${e instanceof Error ? e.message : e}`); });
  };
  setImmediate(tick);
  r.timer = setInterval(tick, 60 * 60 * 1000);
  r.timer.unref();
  return () => { stopped = true; if (r.timer) clearInterval(r.timer); r.timer = null; };
}

// ---- list -----------------------------------------------------------------------------------

export function listBackups(ctx: Ctx): BackupFile[] {
  const dir = backupsDir(ctx);
  const out: BackupFile[] = [];
  const seen = new Set<string>();
  if (fs.existsSync(dir)) {
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith('.') || !/\.sqlite$/i.test(name)) continue;
      const file = path.join(dir, name);
      let st: fs.Stats;
      try { st = fs.statSync(file); } catch { continue; }
      if (!st.isFile()) continue;
      const p = parseBackupName(name);
      out.push({ name, location: 'data', dir, size: st.size, at: p.at ?? nowLocal(st.mtime), kind: p.kind, exists: true });
      seen.add(path.resolve(file));
    }
  }
  // Copies made to other folders (CLI, USB): known from the log; the drive may not be plugged in.
  const logged = ctx.db.prepare('SELECT at, kind, file_name, dir, size FROM backup_log ORDER BY at DESC LIMIT 200').all() as { at: string; kind: BackupKind; file_name: string; dir: string; size: number }[];
  for (const l of logged) {
    const file = path.resolve(l.dir, l.file_name);
    if (seen.has(file) || path.resolve(l.dir) === path.resolve(dir)) continue;
    seen.add(file);
    out.push({ name: l.file_name, location: 'external', dir: l.dir, size: l.size, at: l.at, kind: l.kind, exists: fs.existsSync(file) });
  }
  return out.sort((a, b) => b.at.localeCompare(a.at) || b.name.localeCompare(a.name));
}

/** A name from the page: a plain file name inside <数据目录>/backups, never a path. */
export function backupPath(ctx: Ctx, name: string): string {
  if (name !== path.basename(name) || name.includes('/') || name.includes('\\') || name.startsWith('.') || !/\.sqlite$/i.test(name)) {
    throw new AppError('VALIDATION', `备份文件名不正确：${name}`);
  }
  const file = path.join(backupsDir(ctx), name);
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `备份文件不存在或已被删除：${name}`);
  return file;
}

export function downloadBackup(ctx: Ctx, name: string): { fileName: string; base64: string } {
  return { fileName: name, base64: fs.readFileSync(backupPath(ctx, name)).toString('base64') };
}

/** Resolves a page's source to a file; uploads are written to a temporary name that `done` removes. */
function sourceFile(ctx: Ctx, src: BackupSource): { file: string; label: string; done: () => void } {
  if ('name' in src) return { file: backupPath(ctx, src.name), label: src.name, done: () => {} };
  const dir = backupsDir(ctx);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `.upload-${crypto.randomUUID()}.sqlite`);
  fs.writeFileSync(file, Buffer.from(src.base64, 'base64'), { mode: 0o600 });
  return { file, label: path.basename(src.fileName), done: () => { try { fs.rmSync(file, { force: true }); } catch { /* temp */ } } };
}

export function verifySource(ctx: Ctx, src: BackupSource): BackupCheck {
  const s = sourceFile(ctx, src);
  try {
    return { ...verifyBackupFile(s.file, { nativeBinding: runtime(ctx).nativeBinding }), fileName: s.label };
  } finally { s.done(); }
}

export function verifyFile(ctx: Ctx, file: string): BackupCheck {
  return verifyBackupFile(path.resolve(file), { nativeBinding: runtime(ctx).nativeBinding });
}

// ---- restore --------------------------------------------------------------------------------

type LogRow = { at: string; kind: string; file_name: string; dir: string; size: number; operator: string };

/** What a restore records about itself; it travels inside the restored file (PENDING_TABLE). */
interface PendingRestore {
  at: string; operator: string; restoredFrom: string; safetyBackup: string;
  persons: number | null; schemaVersion: number | null; carried: LogRow[];
}

/**
 * Completes a restore whose file was swapped in: the backup log carried over from the replaced
 * database and the restore's audit row, then the pending table dropped, all in one transaction.
 * Runs right after the swap and at every open, so a crash in between loses neither.
 */
export function applyPendingRestore(ctx: Ctx): boolean {
  if (!ctx.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(PENDING_TABLE)) return false;
  const has = ctx.db.prepare('SELECT 1 FROM backup_log WHERE at = ? AND file_name = ? AND dir = ?');
  const ins = ctx.db.prepare('INSERT INTO backup_log (at, kind, file_name, dir, size, operator) VALUES (?, ?, ?, ?, ?, ?)');
  ctx.db.transaction(() => {
    for (const { payload } of ctx.db.prepare(`SELECT payload FROM ${PENDING_TABLE}`).all() as { payload: string }[]) {
      let p: PendingRestore;
      try { p = JSON.parse(payload) as PendingRestore; } catch { continue; }
      for (const l of p.carried ?? []) if (!has.get(l.at, l.file_name, l.dir)) ins.run(l.at, l.kind, l.file_name, l.dir, l.size, l.operator);
      audit({ ...ctx, operator: () => p.operator }, {
        action: 'restore', table: 'database', recordId: null,
        before: { safetyBackup: p.safetyBackup }, after: { restoredFrom: p.restoredFrom, persons: p.persons, schemaVersion: p.schemaVersion, restoredAt: p.at },
      });
    }
    ctx.db.exec(`DROP TABLE ${PENDING_TABLE}`);
  })();
  return true;
}

const IN_USE = '数据文件正被其他程序使用（例如另一个台账窗口或命令行），请先关闭它们再恢复。当前数据没有改变。';

/**
 * 恢复: checks the file (structure and content digests), makes sure no other window or command
 * has the database open, and only then backs up the current data (恢复前备份), closes it, renames
 * a staged copy over the file and reopens (migrating an older backup). If the restored file cannot
 * be opened the previous data is put back. The backup log and the restore's audit row travel in
 * the staged copy, so they survive a crash right after the swap.
 */
export function restoreFile(ctx: Ctx, file: string, label = path.basename(file)): Promise<{ restoredFrom: string; safetyBackup: BackupFile; check: BackupCheck }> {
  return exclusive(ctx, async () => {
    const nb = runtime(ctx).nativeBinding;
    const wait = busyTimeoutOf(ctx.db);
    const reopen = () => { ctx.db = openDatabase({ dataDir: ctx.dataDir, nativeBinding: nb, busyTimeoutMs: wait }); };
    const check = { ...verifyBackupFile(file, { nativeBinding: nb }), fileName: label };
    if (!check.ok) throw new AppError('BAD_FILE', `不能恢复“${label}”：${check.message}`, check);
    // In use elsewhere? Find out before writing anything: a refused restore leaves no 恢复前备份 behind.
    ctx.db.close();
    const busy = stillInUse(ctx.dbFile);
    reopen();
    if (busy) throw new AppError('CONFLICT', IN_USE);
    const safety = await backupInto(ctx, backupsDir(ctx), 'before-restore');
    const safetyFile = path.join(safety.dir, safety.name);
    const dropSafety = () => {
      for (const f of [safetyFile, `${safetyFile}${SIDECAR_EXT}`]) { try { fs.rmSync(f, { force: true }); } catch { /* best effort */ } }
      try { ctx.db.prepare('DELETE FROM backup_log WHERE file_name = ? AND dir = ?').run(safety.name, safety.dir); } catch { /* best effort */ }
    };
    let staged: string;
    try {
      const carried = ctx.db.prepare('SELECT at, kind, file_name, dir, size, operator FROM backup_log').all() as LogRow[];
      const pending: PendingRestore = {
        at: nowLocal(ctx.now()), operator: ctx.operator(), restoredFrom: label, safetyBackup: safety.name,
        persons: check.persons, schemaVersion: check.schemaVersion, carried,
      };
      staged = stageReplacement(file, ctx.dbFile, { nativeBinding: nb }, pending);
    } catch (e) { dropSafety(); throw e; }
    // From here to the reopen nothing awaits: no other call can reach the closed database.
    ctx.db.close();
    if (stillInUse(ctx.dbFile)) {
      // Opened elsewhere while the safety copy was being written: not going ahead after all.
      fs.rmSync(staged, { force: true });
      reopen();
      dropSafety();
      throw new AppError('CONFLICT', IN_USE);
    }
    try {
      swapIn(staged, ctx.dbFile);
      reopen();
      applyPendingRestore(ctx);
    } catch (e) {
      try { ctx.db.close(); } catch { /* not open */ }
      fs.rmSync(staged, { force: true });
      swapIn(stageReplacement(safetyFile, ctx.dbFile, { nativeBinding: nb }), ctx.dbFile);
      reopen();
      throw new AppError('INTERNAL', `恢复失败，已放回恢复前的数据：${e instanceof Error ? e.message : e}`);
    }
    reloadLock(ctx);
    return { restoredFrom: label, safetyBackup: safety, check };
  });
}

export async function restoreSource(ctx: Ctx, src: BackupSource) {
  const s = sourceFile(ctx, src);
  try { return await restoreFile(ctx, s.file, s.label); } finally { s.done(); }
}
