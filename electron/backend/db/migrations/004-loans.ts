/**
 * 4: 小额信贷: loans, repayments, 展期 (extensions), overdue spells.
 * Money in 分; the annual rate in millionths (3.45% = 34500); 贴息比例 in basis points (100% = 10000).
 * due_date is the contract's; extended_due_date the latest 展期 (loan_extensions keeps every one).
 */
export default `
  CREATE TABLE loans (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id),
    bank TEXT,
    contract_no TEXT UNIQUE,
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    issue_date TEXT NOT NULL CHECK (issue_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    due_date TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    extended_due_date TEXT,
    term_months INTEGER,
    rate_e6 INTEGER CHECK (rate_e6 IS NULL OR rate_e6 >= 0),
    ratio_bp INTEGER NOT NULL DEFAULT 10000 CHECK (ratio_bp BETWEEN 0 AND 10000),
    subsidized INTEGER NOT NULL DEFAULT 1,
    additional INTEGER NOT NULL DEFAULT 0,
    purpose TEXT,
    status TEXT NOT NULL DEFAULT '正常' CHECK (status IN ('正常', '逾期', '展期', '续贷', '已结清')),
    overdue_since TEXT,
    settled_date TEXT,
    note TEXT,
    deleted_at TEXT,
    created_batch_id INTEGER REFERENCES import_batches(id),
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
    updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
  );
  CREATE INDEX loans_person ON loans(person_id);
  CREATE INDEX loans_issue ON loans(issue_date);
  CREATE TABLE loan_repayments (
    id INTEGER PRIMARY KEY,
    loan_id INTEGER NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
    repay_date TEXT,
    principal_fen INTEGER NOT NULL DEFAULT 0 CHECK (principal_fen >= 0),
    interest_fen INTEGER NOT NULL DEFAULT 0 CHECK (interest_fen >= 0),
    note TEXT,
    created_batch_id INTEGER REFERENCES import_batches(id),
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
  );
  CREATE INDEX loan_repayments_loan ON loan_repayments(loan_id);
  CREATE TABLE loan_extensions (
    id INTEGER PRIMARY KEY,
    loan_id INTEGER NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
    ext_date TEXT NOT NULL,
    old_due_date TEXT NOT NULL,
    new_due_date TEXT NOT NULL,
    note TEXT,
    created_batch_id INTEGER REFERENCES import_batches(id),
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
  );
  CREATE INDEX loan_extensions_loan ON loan_extensions(loan_id);
  CREATE TABLE loan_overdue_periods (
    id INTEGER PRIMARY KEY,
    loan_id INTEGER NOT NULL REFERENCES loans(id) ON DELETE CASCADE,
    from_date TEXT NOT NULL,
    to_date TEXT,
    created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
  );
  CREATE INDEX loan_overdue_loan ON loan_overdue_periods(loan_id);
  `;
