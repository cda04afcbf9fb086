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
