/** 1: settings, master data (villages, households, persons), imports, audit. */
export default `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    sheet TEXT,
    operator TEXT NOT NULL DEFAULT '',
    committed_at TEXT NOT NULL,
    rows INTEGER NOT NULL DEFAULT 0,
    inserted INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    undone_at TEXT
  );
  CREATE TABLE villages (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    code TEXT UNIQUE CHECK (code IS NULL OR (length(code) = 12 AND code NOT GLOB '*[^0-9]*')),
    created_batch_id INTEGER REFERENCES import_batches(id),
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
  );
  CREATE TABLE households (
    id INTEGER PRIMARY KEY,
    hh_no TEXT UNIQUE,
    village_id INTEGER REFERENCES villages(id),
    hh_type TEXT NOT NULL DEFAULT '一般户' CHECK (hh_type IN ('脱贫户', '监测户', '一般户')),
    monitor_category TEXT,
    risk_eliminated INTEGER,
    exit_year INTEGER,
    size INTEGER,
    created_batch_id INTEGER REFERENCES import_batches(id)
  );
  CREATE INDEX households_village ON households(village_id);
  CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    id_no TEXT NOT NULL UNIQUE CHECK (length(id_no) = 18),
    name TEXT NOT NULL,
    name_initials TEXT NOT NULL DEFAULT '',
    sex TEXT,
    birth_date TEXT,
    household_id INTEGER REFERENCES households(id),
    village_id INTEGER REFERENCES villages(id),
    relation TEXT,
    labor_skill TEXT,
    phone TEXT,
    in_roster INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    created_batch_id INTEGER REFERENCES import_batches(id),
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
  );
  CREATE INDEX persons_village ON persons(village_id);
  CREATE INDEX persons_household ON persons(household_id);
  -- Covering index for the grid's count and substring search: scanning it reads a fraction of the table.
  CREATE INDEX persons_search ON persons(name, name_initials, id_no, village_id) WHERE deleted_at IS NULL;
  -- Pinyin-initials search (wjg → 王建国) is a prefix: a range on this index.
  CREATE INDEX persons_initials ON persons(name_initials) WHERE deleted_at IS NULL;
  CREATE TABLE saved_mappings (
    signature TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    mapping_json TEXT NOT NULL,
    saved_at TEXT NOT NULL
  );
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    operator TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    table_name TEXT NOT NULL,
    record_id INTEGER,
    before_json TEXT,
    after_json TEXT,
    batch_id INTEGER REFERENCES import_batches(id)
  );
  CREATE INDEX audit_batch ON audit_log(batch_id);
  CREATE INDEX audit_record ON audit_log(table_name, record_id);
  `;
