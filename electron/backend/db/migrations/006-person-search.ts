/**
 * 6: person search index. The 人员 grid's substring filters (姓名 "建国", 身份证号 "0918") scanned
 * all 100k index entries on every new filter. person_search is an FTS5 table of grams (see
 * services/personSearch.ts). FTS5 flushes to disk at every statement a trigger runs in, which made
 * a 100k import four times slower, so the triggers only note which persons changed (plain SQL, so
 * editing the file with the sqlite3 tool still works) and the app re-indexes them in one statement
 * at the end of an import or before a search.
 */
export default `
  CREATE VIRTUAL TABLE person_search USING fts5(g, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii');
  CREATE TABLE person_search_stale (person_id INTEGER PRIMARY KEY);
  INSERT INTO person_search_stale (person_id) SELECT id FROM persons;
  CREATE TRIGGER person_search_ai AFTER INSERT ON persons BEGIN
    INSERT OR IGNORE INTO person_search_stale (person_id) VALUES (new.id);
  END;
  CREATE TRIGGER person_search_au AFTER UPDATE OF name, id_no ON persons BEGIN
    INSERT OR IGNORE INTO person_search_stale (person_id) VALUES (old.id);
  END;
  CREATE TRIGGER person_search_ad AFTER DELETE ON persons BEGIN
    INSERT OR IGNORE INTO person_search_stale (person_id) VALUES (old.id);
  END;
`;
