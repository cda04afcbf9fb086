/**
 * 7: the county workspace (县级汇总). Township exchange packages the county imported, one per
 * township (a newer package of the same township replaces the older one), with the figures
 * computed at import and only the rows the cross-township checks need (公益岗位 在岗, 未结清贷款,
 * 务工台账): the findings are recomputed from them on every read, so they can never disagree with
 * the packages that are stored. Nothing here touches the township's own ledger tables.
 */
export default `
CREATE TABLE county_packages (
  id INTEGER PRIMARY KEY,
  -- 乡镇代码, or the name when the township set none: one package per key.
  township_key TEXT NOT NULL UNIQUE,
  township_code TEXT NOT NULL DEFAULT '',
  township_name TEXT NOT NULL,
  county TEXT NOT NULL DEFAULT '',
  file_name TEXT NOT NULL,
  exported_at TEXT NOT NULL DEFAULT '',
  schema_version INTEGER,
  format TEXT NOT NULL DEFAULT '',
  -- Over the sheets as read at import (not the hash the package claims): the same file imported twice compares equal.
  content_hash TEXT NOT NULL DEFAULT '',
  hash_status TEXT NOT NULL CHECK (hash_status IN ('ok', 'mismatch')),
  messages_json TEXT NOT NULL DEFAULT '[]',
  sheets_json TEXT NOT NULL DEFAULT '[]',
  figures_json TEXT NOT NULL DEFAULT '{}',
  eligible_households INTEGER NOT NULL DEFAULT 0,
  lent_households INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT NOT NULL,
  operator TEXT NOT NULL DEFAULT ''
);
CREATE TABLE county_rows (
  id INTEGER PRIMARY KEY,
  package_id INTEGER NOT NULL REFERENCES county_packages(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('post', 'loan', 'employment')),
  id_no TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  -- post: the holder's 行政村; loan: the borrower's; employment: the workshop's.
  village TEXT,
  -- post: 岗位名称; loan: 合同编号; employment: 车间名称.
  label TEXT NOT NULL DEFAULT '',
  household_no TEXT,
  amount_fen INTEGER,
  start_date TEXT,
  end_date TEXT
);
CREATE INDEX county_rows_package ON county_rows(package_id);
CREATE INDEX county_rows_person ON county_rows(kind, id_no);
`;
