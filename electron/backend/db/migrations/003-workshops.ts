/**
 * 3: 帮扶车间: workshops (信息监测), dated status history, the per-person 务工台账 (employments)
 * and one-time employment subsidies. Money in 分, dates ISO.
 */
export default `
CREATE TABLE workshops (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  village_id INTEGER REFERENCES villages(id),
  entity TEXT,
  credit_code TEXT CHECK (credit_code IS NULL OR length(credit_code) <= 40),
  leader TEXT,
  phone TEXT,
  industry TEXT,
  recognized_date TEXT,
  status TEXT NOT NULL DEFAULT '正常运营' CHECK (status IN ('正常运营', '经营困难', '停产', '已退出')),
  status_date TEXT,
  -- Counts an imported ledger reported; the 务工台账, where there is one, wins over them.
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
CREATE INDEX workshops_village ON workshops(village_id);
CREATE TABLE workshop_status_history (
  id INTEGER PRIMARY KEY,
  workshop_id INTEGER NOT NULL REFERENCES workshops(id),
  from_status TEXT,
  to_status TEXT NOT NULL CHECK (to_status IN ('正常运营', '经营困难', '停产', '已退出')),
  changed_on TEXT NOT NULL,
  reason TEXT,
  measures TEXT,
  operator TEXT NOT NULL DEFAULT '',
  batch_id INTEGER REFERENCES import_batches(id),
  created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
CREATE INDEX workshop_status_history_workshop ON workshop_status_history(workshop_id, changed_on);
CREATE TABLE employments (
  id INTEGER PRIMARY KEY,
  workshop_id INTEGER NOT NULL REFERENCES workshops(id),
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
CREATE INDEX employments_person ON employments(person_id);
-- No UNIQUE on (workshop, person): the service refuses a second payment, and check W04 finds any
-- that arrive another way (old data, hand edits) instead of the database hiding them.
CREATE TABLE workshop_subsidies (
  id INTEGER PRIMARY KEY,
  workshop_id INTEGER NOT NULL REFERENCES workshops(id),
  person_id INTEGER NOT NULL REFERENCES persons(id),
  employment_id INTEGER REFERENCES employments(id),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  paid_date TEXT NOT NULL,
  voucher TEXT,
  note TEXT,
  operator TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
CREATE INDEX workshop_subsidies_workshop ON workshop_subsidies(workshop_id, person_id);
`;
