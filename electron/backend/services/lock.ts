import crypto from 'node:crypto';
import type { LockStatus } from '../../../shared/api/safety';
import { AppError } from '../errors';
import { audit } from './audit';
import type { Ctx } from './context';
import { readSafety, writeSafety } from './safetySettings';

/**
 * 程序锁 (optional, off by default): a password stored only as a scrypt hash, asked at start and
 * after the clerk has been away for N minutes. The backend keeps the locked state and refuses
 * every channel except these while locked, so a locked screen cannot be bypassed from devtools.
 * The CLI is never locked: whoever runs it already has the data folder.
 */
export const OPEN_WHILE_LOCKED = new Set(['lock.status', 'lock.unlock', 'app.info']);
export const DEFAULT_IDLE_MINUTES = 10;
const MAX_FAILURES = 5;
const BLOCK_MS = 30_000;
const SCRYPT = { N: 16384, r: 8, p: 1, keyLen: 32 };

interface LockState { enabled: boolean; idleMinutes: number; locked: boolean; failures: number; blockedUntil: number }
const states = new WeakMap<Ctx, LockState>();

function config(ctx: Ctx): { hash: string | null; idleMinutes: number } {
  const hash = readSafety(ctx, 'lock.hash');
  const idle = readSafety(ctx, 'lock.idleMinutes');
  return { hash: typeof hash === 'string' && hash ? hash : null, idleMinutes: typeof idle === 'number' ? idle : DEFAULT_IDLE_MINUTES };
}

function state(ctx: Ctx): LockState {
  let s = states.get(ctx);
  if (!s) {
    const c = config(ctx);
    s = { enabled: !!c.hash, idleMinutes: c.idleMinutes, locked: !!c.hash && ctx.mode !== 'cli', failures: 0, blockedUntil: 0 };
    states.set(ctx, s);
  }
  return s;
}

/** After a restore the settings come from the restored file; whoever restored stays signed in. */
export function reloadLock(ctx: Ctx): void {
  const c = config(ctx);
  const s = state(ctx);
  s.enabled = !!c.hash; s.idleMinutes = c.idleMinutes; s.locked = false; s.failures = 0;
}

export function hashPassword(password: string): string {
  const salt = crypto.randomBytes(16);
  const key = crypto.scryptSync(password.normalize('NFC'), salt, SCRYPT.keyLen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function checkPassword(password: string, stored: string): boolean {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !key) return false;
  const want = Buffer.from(key, 'base64');
  const got = crypto.scryptSync(password.normalize('NFC'), Buffer.from(salt, 'base64'), want.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * Number(n) * Number(r) });
  return got.length === want.length && crypto.timingSafeEqual(got, want);
}

export function lockStatus(ctx: Ctx): LockStatus {
  const s = state(ctx);
  return { enabled: s.enabled, locked: s.locked, idleMinutes: s.idleMinutes };
}

/** For the dispatcher: the error to answer with while locked, or null. */
export function lockGuard(ctx: Ctx, channel: string): { code: 'LOCKED'; message: string } | null {
  if (OPEN_WHILE_LOCKED.has(channel)) return null;
  let s: LockState;
  try { s = state(ctx); } catch { return null; } // no safety tables (should not happen after migrations)
  return s.locked ? { code: 'LOCKED', message: '程序已锁定，请输入程序锁密码解锁。' } : null;
}

function requirePassword(ctx: Ctx, password: string | undefined, what: string): void {
  const s = state(ctx);
  const now = Date.now();
  if (s.blockedUntil > now) throw new AppError('VALIDATION', `密码错误次数过多，请 ${Math.ceil((s.blockedUntil - now) / 1000)} 秒后再试。`);
  const { hash } = config(ctx);
  if (hash && password !== undefined && checkPassword(password, hash)) { s.failures = 0; return; }
  s.failures++;
  if (s.failures >= MAX_FAILURES) {
    s.failures = 0;
    s.blockedUntil = now + BLOCK_MS;
    throw new AppError('VALIDATION', `${what}不正确。已连续输错 ${MAX_FAILURES} 次，请 ${BLOCK_MS / 1000} 秒后再试。`);
  }
  throw new AppError('VALIDATION', `${what}不正确，还可以再试 ${MAX_FAILURES - s.failures} 次。`);
}

/** A guarded action (解锁已锁定的月份) asks for the 程序锁 password when the lock is on; wrong tries count as at the lock screen. */
export function confirmLockPassword(ctx: Ctx, password: string | undefined): void {
  if (!state(ctx).enabled) return;
  if (!password) throw new AppError('VALIDATION', '已设置程序锁：请输入程序锁密码后再解锁本月。');
  requirePassword(ctx, password, '程序锁密码');
}

/** Turns the lock on, or changes the password / idle minutes (needs the current password when on). */
export function setLock(ctx: Ctx, p: { password: string; idleMinutes: number; currentPassword?: string }): LockStatus {
  const s = state(ctx);
  if (s.enabled) requirePassword(ctx, p.currentPassword, '当前密码');
  const hash = hashPassword(p.password);
  const before = { lockEnabled: s.enabled, idleMinutes: s.idleMinutes };
  ctx.db.transaction(() => {
    writeSafety(ctx, 'lock.hash', hash);
    writeSafety(ctx, 'lock.idleMinutes', p.idleMinutes);
    audit(ctx, { action: 'update', table: 'safety_settings', recordId: null, before, after: { lockEnabled: true, idleMinutes: p.idleMinutes, passwordChanged: true } });
  })();
  s.enabled = true; s.idleMinutes = p.idleMinutes; s.locked = false;
  return lockStatus(ctx);
}

export function disableLock(ctx: Ctx, password: string | null): LockStatus {
  const s = state(ctx);
  if (!s.enabled) return lockStatus(ctx);
  if (password !== null) requirePassword(ctx, password, '密码'); // null: the CLI's lock-off, run by whoever holds the data folder
  ctx.db.transaction(() => {
    writeSafety(ctx, 'lock.hash', undefined);
    audit(ctx, { action: 'update', table: 'safety_settings', recordId: null, before: { lockEnabled: true }, after: { lockEnabled: false } });
  })();
  s.enabled = false; s.locked = false;
  return lockStatus(ctx);
}

export function lockNow(ctx: Ctx): LockStatus {
  const s = state(ctx);
  if (!s.enabled) throw new AppError('CONFLICT', '还没有设置程序锁密码，请先在“设置”中开启程序锁。');
  s.locked = true;
  return lockStatus(ctx);
}

export function unlock(ctx: Ctx, password: string): LockStatus {
  const s = state(ctx);
  if (!s.enabled) { s.locked = false; return lockStatus(ctx); }
  requirePassword(ctx, password, '密码');
  s.locked = false;
  return lockStatus(ctx);
}
