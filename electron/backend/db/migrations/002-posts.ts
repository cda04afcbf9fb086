/** 2: 公益岗位: post library, appointments (聘用), monthly attendance and pay, month locks, 公示 records. */
export default `
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  village_id INTEGER REFERENCES villages(id),
  name TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '乡村公益岗',
  fund_source TEXT,
  headcount INTEGER NOT NULL DEFAULT 1 CHECK (headcount >= 0),
  duties TEXT,
  work_time TEXT,
  wage_fen INTEGER NOT NULL DEFAULT 0 CHECK (wage_fen >= 0),
  council_date TEXT,
  council_record TEXT,
  status TEXT NOT NULL DEFAULT '设立' CHECK (status IN ('设立', '撤销')),
  status_date TEXT,
  created_batch_id INTEGER REFERENCES import_batches(id),
  created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
  updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
CREATE INDEX posts_village ON posts(village_id);
CREATE TABLE appointments (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts(id),
  person_id INTEGER NOT NULL REFERENCES persons(id),
  agreement_no TEXT,
  start_date TEXT NOT NULL,
  end_date TEXT,
  term_months INTEGER,
  wage_fen INTEGER NOT NULL DEFAULT 0 CHECK (wage_fen >= 0),
  bank_account TEXT,
  bank_name TEXT,
  status TEXT NOT NULL DEFAULT '在岗' CHECK (status IN ('在岗', '待岗', '离岗')),
  exit_date TEXT,
  exit_reason TEXT CHECK (exit_reason IS NULL OR exit_reason IN ('不履行岗位职责', '就学/参军/迁出', '违法犯罪', '本人不再需要', '其他')),
  exit_note TEXT,
  remark TEXT,
  created_batch_id INTEGER REFERENCES import_batches(id),
  created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
  updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
CREATE INDEX appointments_person ON appointments(person_id);
CREATE INDEX appointments_post ON appointments(post_id);
CREATE TABLE attendance (
  appointment_id INTEGER NOT NULL REFERENCES appointments(id),
  month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  due_days INTEGER NOT NULL CHECK (due_days >= 0),
  present_days INTEGER NOT NULL CHECK (present_days >= 0),
  assessment TEXT NOT NULL CHECK (assessment IN ('合格', '不合格')),
  payable_fen INTEGER NOT NULL,
  paid_fen INTEGER NOT NULL,
  paid_reason TEXT,
  updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
  PRIMARY KEY (appointment_id, month)
);
CREATE TABLE month_locks (month TEXT PRIMARY KEY, locked_at TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '');
CREATE TABLE gongshi_records (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  village_id INTEGER REFERENCES villages(id),
  scope TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  days INTEGER NOT NULL,
  created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
);
`;
