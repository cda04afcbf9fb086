import type { DB } from './open';
import { isBusyError } from './open';

/**
 * Runs fn, one large write transaction (an import of 10k rows and more), with SQLite's rollback journal
 * instead of the write-ahead log when this connection is the only one on the file. In WAL mode every
 * page is written twice, to the log and then by the checkpoint into the database file; the rollback
 * journal keeps only the old content of pages that already existed, so rows appended to the file are
 * written once (a 100k-person roster: 94 MB, and 0.4 s less on the CLI import). Same atomicity: a crash
 * in the middle leaves a journal that SQLite rolls back when the file is next opened.
 *
 * WAL is what lets a second window or the CLI read while another writes, so it comes back as soon as
 * fn ends. With another connection open (the app while the CLI imports) the switch is refused at once
 * (no wait) and fn runs in WAL as usual; a connection that opens meanwhile waits for this one to finish,
 * and sets WAL itself on opening. fn learns whether it has the ledger to itself.
 */
export function withRollbackJournal<T>(db: DB, fn: (alone: boolean) => T): T {
  if (db.inTransaction || db.memory) return fn(false);
  if (!switchJournal(db, 'delete')) return fn(false);
  const sync = db.pragma('main.synchronous', { simple: true }) as number;
  // NORMAL is safe for WAL, not for a rollback journal on every file system: sync at each step while it is on.
  db.pragma('main.synchronous = FULL');
  try {
    return fn(true);
  } finally {
    db.pragma(`main.synchronous = ${sync}`);
    switchJournal(db, 'wal'); // when refused, the next opening of the ledger sets WAL again (openDatabase)
  }
}

/** Sets the journal mode without waiting for other connections; whether the file is now in that mode. */
function switchJournal(db: DB, mode: 'delete' | 'wal'): boolean {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return db.pragma(`main.journal_mode = ${mode}`, { simple: true }) === mode; // the search index file keeps WAL
  } catch (e) {
    if (isBusyError(e)) return false;
    throw e;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}
