/**
 * 8: a workshop is its 统一社会信用代码 plus 车间名称 (经营主体 + 车间名称 + 村 when it has no code), not
 * its name: two 某村手工编织帮扶车间 of different 经营主体 are two workshops.
 *
 * SQLite cannot drop the old UNIQUE (name) in place, so the table is rebuilt. foreign_keys is ON
 * and a migration runs inside a transaction (where the pragma cannot be switched off), and dropping
 * a parent that children still point at fails at commit even with deferred keys. So the whole
 * cluster that points at workshops is rebuilt: new tables (children pointing at the new parent) are
 * filled with the same ids, the old ones are dropped children first, and the renames carry the
 * references over (ALTER TABLE … RENAME rewrites them). Ids, rows and every reference stay as they were.
 */
export default `
CREATE TABLE workshops_v8 (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  village_id INTEGER REFERENCES villages(id),
  entity TEXT,
  credit_code TEXT CHECK (credit_code IS NULL OR length(credit_code) <= 40),
  leader TEXT,
  phone TEXT,
  industry TEXT,
  recognized_date TEXT,
  status TEXT NOT NULL DEFAULT '正常运营' CHECK (status IN ('正常运营', '经营困难', '停产', '已退出')),
  status_date TEXT,
  reported_employed INTEGER CHECK (reported_employed IS NULL OR reported_employed >= 0),
  reported_poor INTEGER CHECK (reported_poor IS NULL OR reported_poor >= 0),
  reported_monitored INTEGER CHECK (reported_monitored IS NULL OR reported_monitored >= 0),
  reported_avg_wage_fen INTEGER CHECK (reported_avg_wage_fen IS NULL OR reported_avg_wage_fen >= 0),
  note TEXT,
  deleted_at TEXT,
  created_batch_id INTEGER REFERENCES import_batches(id),
  created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
  updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
INSERT INTO workshops_v8 (id, name, village_id, entity, credit_code, leader, phone, industry, recognized_date, status, status_date,
  reported_employed, reported_poor, reported_monitored, reported_avg_wage_fen, note, deleted_at, created_batch_id, created_at, updated_at)
SELECT id, name, village_id, entity, nullif(trim(credit_code), ''), leader, phone, industry, recognized_date, status, status_date,
  reported_employed, reported_poor, reported_monitored, reported_avg_wage_fen, note, deleted_at, created_batch_id, created_at, updated_at
FROM workshops;

CREATE TABLE workshop_status_history_v8 (
  id INTEGER PRIMARY KEY,
  workshop_id INTEGER NOT NULL REFERENCES workshops_v8(id),
  from_status TEXT,
  to_status TEXT NOT NULL CHECK (to_status IN ('正常运营', '经营困难', '停产', '已退出')),
  changed_on TEXT NOT NULL,
  reason TEXT,
  measures TEXT,
  operator TEXT NOT NULL DEFAULT '',
  batch_id INTEGER REFERENCES import_batches(id),
  created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
INSERT INTO workshop_status_history_v8 SELECT id, workshop_id, from_status, to_status, changed_on, reason, measures, operator, batch_id, created_at
FROM workshop_status_history;

CREATE TABLE employments_v8 (
  id INTEGER PRIMARY KEY,
  workshop_id INTEGER NOT NULL REFERENCES workshops_v8(id),
  person_id INTEGER NOT NULL REFERENCES persons(id),
  start_date TEXT NOT NULL,
  end_date TEXT CHECK (end_date IS NULL OR end_date >= start_date),
  contract_months INTEGER CHECK (contract_months IS NULL OR contract_months >= 0),
  monthly_wage_fen INTEGER CHECK (monthly_wage_fen IS NULL OR monthly_wage_fen >= 0),
  channel TEXT,
  exit_reason TEXT,
  note TEXT,
  created_batch_id INTEGER REFERENCES import_batches(id),
  created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
  updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
  UNIQUE (workshop_id, person_id, start_date)
);
INSERT INTO employments_v8 SELECT id, workshop_id, person_id, start_date, end_date, contract_months, monthly_wage_fen, channel, exit_reason, note,
  created_batch_id, created_at, updated_at
FROM employments;

CREATE TABLE workshop_subsidies_v8 (
  id INTEGER PRIMARY KEY,
  workshop_id INTEGER NOT NULL REFERENCES workshops_v8(id),
  person_id INTEGER NOT NULL REFERENCES persons(id),
  employment_id INTEGER REFERENCES employments_v8(id),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  paid_date TEXT NOT NULL,
  voucher TEXT,
  note TEXT,
  operator TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
INSERT INTO workshop_subsidies_v8 SELECT id, workshop_id, person_id, employment_id, amount_fen, paid_date, voucher, note, operator, created_at
FROM workshop_subsidies;

DROP TABLE workshop_subsidies;
DROP TABLE employments;
DROP TABLE workshop_status_history;
DROP TABLE workshops;
ALTER TABLE workshops_v8 RENAME TO workshops;
ALTER TABLE workshop_status_history_v8 RENAME TO workshop_status_history;
ALTER TABLE employments_v8 RENAME TO employments;
ALTER TABLE workshop_subsidies_v8 RENAME TO workshop_subsidies;

CREATE INDEX workshops_village ON workshops(village_id);
CREATE INDEX workshops_name ON workshops(name);
-- The identity: code + name; without a code, 经营主体 + name + 村. Rows in the 回收站 keep their
-- identity (a restore must never collide), as the old name-only rule did.
CREATE UNIQUE INDEX workshops_identity_code ON workshops(credit_code, name) WHERE credit_code IS NOT NULL;
CREATE UNIQUE INDEX workshops_identity_nocode ON workshops(coalesce(entity, ''), name, coalesce(village_id, 0)) WHERE credit_code IS NULL;
CREATE INDEX workshop_status_history_workshop ON workshop_status_history(workshop_id, changed_on);
CREATE INDEX employments_person ON employments(person_id);
CREATE INDEX employments_workshop ON employments(workshop_id);
CREATE INDEX workshop_subsidies_workshop ON workshop_subsidies(workshop_id, person_id);
`;
