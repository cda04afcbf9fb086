/**
 * 9: 防止返贫动态监测. 人编号 on persons; per monitored household the monitoring system's data
 * (识别/消除监测时间 as YYYY-MM, 风险消除方式, risks), 人均纯收入 by year (分), measures (下载 from the
 * system, 录入 by hand), the township's dated cases ledger, visits and migrant work. 监测对象类别 and
 * 风险是否消除 stay on households (the persons import keeps them). Everything an import writes
 * carries created_batch_id, so a batch undo removes it.
 */
export default `
ALTER TABLE persons ADD COLUMN person_no TEXT;
CREATE TABLE monitor_households (
  id INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL UNIQUE REFERENCES households(id),
  identified_month TEXT CHECK (identified_month IS NULL OR identified_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  eliminated_month TEXT CHECK (eliminated_month IS NULL OR eliminated_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  elimination_method TEXT,
  risks TEXT,
  dev_status TEXT,
  created_batch_id INTEGER REFERENCES import_batches(id),
  updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
CREATE TABLE monitor_incomes (
  id INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES households(id),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  per_capita_fen INTEGER NOT NULL,
  created_batch_id INTEGER REFERENCES import_batches(id),
  UNIQUE (household_id, year)
);
CREATE TABLE monitor_measures (
  id INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES households(id),
  person_id INTEGER REFERENCES persons(id),
  type TEXT NOT NULL CHECK (type IN ('产业', '就业', '公益岗位', '帮扶车间', '小额信贷', '健康', '教育', '住房', '饮水', '兜底', '社会帮扶', '其他')),
  nature TEXT NOT NULL CHECK (nature IN ('开发式', '保障式')),
  content TEXT NOT NULL DEFAULT '',
  start_date TEXT,
  end_date TEXT CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
  source TEXT NOT NULL CHECK (source IN ('下载', '录入')),
  note TEXT,
  created_batch_id INTEGER REFERENCES import_batches(id),
  created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
CREATE INDEX monitor_measures_household ON monitor_measures(household_id);
CREATE TABLE monitor_cases (
  id INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES households(id),
  head_person_id INTEGER REFERENCES persons(id),
  category TEXT,
  risk TEXT,
  channel TEXT,
  found_date TEXT NOT NULL,
  verified_date TEXT,
  village_review_date TEXT,
  township_review_date TEXT,
  confirmed_date TEXT CHECK (confirmed_date IS NULL OR confirmed_date >= found_date),
  plan_date TEXT,
  measure TEXT,
  measure_date TEXT,
  helper TEXT,
  note TEXT,
  created_batch_id INTEGER REFERENCES import_batches(id),
  created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
  updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
  UNIQUE (household_id, found_date)
);
CREATE TABLE monitor_visits (
  id INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES households(id),
  visit_date TEXT NOT NULL,
  visitor TEXT NOT NULL DEFAULT '',
  method TEXT CHECK (method IS NULL OR method IN ('入户', '电话')),
  income_change TEXT,
  risk_change TEXT,
  content TEXT,
  created_batch_id INTEGER REFERENCES import_batches(id),
  created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
  UNIQUE (household_id, visit_date, visitor)
);
CREATE INDEX monitor_visits_date ON monitor_visits(visit_date);
CREATE TABLE migrant_work (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL UNIQUE REFERENCES persons(id),
  working INTEGER,
  channel TEXT,
  province TEXT,
  county TEXT,
  employer TEXT,
  months INTEGER CHECK (months IS NULL OR months BETWEEN 0 AND 12),
  monthly_income_fen INTEGER CHECK (monthly_income_fen IS NULL OR monthly_income_fen >= 0),
  home_county TEXT,
  reported_on TEXT,
  created_batch_id INTEGER REFERENCES import_batches(id),
  created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
  updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
`;
