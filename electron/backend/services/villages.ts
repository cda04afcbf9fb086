import type { Village } from '../../../shared/api/contract';
import { isVillageCode } from '../../../shared/domain';
import { cleanText } from '../../../shared/text';
import { AppError, notFound } from '../errors';
import type { Ctx } from './context';
import { insertVillage, updateVillage as writeVillage } from '../db/repo/villages';

const SELECT = `SELECT v.id, v.name, v.code,
  (SELECT count(*) FROM persons p WHERE p.village_id = v.id AND p.deleted_at IS NULL) AS persons
  FROM villages v`;

export function listVillages(ctx: Ctx): Village[] {
  return ctx.db.prepare(`${SELECT} ORDER BY v.code IS NULL, v.code, v.name`).all() as Village[];
}

export function getVillage(ctx: Ctx, id: number): Village {
  const v = ctx.db.prepare(`${SELECT} WHERE v.id = ?`).get(id) as Village | undefined;
  if (!v) throw notFound('村');
  return v;
}

function checkInput(ctx: Ctx, name: string, code: string | null, selfId: number | null) {
  if (!name) throw new AppError('VALIDATION', '村名不能为空');
  if (code && !isVillageCode(code)) throw new AppError('VALIDATION', `村代码应为12位数字（行政区划代码），现在是“${code}”`);
  const dupName = ctx.db.prepare('SELECT id FROM villages WHERE name = ? AND id IS NOT ?').get(name, selfId);
  if (dupName) throw new AppError('CONFLICT', `已有名为“${name}”的村`);
  if (code) {
    const dup = ctx.db.prepare('SELECT name FROM villages WHERE code = ? AND id IS NOT ?').get(code, selfId) as { name: string } | undefined;
    if (dup) throw new AppError('CONFLICT', `村代码 ${code} 已属于“${dup.name}”`);
  }
}

export function createVillage(ctx: Ctx, p: { name: string; code: string | null }): Village {
  const name = cleanText(p.name), code = p.code ? p.code.trim() || null : null;
  checkInput(ctx, name, code, null);
  const id = ctx.db.transaction(() => insertVillage(ctx, { name, code }))();
  return getVillage(ctx, id);
}

export function updateVillage(ctx: Ctx, p: { id: number; name: string; code: string | null }): Village {
  getVillage(ctx, p.id); // a missing village is "not found" before its input is judged
  const name = cleanText(p.name), code = p.code ? p.code.trim() || null : null;
  checkInput(ctx, name, code, p.id);
  ctx.db.transaction(() => writeVillage(ctx, p.id, { name, code }))();
  return getVillage(ctx, p.id);
}

/** Importers resolve village names to ids through the villages repository (created on first sight, with the batch). */
export { villageResolver } from '../db/repo/villages';
