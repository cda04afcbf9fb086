import crypto from 'node:crypto';
import type { DB } from '../db/open';

/**
 * The grams person_search holds for one person: the name's single characters and pairs, and the
 * ID's runs of three marked with "z" so they never meet a name's (at most two characters). The
 * ascii tokenizer splits on ASCII punctuation and spaces only, so grams holding those are left out.
 */
export function searchGrams(name: string | null, idNo: string | null): string {
  // Run once per person by the re-indexing statement (100k times after a large import): plain
  // loops over char codes, no closure, regular expression or Set per call.
  const out: string[] = [];
  if (name) {
    const n: string[] = [];
    for (const ch of name) n.push(ch); // by code point, as [...name]
    let ok = n.length > 0 && tokenText(n[0]);
    for (let k = 0; k < n.length; k++) {
      const nextOk = k + 1 < n.length && tokenText(n[k + 1]);
      if (ok) { addGram(out, n[k]); if (nextOk) addGram(out, n[k] + n[k + 1]); }
      ok = nextOk;
    }
  }
  let text = out.join(' ');
  if (idNo) {
    // An ID's gram (four characters, "z" first) never equals a name's (one or two code points), so it
    // is a repeat only of an earlier run of the same three: found by the first place that run occurs,
    // instead of searching the list of grams (where most of the time went).
    const all = tokenText(idNo);
    for (let k = 0; k + 3 <= idNo.length; k++) {
      const run = idNo.slice(k, k + 3);
      if (idNo.indexOf(run) < k) continue;
      const g = 'z' + run;
      if (all || tokenText(g)) text = text ? `${text} ${g}` : g;
    }
  }
  return text;
}

// Characters the ascii tokenizer keeps inside a token: ASCII letters and digits, and all non-ASCII.
const TOKEN = /^(?:[0-9A-Za-z]|[^\u0000-\u007f])+$/u;

function addGram(out: string[], g: string): void {
  if (out.indexOf(g) < 0) out.push(g);
}

/** TOKEN.test(s) for a non-empty s, by char code (a lone surrogate is non-ASCII either way). */
function tokenText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u < 0x80 && !((u >= 48 && u <= 57) || (u >= 65 && u <= 90) || (u >= 97 && u <= 122))) return false;
  }
  return s.length > 0;
}

/**
 * The MATCH expression that narrows a substring search to candidates, or null when the index
 * cannot help (an ID part shorter than three, or characters the tokenizer splits on): the caller
 * then scans. Candidates still go through instr(), which keeps the exact meaning.
 */
export function searchMatch(field: 'name' | 'idNo', text: string): string | null {
  const c = [...text];
  if (!c.length || !TOKEN.test(text)) return null;
  const grams = new Set<string>();
  if (field === 'name') {
    if (c.length <= 2) grams.add(text);
    else for (let k = 0; k + 2 <= c.length; k++) grams.add(c[k] + c[k + 1]);
  } else {
    if (c.length < 3) return null;
    for (let k = 0; k + 3 <= c.length; k++) grams.add('z' + c.slice(k, k + 3).join(''));
  }
  return [...grams].map((g) => `"${g}"`).join(' AND ');
}

/** Registers the gram function the re-indexing statement uses; every connection the app opens gets it. */
export function registerSearchFunctions(db: DB): void {
  db.function('ledger_search_grams', { deterministic: true }, (name: unknown, idNo: unknown) =>
    searchGrams(name == null ? null : String(name), idNo == null ? null : String(idNo)));
}

/**
 * The index lives in its own file, attached to every connection as schema "search" (migration 013):
 * the FTS5 table of grams, and which persons it holds (all up to indexed_upto, less those the ledger's
 * triggers listed in person_search_stale since) under the token of the ledger state it matches.
 */
const SEARCH_SCHEMA = `
  CREATE VIRTUAL TABLE search.person_search USING fts5(g, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii');
  CREATE TABLE search.person_search_meta (id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL, indexed_upto INTEGER NOT NULL);`;

/** Attaches the index file (":memory:" for a ledger that has no folder) as schema "search", with its tables. */
export function attachSearchIndex(db: DB, file: string): void {
  db.prepare('ATTACH DATABASE ? AS search').run(file);
  if (file !== ':memory:') {
    // Its own WAL: the ledger's readers and a large import's index thread do not wait for each other.
    db.pragma('search.journal_mode = WAL');
    db.pragma('search.synchronous = NORMAL');
  }
  const has = db.prepare("SELECT 1 FROM search.sqlite_master WHERE name = 'person_search_meta'").get();
  if (!has) db.transaction(() => db.exec(SEARCH_SCHEMA))();
}

/** The index and the ledger belong together when the index carries the token the ledger last recorded. */
function indexState(db: DB): { upto: number; inSync: boolean } {
  const ledger = (db.prepare('SELECT token FROM main.person_search_state WHERE id = 1').get() as { token: string } | undefined)?.token ?? '';
  const meta = db.prepare('SELECT token, indexed_upto AS upto FROM search.person_search_meta WHERE id = 1').get() as { token: string; upto: number } | undefined;
  const inSync = !!meta && ledger !== '' && meta.token === ledger;
  return { upto: inSync ? meta.upto : 0, inSync };
}

/** A new token for the index state the ledger now expects, recorded in the ledger (its own transaction's part). */
export function newLedgerToken(db: DB): string {
  const token = crypto.randomUUID();
  db.prepare('UPDATE main.person_search_state SET token = ? WHERE id = 1').run(token);
  return token;
}

/** Records that the index now holds every person up to maxId, under a new token in both files. */
function markIndexed(db: DB, maxId: number): void {
  db.prepare('INSERT INTO search.person_search_meta (id, token, indexed_upto) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET token = excluded.token, indexed_upto = excluded.indexed_upto')
    .run(newLedgerToken(db), maxId);
}

/**
 * Brings the index up to date: persons added since the last refresh (id above indexed_upto) and
 * those the triggers listed, with one DELETE and one INSERT, in one transaction (nested in the
 * caller's when there is one). An index that does not carry the ledger's token is emptied and built
 * again. Returns how many persons were (re)indexed.
 */
export function refreshPersonSearch(db: DB): number {
  const { upto, inSync } = indexState(db);
  const maxId = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM persons').get() as { n: number }).n;
  if (inSync && maxId <= upto && !db.prepare('SELECT 1 FROM person_search_stale LIMIT 1').get()) return 0;
  return db.transaction(() => {
    if (inSync) db.prepare('DELETE FROM search.person_search WHERE rowid IN (SELECT person_id FROM person_search_stale)').run();
    else db.prepare("INSERT INTO search.person_search (person_search) VALUES ('delete-all')").run();
    const n = db.prepare(`INSERT INTO search.person_search (rowid, g) SELECT id, ledger_search_grams(name, id_no) FROM persons
      WHERE id > ? OR id IN (SELECT person_id FROM person_search_stale)`).run(upto).changes;
    db.prepare('DELETE FROM person_search_stale').run();
    markIndexed(db, maxId);
    return n;
  })();
}
