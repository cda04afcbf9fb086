/**
 * 13: the person search index moves out of the ledger into its own file beside it
 * (search-index.sqlite, services/personSearch.ts). It is derived data: kept in its own file it can be
 * written by another thread while a large import writes the ledger (SQLite allows one writer per
 * file), it stays out of backups, and a lost or damaged copy is rebuilt. The ledger keeps what must
 * change with its own rows: the triggers' list of persons to re-index, and the token of the index
 * state it matches (a copy whose token differs — a restored backup, a crash between the two files'
 * commits — is rebuilt).
 */
export default `
DROP TABLE person_search;
DROP TABLE person_search_meta;
CREATE TABLE person_search_state (id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL);
INSERT INTO person_search_state (id, token) VALUES (1, '');
`;
