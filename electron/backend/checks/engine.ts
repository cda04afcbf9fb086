import type { Ctx } from '../services/context';
import { RULE_META, type RuleCode, type RuleMeta, type Severity } from '../../../shared/rules';

export type { Severity };

/** One problem the county inspection would flag, pointing at the record to open. */
export interface Finding {
  rule: string; // P01, W02, L06 …
  severity: Severity;
  /** The person's 身份证号 where the finding is about a person, otherwise the record's own key (信用代码, 合同编号). */
  id: string;
  name: string;
  village: string | null;
  message: string; // Chinese, says what is wrong and what to do
  record: { type: 'person' | 'post' | 'appointment' | 'workshop' | 'employment' | 'loan'; id: number };
}

/** A rule: its metadata (module, usual severity, title) from shared/rules.ts, and how it finds problems. */
export interface Rule extends RuleMeta {
  code: RuleCode;
  /** asOf: the ISO date the ledger is judged at (default today); same data + same asOf = same findings. */
  run(ctx: Ctx, asOf: string): Finding[];
}

/** `{ ...ruleMeta('P01'), run(ctx, asOf) { … } }`: the code with its one shared title, module and severity. */
export function ruleMeta<C extends RuleCode>(code: C): { code: C } & RuleMeta {
  return { code, ...RULE_META[code] };
}
