import { Worker } from 'node:worker_threads';
import type { DB } from '../db/open';
import { attachSearchFile, nativeBindingOf } from '../db/open';
import { bundledWorkerScript, workerScript } from '../devBundle';
import { newLedgerToken, refreshPersonSearch } from './personSearch';
import { INDEXER_STATE } from './searchIndexerState';
import type { NewPersons } from '../import/kinds/types';

/**
 * The search index of a large import built beside it (issue 18): while the main thread writes the
 * ledger, a thread of its own writes the new persons' grams into the index file (search-worker.ts),
 * which SQLite lets it do because the index is a file of its own. The ledger's writer would otherwise
 * spend a tenth of a 100k import on it after the rows.
 *
 * The new persons' ids are known ahead: they are inserted in the staged order, each taking the next
 * rowid after the highest id. seal(), the last step of the ledger's transaction, checks that they did
 * and records a new token in the ledger; the thread commits under the same token once the ledger has
 * committed. Anything else (a thread that did not start or failed, ids that differ, a rollback) leaves
 * the index as before, and the ordinary refresh after the commit indexes what is missing; a crash
 * between the two commits leaves tokens that differ, and the index is rebuilt at the next search.
 */
export interface SearchIndexer {
  /** Inside the ledger's transaction, after the rows: whether the thread's work stands (the ledger then carries its token). */
  seal(db: DB): boolean;
  /** After the ledger's transaction (committed or not): the thread commits or rolls back, the index file is attached again and brought up to date. */
  finish(db: DB, committed: boolean): void;
}

/** A thread that shows no progress for this long (it died, ran out of memory or hangs) is given up. */
const STALL_MS = 5_000;
/**
 * One that has not even begun by the end of the ledger's transaction gets this much more: it boots in
 * well under a second, so it most likely could not load (its script or SQLite), and every large import
 * would otherwise wait the full STALL_MS for it.
 */
const START_GRACE_MS = 1_500;

let scriptFile: string | null = null;

/**
 * Finds the thread's script ahead. Needed only from source, where it is bundled first (which cannot happen
 * inside a commit); the app's builds ship it, and startSearchIndexer finds it there itself.
 */
export async function prepareSearchIndexer(): Promise<void> {
  scriptFile ??= await workerScript('search-worker', import.meta.url);
}

/** The index file attached to this connection, or null (an in-memory index, as some tests use). */
function searchFile(db: DB): string | null {
  const row = (db.pragma('database_list') as { name: string; file: string }[]).find((d) => d.name === 'search');
  return row?.file ? row.file : null;
}

/**
 * Starts indexing these new persons (names and IDs in the order they will be inserted) in the index
 * thread, or returns null when it cannot help. Outside any transaction: the index file is detached
 * from this connection until finish(), since a transaction here would lock it against the thread.
 */
export function startSearchIndexer(db: DB, people: NewPersons, scriptOverride?: string): SearchIndexer | null {
  const script = scriptOverride ?? (scriptFile ??= bundledWorkerScript('search-worker', import.meta.url));
  const file = searchFile(db);
  if (!script || !file || db.inTransaction) return null;
  refreshPersonSearch(db); // the thread adds to an index that holds every person up to base
  const base = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM persons').get() as { n: number }).n;
  const token = (db.prepare('SELECT token FROM main.person_search_state WHERE id = 1').get() as { token: string }).token;
  const { idNos } = people;
  const signal = new SharedArrayBuffer(8);
  const state = new Int32Array(signal);
  db.exec('DETACH DATABASE search');
  let worker: Worker;
  try {
    worker = new Worker(script, {
      // Two strings, not 200k: copied to the thread at once (the thread checks it gets as many of each).
      workerData: { file, nativeBinding: nativeBindingOf(db), names: people.names.join('\0'), idNos: idNos.join('\0'), count: idNos.length, base, token, signal },
      execArgv: [],
      // A small heap: the import's own rows already take most of the memory the CLI may use.
      resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 },
    });
  } catch {
    attachSearchFile(db, file);
    return null;
  }
  worker.unref(); // a thread that hangs must not keep the CLI from exiting
  worker.on('error', () => { /* its state says failed or never started; the ordinary refresh takes over */ });
  let newToken: string | null = null, stalled = false;
  /** Waits until the thread reaches `until`; false when it failed or stopped moving. */
  const wait = (until: number) => {
    if (stalled) return false;
    let seen = -1, since = Date.now();
    for (;;) {
      const s = Atomics.load(state, 0);
      if (s === INDEXER_STATE.failed) return false;
      if (s >= until) return true;
      const progress = s * 1e9 + Atomics.load(state, 1);
      if (progress !== seen) { seen = progress; since = Date.now(); } else if (Date.now() - since > (s === INDEXER_STATE.starting ? START_GRACE_MS : STALL_MS)) return !(stalled = true);
      Atomics.wait(state, 0, s, 200);
    }
  };
  return {
    seal(db) {
      if (!wait(INDEXER_STATE.ready)) return false;
      const ids = db.prepare('SELECT id_no FROM persons WHERE id > ? ORDER BY id').pluck().all(base) as string[];
      if (ids.length !== idNos.length || ids.some((id, i) => id !== idNos[i])) return false;
      newToken = newLedgerToken(db);
      return true;
    },
    finish(db, committed) {
      worker.postMessage(committed && newToken ? { t: 'commit', token: newToken, upto: base + idNos.length } : { t: 'rollback' });
      // Its connection must be closed before this one writes the file again: a thread that stopped moving is
      // ended, and its connection closes with it.
      if (!wait(INDEXER_STATE.committed) && Atomics.load(state, 0) !== INDEXER_STATE.failed) void worker.terminate();
      attachSearchFile(db, file);
      if (committed) refreshPersonSearch(db); // persons the import changed, or all of its own if the thread's work did not stand
    },
  };
}
