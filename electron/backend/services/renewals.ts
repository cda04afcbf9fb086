/**
 * 批量续聘 and 到期提醒: agreements that have run out (期满未续) or will soon, and renewing many of
 * them to one new end date at once. Kept apart from services/posts.ts so the renewal rules live in
 * one place; reads go through the same appointment SELECT the 聘用 grid uses.
 */
import type { RenewalCandidate, RenewalResult } from '../../../shared/api/posts';
import { addDays, todayIso } from '../../../shared/dates';
import { daysBetween } from '../../../shared/interest';
import { AppError } from '../errors';
import type { Ctx } from './context';
import { nowLocal } from './context';
import { getAppointment } from './posts';
import { getSettings } from './settings';
import { renewAppointment } from '../db/repo/appointments';

export interface RenewableQuery {
  asOf?: string;
  villageId?: number;
  postId?: number;
  /** Agreements whose end date is before this day; default: the as-of date plus the 到期提醒 days. */
  endingBefore?: string;
}

function stateOf(endDate: string, asOf: string, alertUntil: string): RenewalCandidate['state'] {
  return endDate < asOf ? '已期满' : endDate < alertUntil ? '即将到期' : '未到期';
}

/**
 * Appointments a clerk may renew: not exited (离岗), with an end date before `endingBefore`,
 * the ones that ran out longest ago first. Open-ended agreements never need renewing.
 */
export function renewableAppointments(ctx: Ctx, q: RenewableQuery = {}) {
  const asOf = q.asOf ?? todayIso(ctx.now());
  const alertDays = getSettings(ctx).appointmentDueAlertDays;
  const alertUntil = addDays(asOf, alertDays + 1);
  const endingBefore = q.endingBefore ?? alertUntil;
  const ids = ctx.db.prepare(`SELECT a.id FROM appointments a JOIN posts po ON po.id = a.post_id
      WHERE a.status <> '离岗' AND a.end_date IS NOT NULL AND a.end_date < ?
        AND (? IS NULL OR po.village_id = ?) AND (? IS NULL OR a.post_id = ?)
      ORDER BY a.end_date, a.id`)
    .all(endingBefore, q.villageId ?? null, q.villageId ?? null, q.postId ?? null, q.postId ?? null) as { id: number }[];
  const rows: RenewalCandidate[] = ids.map(({ id }) => {
    const a = getAppointment(ctx, id);
    return { ...a, daysLeft: daysBetween(asOf, a.endDate!), state: stateOf(a.endDate!, asOf, alertUntil) };
  });
  return { rows, asOf, endingBefore, alertDays };
}

/**
 * Renews the given appointments to `endDate` in one transaction, one audit row each with the old
 * and new end date. All or nothing: if any of them cannot be renewed (已退岗, no end date, the new
 * end date not after the old one, the post revoked), nothing changes and the message lists every one.
 */
export function renewAppointments(ctx: Ctx, p: { ids: number[]; endDate: string; note?: string | null }): RenewalResult {
  const ids = [...new Set(p.ids)];
  const note = p.note?.trim() || null;
  const list = ids.map((id) => {
    try { return getAppointment(ctx, id); } catch { throw new AppError('NOT_FOUND', `聘用记录 ${id} 不存在，没有做任何续聘。请刷新列表后重新选择。`); }
  });
  const problems: string[] = [];
  for (const a of list) {
    const who = `${a.personName}（${a.villageName ?? ''}${a.postName}）`;
    if (a.status === '离岗') problems.push(`${who}：已于 ${a.exitDate ?? '（未填日期）'} 退岗，不能续聘；如需再次聘用，请新增一条聘用`);
    else if (!a.endDate) problems.push(`${who}：聘用协议没有结束日期（长期聘用），无需续聘`);
    else if (p.endDate <= a.endDate) problems.push(`${who}：新的结束日期 ${p.endDate} 不晚于原结束日期 ${a.endDate}，请选一个更晚的日期`);
    else if ((ctx.db.prepare('SELECT status FROM posts WHERE id = ?').get(a.postId) as { status: string }).status === '撤销') {
      problems.push(`${who}：岗位已撤销，不能续聘`);
    }
  }
  if (problems.length) {
    throw new AppError('CONFLICT', `以下 ${problems.length} 条聘用不能续聘，本次没有做任何修改：\n${problems.map((m, i) => `${i + 1}. ${m}`).join('\n')}`, { problems });
  }
  ctx.db.transaction(() => {
    const now = nowLocal(ctx.now());
    for (const a of list) {
      renewAppointment(ctx, a.id, p.endDate, note ?? '批量续聘', now);
    }
  })();
  return {
    endDate: p.endDate,
    renewed: list.map((a) => ({ id: a.id, personName: a.personName, villageName: a.villageName, postName: a.postName, before: a.endDate!, after: p.endDate })),
  };
}
