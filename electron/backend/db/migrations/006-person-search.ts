/**
 * 6: person search index. The 人员 grid's substring filters (姓名 "建国", 身份证号 "0918") scanned
 * all 100k index entries on every new filter. person_search is an FTS5 table of grams (see
 * services/personSearch.ts). Keeping it by triggers that write FTS5 row by row made a 100k import
 * several times slower (FTS5 flushes at every statement a trigger runs in), so the app re-indexes
 * in one statement at the end of an import or before a search: persons above indexed_upto are new;
 * the triggers note the ones whose name or ID changed, or that were deleted (plain SQL, so editing
 * the file with the sqlite3 tool still works). An id freed by a delete and then reused is noted by
 * the delete, so it is re-indexed too.
 */
export default `
  CREATE VIRTUAL TABLE person_search USING fts5(g, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii');
  CREATE TABLE person_search_stale (person_id INTEGER PRIMARY KEY);
  CREATE TABLE person_search_meta (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_upto INTEGER NOT NULL);
  INSERT INTO person_search_meta (id, indexed_upto) VALUES (1, 0);
  -- The pinyin search forces this index by name; files made before it joined 001 lack it.
  CREATE INDEX IF NOT EXISTS persons_initials ON persons(name_initials) WHERE deleted_at IS NULL;
  CREATE TRIGGER person_search_au AFTER UPDATE OF name, id_no ON persons
    WHEN old.name IS NOT new.name OR old.id_no IS NOT new.id_no BEGIN
    INSERT OR IGNORE INTO person_search_stale (person_id) VALUES (old.id);
  END;
  CREATE TRIGGER person_search_ad AFTER DELETE ON persons BEGIN
    INSERT OR IGNORE INTO person_search_stale (person_id) VALUES (old.id);
  END;
`;
