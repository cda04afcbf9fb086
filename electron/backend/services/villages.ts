import type { Village } from '../../../shared/api/contract';
import { isVillageCode } from '../../../shared/domain';
import { cleanText } from '../../../shared/text';
import { AppError, notFound } from '../errors';
import type { DB } from '../db/open';
import type { Ctx } from './context';
import { audit } from './audit';

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
  const id = ctx.db.transaction(() => {
    const id = Number(ctx.db.prepare('INSERT INTO villages (name, code) VALUES (?, ?)').run(name, code).lastInsertRowid);
    audit(ctx, { action: 'create', table: 'villages', recordId: id, after: { name, code } });
    return id;
  })();
  return getVillage(ctx, id);
}

export function updateVillage(ctx: Ctx, p: { id: number; name: string; code: string | null }): Village {
  const before = getVillage(ctx, p.id);
  const name = cleanText(p.name), code = p.code ? p.code.trim() || null : null;
  checkInput(ctx, name, code, p.id);
  ctx.db.transaction(() => {
    ctx.db.prepare('UPDATE villages SET name = ?, code = ? WHERE id = ?').run(name, code, p.id);
    audit(ctx, { action: 'update', table: 'villages', recordId: p.id, before: { name: before.name, code: before.code }, after: { name, code } });
  })();
  return getVillage(ctx, p.id);
}

/**
 * Importers resolve village names to ids, creating each village on first sight (marked with the
 * batch, so undoing the import removes it again). One cache for the whole batch.
 */
export function villageResolver(db: DB, batchId: number | null): (name: string | null | undefined) => number | null {
  const ids = new Map<string, number>();
  for (const v of db.prepare('SELECT id, name FROM villages').all() as { id: number; name: string }[]) ids.set(v.name, v.id);
  const ins = db.prepare('INSERT INTO villages (name, created_batch_id) VALUES (?, ?)');
  return (name) => {
    if (!name) return null;
    let id = ids.get(name);
    if (id === undefined) { id = Number(ins.run(name, batchId).lastInsertRowid); ids.set(name, id); }
    return id;
  };
}
