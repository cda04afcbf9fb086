import { Settings } from '../../../shared/api/contract';
import type { Ctx } from './context';
import { audit } from './audit';

export const DEFAULT_SETTINGS: Settings = {
  county: '',
  township: '',
  regionCode: '',
  supervisionPhone: '',
  gongshiDays: 5,
  maskIdsOnPrint: true,
  operator: '',
};

export function getSettings(ctx: Ctx): Settings {
  const rows = ctx.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const s: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const r of rows) if (r.key in DEFAULT_SETTINGS) s[r.key] = JSON.parse(r.value);
  return Settings.parse(s);
}

export function updateSettings(ctx: Ctx, patch: Partial<Settings>): Settings {
  const before = getSettings(ctx);
  const after = Settings.parse({ ...before, ...patch });
  const put = ctx.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  ctx.db.transaction(() => {
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) put.run(k, JSON.stringify(v));
    audit(ctx, { action: 'update', table: 'settings', recordId: null, before, after });
  })();
  return after;
}
