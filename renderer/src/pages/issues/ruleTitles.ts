import { RULE_META, ruleModule as moduleOf } from '../../../../shared/rules';

/** Rule titles and severities come from shared/rules.ts, the one list the checks and exports use too. */
export { ruleTitle, SEVERITY_LABELS } from '../../../../shared/rules';

export const RULE_TITLES: Record<string, string> = Object.fromEntries(Object.entries(RULE_META).map(([code, r]) => [code, r.title]));

/** Which page a rule's records live on (防止返贫监测's: the 防返贫监测 page, opened on the household). */
export function ruleModule(code: string): 'posts' | 'workshops' | 'loans' | 'monitoring' | null {
  return moduleOf(code);
}
