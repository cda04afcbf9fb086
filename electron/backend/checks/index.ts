import { todayIso } from '../../../shared/dates';
import type { Ctx } from '../services/context';
import { markReviewed } from '../services/findingReviews';
import { withRunCache } from '../services/runCache';
import type { Finding, Rule } from './engine';
import { loansRules } from './loans';
import { monitoringRules } from './monitoring';
import { postsRules } from './posts';
import { workshopsRules } from './workshops';

/** The one rule engine: every module's rules, run on demand and after each import. */
export const RULES: Rule[] = [...postsRules, ...workshopsRules, ...loansRules, ...monitoringRules];

/** Every finding carries `reviewed` (已核实 and its record unchanged since); hideReviewed leaves those out. */
export function runChecks(ctx: Ctx, opts: { module?: Rule['module']; asOf?: string; hideReviewed?: boolean } = {}): (Finding & { reviewed: boolean })[] {
  const asOf = opts.asOf ?? todayIso(ctx.now());
  // One run cache: the lists several rules read (holders, loans, 监测户) are loaded once per run.
  const all = markReviewed(ctx, withRunCache(ctx.db, () => RULES.filter((r) => !opts.module || r.module === opts.module).flatMap((r) => r.run(ctx, asOf))));
  return opts.hideReviewed ? all.filter((f) => !f.reviewed) : all;
}
