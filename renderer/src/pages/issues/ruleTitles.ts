/**
 * Short Chinese titles of the check rules, as the county inspection names them. The 问题清单 shows
 * whatever codes the checks return; a code missing here shows as itself.
 */
export const RULE_TITLES: Record<string, string> = {
  // 公益岗位
  P01: '一人多岗',
  P02: '一户多岗',
  P03: '非脱贫户/监测户',
  P04: '年龄不符',
  P05: '人岗不适',
  P06: '岗位虚设',
  P07: '变相发钱',
  P08: '光伏平均分配',
  P09: '银行卡重复',
  P10: '资料不全',
  P11: '不在县级名单',
  P12: '身份证号无效',
  P13: '聘用期满',
  // 帮扶车间
  W01: '一人多车间',
  W02: '车间不达标',
  W03: '停产/退出仍有务工',
  W04: '补助重复或超限',
  W05: '务工又占公益岗',
  W06: '信用代码有误',
  // 小额信贷
  L01: '贷款超额',
  L02: '期限超3年',
  L03: '借款人年龄不符',
  L04: '一户多贷',
  L05: '对象不符',
  L06: '逾期',
};

export function ruleTitle(code: string): string {
  return RULE_TITLES[code] ?? code;
}

export const SEVERITY_LABELS: Record<string, string> = { error: '错误', warning: '提醒' };

/** Which page a rule's records live on, by the code's letter. */
export function ruleModule(code: string): 'posts' | 'workshops' | 'loans' | null {
  return code.startsWith('P') ? 'posts' : code.startsWith('W') ? 'workshops' : code.startsWith('L') ? 'loans' : null;
}
