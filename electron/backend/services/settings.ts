import type { Statement } from 'better-sqlite3';
import { Settings } from '../../../shared/api/contract';
import type { Ctx } from './context';
import { audit } from './audit';
import { AppError } from '../errors';
import { DEFAULT_WORKSHOP_RULES } from '../../../shared/workshops';
import { DEFAULT_MONITOR_SETTINGS } from '../../../shared/monitoring';

export const DEFAULT_SETTINGS: Settings = {
  county: '',
  township: '',
  regionCode: '',
  supervisionPhone: '',
  gongshiDays: 5,
  maskIdsOnPrint: true,
  operator: '',
  subsidyDayBasis: 360,
  loanLprE6: 34_500,
  loanDueAlertDays: [30, 60, 90],
  loanAgeMin: 18,
  loanAgeMax: 65,
  postsPerHousehold: 1,
  ageMaleMin: 18,
  ageMaleMax: 65,
  ageFemaleMin: 18,
  ageFemaleMax: 60,
  vacantMonths: 3,
  appointmentDueAlertDays: 30,
  pvWageFloorFen: 0,
  postCategories: ['光伏公益岗', '乡村公益岗', '生态护林员', '交通护路员', '河湖管护员', '其他'],
  ...DEFAULT_WORKSHOP_RULES,
  ...DEFAULT_MONITOR_SETTINGS,
};

// Imports ask for settings once per row (the operator of each audit row): the table is always read, so a change by
// any writer is seen at once, but the zod parse is redone only when the stored text differs from the last one.
const parsed = new WeakMap<Ctx['db'], { read: Statement; raw: string; value: Settings | null }>();

export function getSettings(ctx: Ctx): Settings {
  let c = parsed.get(ctx.db);
  if (!c) { c = { read: ctx.db.prepare('SELECT key, value FROM settings ORDER BY key'), raw: '', value: null }; parsed.set(ctx.db, c); }
  const rows = c.read.all() as { key: string; value: string }[];
  const raw = rows.map((r) => `${r.key}\u0000${r.value}`).join('\u0001');
  if (c.value === null || raw !== c.raw) {
    const s: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const r of rows) if (r.key in DEFAULT_SETTINGS) s[r.key] = JSON.parse(r.value);
    c.value = Settings.parse(s);
    c.raw = raw;
  }
  // A copy each time: callers may adjust what they were given without touching the next caller's settings.
  return structuredClone(c.value);
}

/** Age limits come in pairs; a minimum above its maximum would make every holder or borrower an error. */
const AGE_PAIRS = [
  ['ageMaleMin', 'ageMaleMax', '公益岗位 男 年龄'], ['ageFemaleMin', 'ageFemaleMax', '公益岗位 女 年龄'], ['loanAgeMin', 'loanAgeMax', '借款人年龄'],
  ['monitorWorkAgeMin', 'monitorWorkAgeMax', '防返贫监测 劳动年龄'],
] as const;

export function updateSettings(ctx: Ctx, patch: Partial<Settings>): Settings {
  const before = getSettings(ctx);
  const after = Settings.parse({ ...before, ...patch });
  for (const [min, max, label] of AGE_PAIRS) {
    if (after[min] > after[max]) {
      throw new AppError('VALIDATION', `${label}：最小年龄（${after[min]} 岁）大于最大年龄（${after[max]} 岁），请改正后再保存；设置没有改变。`, { field: min in patch ? min : max });
    }
  }
  const years = after.monitorLines.map((l) => l.year);
  const dupYear = years.find((y, i) => years.indexOf(y) !== i);
  if (dupYear) throw new AppError('VALIDATION', `防止返贫监测线：${dupYear} 年填了两次，每年只能有一个标准，请删去一行后再保存；设置没有改变。`, { field: 'monitorLines' });
  const put = ctx.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  ctx.db.transaction(() => {
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) put.run(k, JSON.stringify(v));
    audit(ctx, { action: 'update', table: 'settings', recordId: null, before, after });
  })();
  return after;
}
