import { todayIso } from '../../../shared/dates';
import type { Ctx } from '../services/context';
import type { Finding, Rule } from './engine';
import { loansRules } from './loans';
import { postsRules } from './posts';
import { workshopsRules } from './workshops';

/** The one rule engine: every module's rules, run on demand and after each import. */
export const RULES: Rule[] = [...postsRules, ...workshopsRules, ...loansRules];

export function runChecks(ctx: Ctx, opts: { module?: Rule['module']; asOf?: string } = {}): Finding[] {
  const asOf = opts.asOf ?? todayIso();
  return RULES.filter((r) => !opts.module || r.module === opts.module).flatMap((r) => r.run(ctx, asOf));
}
