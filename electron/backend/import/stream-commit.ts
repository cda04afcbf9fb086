import type { Ctx } from '../services/context';
import { refreshPersonSearch } from '../services/personSearch';
import type { Existing, KindDef, OpenCommit, StagedRow } from './kinds/types';

/**
 * The CLI's import of a large file, written while the file is still read: the reader thread stages the
 * rows (import/read-worker.ts) and this thread writes each part as it comes, in one transaction held
 * open until the whole file is read. Two cores then work at once instead of the commit waiting for the
 * last row (issue 18).
 *
 * It is a guess that must come out exactly as the import read first and written afterwards: only rows
 * new to the ledger are written this way, each key once. Anything else (a row the ledger already
 * holds, a key twice in the file, a failure, or a staging the importer does not keep) rolls the
 * transaction back and the import is committed the usual way, from the same staged rows.
 */
export class StreamCommit {
  private state: 'waiting' | 'live' | 'given up' = 'waiting';
  private writer: OpenCommit<unknown> | null = null;
  private cmp: ((r: unknown) => Existing | null) | null = null;
  private taken = 0;
  private pending: StagedRow<unknown>[] = [];
  private sinceSearch = 0;
  private readonly keys = new Set<string>();
  batchId = 0;
  written = 0;

  /** openBatch: the import_batches row, written first in the transaction; its id. */
  constructor(private readonly ctx: Ctx, private readonly kind: KindDef<unknown>, private readonly openBatch: () => number) {}

  get live(): boolean { return this.state !== 'given up'; }

  /** The rows staged so far (the list grows; what was taken before is not looked at again). */
  take(staged: StagedRow<unknown>[]): void {
    if (this.state === 'given up') return;
    try {
      for (let k = this.taken; k < staged.length; k++) {
        const s = staged[k];
        if (s.category === 'error' || !s.record) continue;
        if (s.category !== 'new' || this.keys.has(s.key)) { this.giveUp(); return; }
        this.keys.add(s.key);
        this.pending.push(s);
      }
      this.taken = staged.length;
      // The first comparison is made with enough records that the kind reads what the ledger holds once
      // (persons: one pass over the table, before anything is written) rather than row by row.
      if (this.state === 'waiting' && this.pending.length < FIRST_PART) return;
      this.write();
    } catch {
      this.giveUp();
    }
  }

  private write(): void {
    if (!this.pending.length) return;
    const { ctx } = this;
    if (this.state === 'waiting') {
      ctx.db.exec('BEGIN IMMEDIATE');
      this.state = 'live';
      this.batchId = this.openBatch();
      this.writer = this.kind.openCommit!(ctx, this.batchId);
      this.cmp = this.kind.compare(ctx, this.pending.map((s) => s.record));
    }
    const rows = this.pending;
    this.pending = [];
    for (const s of rows) if (this.cmp!(s.record) !== null) { this.giveUp(); return; }
    this.writer!.add(rows);
    this.written += rows.length;
    this.sinceSearch += rows.length;
    if (this.sinceSearch >= 8_000) { refreshPersonSearch(ctx.db); this.sinceSearch = 0; }
  }

  /**
   * After the final staging: true when it is what was written (every new row, each once, no other
   * category), and then the rest is written and the writer closed; the caller finishes the batch and
   * commits. False: rolled back, nothing of it remains.
   */
  settle(staged: StagedRow<unknown>[]): boolean {
    if (this.state === 'given up') return false;
    this.take(staged);
    if (!this.live) return false;
    try {
      let news = 0;
      for (const s of staged) {
        if (s.category === 'new') { news++; if (!this.keys.has(s.key)) { this.giveUp(); return false; } }
        else if (s.category !== 'error') { this.giveUp(); return false; }
      }
      if (news !== this.written + this.pending.length) { this.giveUp(); return false; }
      this.write();
      if (!this.live || this.state === 'waiting') { this.giveUp(); return false; }
      return true;
    } catch {
      this.giveUp();
      return false;
    }
  }

  /** The writer's end (indexes back, last audit rows); the caller then updates the batch and commits. */
  end(): { inserted: number; updated: number } {
    const r = this.writer!.end();
    this.writer = null;
    return r;
  }

  commit(): void {
    this.ctx.db.exec('COMMIT');
    this.state = 'given up'; // done: nothing left to roll back
  }

  /** Rolls back whatever was written (nothing happens when nothing was). */
  giveUp(): void {
    const was = this.state;
    this.state = 'given up';
    this.pending = [];
    if (was !== 'live') return;
    try { this.writer?.drop(); } finally {
      this.writer = null;
      if (this.ctx.db.inTransaction) this.ctx.db.exec('ROLLBACK');
    }
  }
}

/** Rows held back before the first write (see take). */
const FIRST_PART = 5_000;
