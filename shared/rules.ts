/**
 * The compliance rules' metadata: code, module, usual severity and the Chinese title, in one place
 * for the checks (electron/backend/checks), the 问题清单 and 概览 screens and the exports. A rule's
 * `run` lives with its module's checks and takes these fields from here (checks/engine.ts `ruleMeta()`),
 * so a title is written once and cannot drift between the screen, the Excel file and the CLI.
 */

export type RuleModule = 'posts' | 'workshops' | 'loans' | 'monitoring';
export type Severity = 'error' | 'warning';

export interface RuleMeta {
  module: RuleModule;
  /** The usual severity; a finding may be raised above it (P04: 70 岁以上 is an error) or lowered (L03 without a 借款人 column). */
  severity: Severity;
  /** Short title, as the county inspection names the problem. */
  title: string;
}

export const RULE_META = {
  // 公益岗位
  P01: { module: 'posts', severity: 'error', title: '一人多岗' },
  P02: { module: 'posts', severity: 'warning', title: '一户多岗' },
  P03: { module: 'posts', severity: 'warning', title: '非脱贫户/监测户' },
  P04: { module: 'posts', severity: 'warning', title: '年龄不符' },
  P05: { module: 'posts', severity: 'error', title: '人岗不适' },
  P06: { module: 'posts', severity: 'error', title: '岗位虚设' },
  P07: { module: 'posts', severity: 'error', title: '变相发钱' },
  P08: { module: 'posts', severity: 'warning', title: '光伏平均分配' },
  P09: { module: 'posts', severity: 'error', title: '银行卡重复' },
  P10: { module: 'posts', severity: 'warning', title: '资料不全' },
  P11: { module: 'posts', severity: 'warning', title: '不在县级名单' },
  P12: { module: 'posts', severity: 'error', title: '身份证号无效' },
  P13: { module: 'posts', severity: 'warning', title: '聘用期满' },
  // 帮扶车间
  W01: { module: 'workshops', severity: 'error', title: '一人多车间' },
  W02: { module: 'workshops', severity: 'error', title: '车间不达标' },
  W03: { module: 'workshops', severity: 'error', title: '停产/退出仍有务工' },
  W04: { module: 'workshops', severity: 'error', title: '补助重复或超限' },
  W05: { module: 'workshops', severity: 'warning', title: '务工又占公益岗' },
  W06: { module: 'workshops', severity: 'warning', title: '信用代码有误' },
  // 小额信贷
  L01: { module: 'loans', severity: 'error', title: '贷款金额超限' },
  L02: { module: 'loans', severity: 'error', title: '贷款期限超过3年' },
  L03: { module: 'loans', severity: 'error', title: '借款人年龄不符' },
  L04: { module: 'loans', severity: 'error', title: '一户多笔贷款' },
  L05: { module: 'loans', severity: 'error', title: '借款人不是脱贫户或监测户' },
  L06: { module: 'loans', severity: 'warning', title: '贷款逾期' },
  // 防止返贫监测
  M01: { module: 'monitoring', severity: 'error', title: '有劳动能力的风险户未落实开发式帮扶' },
  M02: { module: 'monitoring', severity: 'warning', title: '风险消除但收入低于监测线' },
  M03: { module: 'monitoring', severity: 'error', title: '县级认定超期' },
  M04: { module: 'monitoring', severity: 'error', title: '帮扶计划制定超期' },
  M05: { module: 'monitoring', severity: 'error', title: '措施落实超期' },
  M06: { module: 'monitoring', severity: 'warning', title: '监测户未按月走访' },
  M07: { module: 'monitoring', severity: 'warning', title: '县外务工人员占用本地岗位' },
} as const satisfies Record<string, RuleMeta>;

export type RuleCode = keyof typeof RULE_META;

export const RULE_CODES = Object.keys(RULE_META) as RuleCode[];

export const isRuleCode = (code: string): code is RuleCode => Object.hasOwn(RULE_META, code);

/** The rule's title; an unknown code (a finding from a newer version's backup) shows as itself. */
export function ruleTitle(code: string): string {
  return isRuleCode(code) ? RULE_META[code].title : code;
}

/** Which module's page a rule's records live on. */
export function ruleModule(code: string): RuleModule | null {
  return isRuleCode(code) ? RULE_META[code].module : null;
}

export const SEVERITY_LABELS: Record<Severity, string> = { error: '错误', warning: '提醒' };

export const MODULE_LABELS: Record<RuleModule, string> = { posts: '公益岗位', workshops: '帮扶车间', loans: '小额信贷', monitoring: '防止返贫监测' };
