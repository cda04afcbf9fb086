/** 在岗领补: the monthly pay rule, in one place for the UI and the backend. */
export type Assessment = '合格' | '不合格';

/**
 * 应发 for a month: the full wage when 合格 with full attendance, pro rata by days when partial,
 * nothing when 不合格 or no attendance. Integer 分, rounded half up.
 */
export function payableFen(wageFen: number, dueDays: number, presentDays: number, assessment: Assessment): number {
  if (assessment !== '合格' || presentDays <= 0 || dueDays <= 0) return 0;
  if (presentDays >= dueDays) return wageFen;
  return Math.floor((wageFen * presentDays * 2 + dueDays) / (2 * dueDays));
}

export const EXIT_REASONS = ['不履行岗位职责', '就学/参军/迁出', '违法犯罪', '本人不再需要', '其他'] as const;
export const POST_CATEGORIES = ['光伏公益岗', '乡村公益岗', '生态护林员', '交通护路员', '河湖管护员', '其他'] as const;
export const APPOINTMENT_STATUSES = ['在岗', '待岗', '离岗'] as const;

/** End of an agreement that starts on `start` and runs `months` months: the day before the same date `months` later. */
export function agreementEnd(start: string, months: number): string {
  const [y, m, d] = start.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + months, d));
  // 01-31 + 1 month has no 02-31: the agreement then runs to the end of February.
  if (t.getUTCDate() !== d) { t.setUTCDate(0); return t.toISOString().slice(0, 10); }
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}
