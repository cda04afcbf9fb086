import { AppError } from './errors';

/**
 * Work a screen follows by asking for its status (import.start/import.status, exchange.exportStart/
 * exchange.exportStatus): the jobs of one kind, held in this process's memory under their ids. A job is
 * touched whenever it is looked up and forgotten once it has gone untouched for `ttlMs`, unless it is
 * still busy. The TTL runs on the computer's clock on purpose: it is housekeeping of memory, not a date
 * the ledger records (those come from Ctx.now).
 */
export class JobRegistry<J extends { id: string }> {
  private readonly jobs = new Map<string, { job: J; touchedAt: number }>();

  constructor(private readonly opts: {
    ttlMs: number;
    /** A job still working is kept however long nobody asked. */
    busy: (job: J) => boolean;
    /** What the clerk is told when a job is gone (expired, or already handed over). */
    goneMessage: string;
  }) {}

  /** Keeps a new job, first forgetting the ones left untouched too long. */
  add(job: J): J {
    const now = Date.now();
    for (const [id, e] of this.jobs) if (now - e.touchedAt > this.opts.ttlMs && !this.opts.busy(e.job)) this.jobs.delete(id);
    this.jobs.set(job.id, { job, touchedAt: now });
    return job;
  }

  /** The job, touched; NOT_FOUND with the Chinese message when it is gone. */
  get(id: string): J {
    const e = this.jobs.get(id);
    if (!e) throw new AppError('NOT_FOUND', this.opts.goneMessage);
    e.touchedAt = Date.now();
    return e.job;
  }

  delete(id: string): void {
    this.jobs.delete(id);
  }
}
