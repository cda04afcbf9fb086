import { todayIso } from '../../../shared/dates';
import type { Ctx } from './context';
import { loansStats } from './loans';
import { monitoringStats } from './monitoring';
import { postsStats } from './posts';
import { withRunCache } from './runCache';
import { workshopsStats } from './workshops';

/** The counts county scripts read from `stats --json`; later modules add their own keys. */
/** asOf (default today): figures that depend on the date are judged at it; same data + same asOf = same output. */
export function getStats(ctx: Ctx, asOf = todayIso(ctx.now())) {
  const one = (sql: string) => (ctx.db.prepare(sql).get() as { n: number }).n;
  // One run cache: the loans (count, 户贷率) and the 监测户 (counts, no measure) are read once each.
  return withRunCache(ctx.db, () => ({
    persons: one('SELECT count(*) AS n FROM persons WHERE deleted_at IS NULL'),
    households: one('SELECT count(DISTINCT household_id) AS n FROM persons WHERE deleted_at IS NULL AND household_id IS NOT NULL'),
    villages: one('SELECT count(*) AS n FROM villages'),
    asOf,
    loans: loansStats(ctx, asOf),
    posts: postsStats(ctx, asOf),
    workshops: workshopsStats(ctx, asOf),
    monitoring: monitoringStats(ctx, asOf),
  }));
}
