/**
 * 11: what a 公示 listed, and who a loan ledger named.
 * - gongshi_items: the appointments one 公示 record listed, so P10 clears exactly those (a 公示
 *   of 7 people no longer clears the village's 41 holders). Records made before this migration did
 *   not keep their list: they are given the holders their village had when the record was made
 *   (appointments created by then and not exited before the 公示 started), the best reading left.
 * - loans.borrower_source: '户主' when the ledger row named only the 户主 (户主姓名 / 户主身份证号
 *   columns), so L03 can say it judged the 户主 rather than the real borrower; NULL = the borrower.
 */
export default `
CREATE TABLE gongshi_items (
  gongshi_id INTEGER NOT NULL REFERENCES gongshi_records(id) ON DELETE CASCADE,
  appointment_id INTEGER NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
  PRIMARY KEY (gongshi_id, appointment_id)
);
CREATE INDEX gongshi_items_appointment ON gongshi_items(appointment_id);
INSERT OR IGNORE INTO gongshi_items (gongshi_id, appointment_id)
  SELECT g.id, a.id FROM gongshi_records g JOIN appointments a JOIN posts po ON po.id = a.post_id
  WHERE (g.village_id IS NULL OR po.village_id = g.village_id)
    AND a.created_at <= g.created_at
    AND (a.exit_date IS NULL OR a.exit_date >= g.start_date)
    AND ((g.kind IN ('聘用公示', 'appointment') AND a.status <> '离岗') OR (g.kind NOT IN ('聘用公示', 'appointment') AND a.exit_date IS NOT NULL));
ALTER TABLE loans ADD COLUMN borrower_source TEXT CHECK (borrower_source IS NULL OR borrower_source IN ('户主'));
`;
