import { todayIso } from '../../../shared/dates';
import type { Ctx } from '../services/context';
import { markReviewed } from '../services/findingReviews';
import type { Overview } from '../../../shared/api/overview';
import { dataVersion, versionCached, versionCachedSet, withRunCache } from '../services/runCache';
import type { Finding, Rule } from './engine';
import { loansRules } from './loans';
import { monitoringRules } from './monitoring';
import { postsRules } from './posts';
import { workshopsRules } from './workshops';

/** The one rule engine: every module's rules, run on demand and after each import. */
export const RULES: Rule[] = [...postsRules, ...workshopsRules, ...loansRules, ...monitoringRules];

/**
 * The rules (of one module, or all) at asOf in one run cache: the lists several rules read (holders, loans,
 * 监测户) are loaded once. With onError a failing rule is reported and left out; without, it throws.
 */
function runRules(ctx: Ctx, asOf: string, module?: Rule['module'], onError?: (rule: Rule, e: unknown) => void): { rule: Rule; found: Finding[] }[] {
  return withRunCache(ctx.db, () => RULES.filter((r) => !module || r.module === module).flatMap((rule) => {
    try { return [{ rule, found: rule.run(ctx, asOf) }]; } catch (e) { if (!onError) throw e; onError(rule, e); return []; }
  }));
}

/** Every finding carries `reviewed` (已核实 and its record unchanged since); hideReviewed leaves those out. */
export function runChecks(ctx: Ctx, opts: { module?: Rule['module']; asOf?: string; hideReviewed?: boolean } = {}): (Finding & { reviewed: boolean })[] {
  const asOf = opts.asOf ?? todayIso(ctx.now());
  const version = dataVersion(ctx.db);
  const runs = runRules(ctx, asOf, opts.module);
  // A full run leaves 概览's counts for the same date and data behind (the clerk often looks at both).
  if (!opts.module) versionCachedSet(ctx.db, version, `problems:${asOf}`, { problems: countProblems(runs), notes: [] });
  const all = markReviewed(ctx, runs.flatMap((r) => r.found));
  return opts.hideReviewed ? all.filter((f) => !f.reviewed) : all;
}

export interface ProblemCounts { problems: Overview['problems']; notes: string[] }

/** Findings counted per rule and severity, in rule order: a rule may raise some above its usual severity (P04: 70 岁以上 is an error). */
function countProblems(runs: { rule: Rule; found: { severity: string }[] }[]): Overview['problems'] {
  const byRule: Overview['problems']['byRule'] = [];
  let error = 0, warning = 0;
  for (const { rule: r, found } of runs) {
    for (const sev of ['error', 'warning'] as const) {
      const n = found.filter((f) => f.severity === sev).length;
      if (!n) continue;
      byRule.push({ rule: r.code, title: r.title, module: r.module, severity: sev, count: n });
      if (sev === 'error') error += n; else warning += n;
    }
  }
  return { total: error + warning, error, warning, byRule };
}

/**
 * 概览's 问题 counts at asOf: every rule run, one failing named in the notes rather than blanking the
 * start page. Kept while the data stays at one version (runCache.dataVersion: any write, import, undo,
 * restore or settings change, ours or another program's, starts afresh), so 概览 opened again does not
 * run the whole check again; the caller gets its own copy.
 */
export function problemCounts(ctx: Ctx, asOf: string): ProblemCounts {
  const res = versionCached<ProblemCounts>(ctx.db, `problems:${asOf}`, () => {
    const notes: string[] = [];
    const runs = runRules(ctx, asOf, undefined, (rule, e) => notes.push(`规则 ${rule.code}（${rule.title}）运行出错：${e instanceof Error ? e.message : e}`));
    return { problems: countProblems(runs), notes };
  });
  return { problems: { ...res.problems, byRule: res.problems.byRule.map((r) => ({ ...r })) }, notes: [...res.notes] };
}
