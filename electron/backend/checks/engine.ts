import type { Ctx } from '../services/context';

export type Severity = 'error' | 'warning';

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

export interface Rule {
  code: string;
  severity: Severity;
  module: 'posts' | 'workshops' | 'loans' | 'monitoring';
  title: string; // 一人多岗
  /** asOf: the ISO date the ledger is judged at (default today); same data + same asOf = same findings. */
  run(ctx: Ctx, asOf: string): Finding[];
}
