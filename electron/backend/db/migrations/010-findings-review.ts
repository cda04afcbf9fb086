/**
 * 010-findings-review: 问题清单 findings a clerk marked 已核实, with the reason. A review is keyed by
 * rule + record + a fingerprint of the finding and of the record as it was when reviewed, so any
 * change to the record (or a finding that now says something else) brings the finding back.
 */
export default `
CREATE TABLE finding_reviews (
  rule TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  message TEXT NOT NULL,
  reason TEXT NOT NULL,
  operator TEXT NOT NULL DEFAULT '',
  reviewed_at TEXT NOT NULL,
  PRIMARY KEY (rule, record_type, record_id, fingerprint)
);
`;
