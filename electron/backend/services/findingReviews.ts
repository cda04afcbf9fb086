/**
 * 已核实: a clerk can mark a finding as checked (with a reason, audited). The 问题清单 then hides it
 * until its record changes. The fingerprint covers the finding's severity and wording and the
 * record's whole row, so editing the record, or the finding turning into another one, shows it again.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../checks/engine';
import { AppError } from '../errors';
import { deleteFindingReviews, saveFindingReview, type FindingReviewRow } from '../db/repo/findingReviews';
import type { Ctx } from './context';
import { nowLocal } from './context';

/** The table each finding's record lives in (Finding.record.type). */
export const REVIEW_RECORD_TABLES: Record<Finding['record']['type'], string> = {
  person: 'persons', post: 'posts', appointment: 'appointments', workshop: 'workshops', employment: 'employments', loan: 'loans',
};

/**
 * Numbers in a message that move with the as-of date alone (ages, days overdue) are not a change
 * of the finding; dates and months (2024-07, 2024-07-01) are, since they name what the finding is about.
 */
export function stableMessage(message: string): string {
  return message.replace(/\d{4}-\d{2}(?:-\d{2})?|\d+(?:\.\d+)?/g, (m) => (m.includes('-') ? m : '#'));
}

type ReviewedFinding = Finding & { reviewed: boolean; review?: { reason: string; operator: string; reviewedAt: string } };

function recordRow(ctx: Ctx, type: string, id: number): unknown {
  const table = REVIEW_RECORD_TABLES[type as Finding['record']['type']];
  if (!table) throw new AppError('VALIDATION', `未知的记录类型“${type}”`);
  return ctx.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id);
}

export function fingerprint(ctx: Ctx, f: Pick<Finding, 'severity' | 'message' | 'record'>): string {
  const row = recordRow(ctx, f.record.type, f.record.id);
  return createHash('sha256').update(JSON.stringify([f.severity, stableMessage(f.message), row ?? null])).digest('hex').slice(0, 32);
}

type ReviewRow = FindingReviewRow;

/** Marks each finding `reviewed` (with who and why) when a review with its current fingerprint exists. */
export function markReviewed(ctx: Ctx, findings: Finding[]): ReviewedFinding[] {
  const reviews = ctx.db.prepare('SELECT * FROM finding_reviews').all() as ReviewRow[];
  if (!reviews.length) return findings.map((f) => ({ ...f, reviewed: false }));
  const byRecord = new Map<string, ReviewRow[]>();
  for (const r of reviews) {
    const k = `${r.rule}|${r.record_type}|${r.record_id}`;
    byRecord.set(k, [...(byRecord.get(k) ?? []), r]);
  }
  return findings.map((f) => {
    const candidates = byRecord.get(`${f.rule}|${f.record.type}|${f.record.id}`);
    if (!candidates) return { ...f, reviewed: false };
    const fp = fingerprint(ctx, f);
    const hit = candidates.find((r) => r.fingerprint === fp);
    return hit ? { ...f, reviewed: true, review: { reason: hit.reason, operator: hit.operator, reviewedAt: hit.reviewed_at } } : { ...f, reviewed: false };
  });
}

/**
 * Marks the finding the clerk is looking at (found again by rule, record and wording among the
 * current findings, so a stale screen cannot review something that has since changed).
 */
export function reviewFinding(ctx: Ctx, current: Finding[], p: { rule: string; recordType: string; recordId: number; message: string; reason: string }): ReviewedFinding {
  const f = current.find((x) => x.rule === p.rule && x.record.type === p.recordType && x.record.id === p.recordId && x.message === p.message);
  if (!f) throw new AppError('CONFLICT', '这条问题已经不存在或内容已变化（记录可能刚被修改），请点“重新检查”后再核实。');
  const reason = p.reason.trim();
  if (!reason) throw new AppError('VALIDATION', '请写明核实情况（为什么这条不是问题）', { field: 'reason' });
  const fp = fingerprint(ctx, f);
  const at = nowLocal(ctx.now());
  ctx.db.transaction(() => saveFindingReview(ctx, {
    rule: f.rule, record_type: f.record.type, record_id: f.record.id, fingerprint: fp, message: f.message, reason, operator: ctx.operator(), reviewed_at: at,
  }))();
  return { ...f, reviewed: true, review: { reason, operator: ctx.operator(), reviewedAt: at } };
}

/** 取消核实: every review of this rule on this record goes, so the finding shows again. */
export function unreviewFinding(ctx: Ctx, p: { rule: string; recordType: string; recordId: number }): { removed: number } {
  const removed = ctx.db.transaction(() => deleteFindingReviews(ctx, { rule: p.rule, record_type: p.recordType, record_id: p.recordId }))();
  return { removed };
}
