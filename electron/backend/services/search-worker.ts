// The search index of a large import's new persons, written by a thread of its own into the index
// file while the main thread writes the ledger (services/searchIndexer.ts). It commits only when the
// main thread says so, after the ledger's commit, under the token the ledger's transaction recorded;
// told otherwise, or on any problem, it rolls back and the main thread indexes the ordinary way.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { searchGrams } from './personSearch';
import { INDEXER_STATE } from './searchIndexerState';

const { file, nativeBinding, names, idNos, count, base, token, signal } = workerData as {
  /** The new persons' names and IDs, each list joined by NUL, `count` of each. */
  file: string; nativeBinding?: string; names: string; idNos: string; count: number; base: number; token: string; signal: SharedArrayBuffer;
};
const state = new Int32Array(signal); // [0]: INDEXER_STATE, [1]: progress
const say = (s: number) => { Atomics.store(state, 0, s); Atomics.notify(state, 0); };
say(INDEXER_STATE.started);

let db: Database.Database | null = null;
const close = () => { try { if (db?.inTransaction) db.exec('ROLLBACK'); db?.close(); } catch { /* closing anyway */ } db = null; };

try {
  db = new Database(file, nativeBinding ? { nativeBinding } : {});
  db.pragma('busy_timeout = 5000');
  db.exec('BEGIN IMMEDIATE');
  const meta = db.prepare('SELECT token, indexed_upto AS upto FROM person_search_meta WHERE id = 1').get() as { token: string; upto: number } | undefined;
  // The index must hold exactly the persons up to base, as the main thread saw it just before.
  if (!meta || meta.token !== token || meta.upto !== base) throw new Error('index out of step');
  // The new persons get the ids after base, in this order.
  const insert = db.prepare('INSERT INTO person_search (rowid, g) VALUES (?, ?)');
  const name = count ? names.split('\0') : [], id = count ? idNos.split('\0') : [];
  // A NUL inside a name would shift every name after it onto the wrong person: then the counts differ.
  if (name.length !== count || id.length !== count) throw new Error('lists out of step');
  for (let i = 0; i < count; i++) {
    insert.run(base + i + 1, searchGrams(name[i], id[i]));
    if ((i & 4095) === 4095) Atomics.add(state, 1, 1); // progress: the main thread gives up on a thread that stops moving
  }
  say(INDEXER_STATE.ready);
} catch {
  close();
  say(INDEXER_STATE.failed);
}

parentPort!.on('message', (m: { t: 'commit'; token: string; upto: number } | { t: 'rollback' }) => {
  try {
    if (m.t !== 'commit' || !db) throw new Error('rollback');
    db.prepare('UPDATE person_search_meta SET token = ?, indexed_upto = ? WHERE id = 1').run(m.token, m.upto);
    db.exec('COMMIT');
    close();
    say(INDEXER_STATE.committed);
  } catch {
    close();
    say(INDEXER_STATE.failed);
  }
  parentPort!.close();
});
