import type { Ctx } from './context';

/** safety_settings: the backup and app-lock settings, one JSON value per key; read by backups.ts and lock.ts. */
export function readSafety(ctx: Ctx, key: string): unknown {
  const r = ctx.db.prepare('SELECT value FROM safety_settings WHERE key = ?').get(key) as { value: string } | undefined;
  if (!r) return undefined;
  try { return JSON.parse(r.value); } catch { return undefined; }
}
export function writeSafety(ctx: Ctx, key: string, value: unknown): void {
  if (value === undefined) ctx.db.prepare('DELETE FROM safety_settings WHERE key = ?').run(key);
  else ctx.db.prepare('INSERT INTO safety_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}
