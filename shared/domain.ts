/** Vocabulary shared by the UI, the importer and the checks. */
export const HOUSEHOLD_TYPES = ['脱贫户', '监测户', '一般户'] as const;
export type HouseholdType = (typeof HOUSEHOLD_TYPES)[number];
export const MONITOR_CATEGORIES = ['脱贫不稳定户', '边缘易致贫户', '突发严重困难户'] as const;
export const RELATIONS = ['户主', '配偶', '之子', '之女', '之儿媳', '之女婿', '之孙子', '之孙女', '之父', '之母', '兄弟姐妹', '其他'] as const;
export const LABOR_SKILLS = ['技能劳动力', '普通劳动力', '弱劳动力或半劳动力', '丧失劳动力', '无劳动力'] as const;

/** 11-digit mobile (1[3-9]…) or a landline with area code, as county sheets write them. */
export function isValidPhone(p: string): boolean {
  return /^1[3-9]\d{9}$/.test(p) || /^0\d{2,3}-?\d{7,8}$/.test(p);
}

export function isVillageCode(c: string): boolean {
  return /^\d{12}$/.test(c);
}

/**
 * What a person's name may hold: Han characters (生僻字 of 扩展B区 and beyond included), 自造字 in
 * the private use area (how the 户籍 system stores characters it lacks), Latin letters, the middle
 * dots of 少数民族 names and spaces. The person form and the importer apply the same rule, so a name
 * typed in always comes back from our own export, and text like =SUM(…) or <b> never becomes a name.
 */
const PERSON_NAME = /^[\p{Script=Han}\u{E000}-\u{F8FF}\u{F0000}-\u{10FFFD}A-Za-z·•・.\s]+$/u;

/** The Chinese message for a name with characters no name has, or null when it is fine. */
export function personNameProblem(name: string): string | null {
  if (PERSON_NAME.test(name)) return null;
  // Cut by characters, not UTF-16 units: a 生僻字 at the cut must not turn into half a surrogate pair.
  return `姓名“${[...name].slice(0, 20).join('')}”含有不应出现在姓名中的字符，请核对`;
}
