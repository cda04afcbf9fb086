import type { Ctx } from '../../services/context';
import { audit } from '../../services/audit';
import { stmt } from '../statements';

/**
 * The one place 已核实 reviews are written. A review has no id of its own (it is keyed by rule, record and
 * fingerprint), so rows.ts cannot write it; it still leaves the one audit shape: the whole row under the
 * column names, recorded against the finding's record (record_id), as 操作日志 has always shown it.
 */

export interface FindingReviewRow {
  rule: string; record_type: string; record_id: number; fingerprint: string; message: string; reason: string; operator: string; reviewed_at: string;
}

const KEY = 'rule = ? AND record_type = ? AND record_id = ?';

/** Records a review; the same finding reviewed again (same fingerprint) gets the new reason, operator and time. */
export function saveFindingReview(ctx: Ctx, r: FindingReviewRow): void {
  const db = ctx.db;
  const key = [r.rule, r.record_type, r.record_id, r.fingerprint];
  const get = stmt(db, `SELECT * FROM finding_reviews WHERE ${KEY} AND fingerprint = ?`);
  const before = get.get(...key) as FindingReviewRow | undefined;
  stmt(db, `INSERT INTO finding_reviews (rule, record_type, record_id, fingerprint, message, reason, operator, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(rule, record_type, record_id, fingerprint) DO UPDATE SET reason = excluded.reason, operator = excluded.operator, reviewed_at = excluded.reviewed_at, message = excluded.message`)
    .run(...key, r.message, r.reason, r.operator, r.reviewed_at);
  audit(ctx, { action: before ? 'update' : 'create', table: 'finding_reviews', recordId: r.record_id, before, after: get.get(...key) });
}

/** 取消核实: every review of this rule on this record goes, one audit row (the row before) each. Returns how many. */
export function deleteFindingReviews(ctx: Ctx, k: { rule: string; record_type: string; record_id: number }): number {
  const db = ctx.db;
  const rows = stmt(db, `SELECT * FROM finding_reviews WHERE ${KEY} ORDER BY fingerprint`).all(k.rule, k.record_type, k.record_id) as FindingReviewRow[];
  const del = stmt(db, `DELETE FROM finding_reviews WHERE ${KEY} AND fingerprint = ?`);
  for (const r of rows) {
    del.run(r.rule, r.record_type, r.record_id, r.fingerprint);
    audit(ctx, { action: 'delete', table: 'finding_reviews', recordId: r.record_id, before: r });
  }
  return rows.length;
}
