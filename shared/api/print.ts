import { z } from 'zod';
import { ch, FileOut, iso, month } from './schema';
import { Finding } from './posts';
import { PRINT_KIND_LABELS, PRINT_KINDS } from './labels';

/**
 * Print views. 'print.html' returns one self-contained HTML page (A4, print CSS, no scripts) that
 * the UI shows in a sandboxed iframe and prints; 'print.pdf' renders the same page with a local
 * Chromium/Edge when the computer has one; 'print.record' notes that a 公示 was posted (the P10
 * paperwork check looks for it).
 */
export { PRINT_KINDS, PRINT_KIND_LABELS };
export const PrintKind = z.enum(PRINT_KINDS);
export type PrintKind = z.infer<typeof PrintKind>;

/** The 公示 kinds and the gongshi_records.kind each is recorded under. */
export const GONGSHI_KINDS = { gongshi: '聘用公示', exitGongshi: '退岗公示' } as const;
export const GongshiKind = z.enum(['gongshi', 'exitGongshi']);

export const PrintParams = z.object({
  kind: PrintKind,
  villageId: z.number().int().optional(),
  /** 聘用公示: new hires of the month; 退岗公示: exits of the month; 花名册: holders active in it; 工资发放表: the pay month; 小额信贷台账: loans issued in it. */
  month: month.optional(),
  /** 公示开始日期 (or the 填报日期 of a 花名册/工资表); today when absent. */
  startDate: iso.optional(),
  /** 聘用公示 of exactly these appointments (the ones a 批量续聘 just renewed, or the 问题清单's P10 group). */
  appointmentIds: z.array(z.number().int()).max(5000).optional(),
  /** With appointmentIds: worded as a 续聘公示. */
  renewal: z.boolean().optional(),
});
export type PrintParams = z.infer<typeof PrintParams>;

export const GongshiPeriod = z.object({ startDate: z.string(), endDate: z.string(), days: z.number() });

export const PrintResult = z.object({
  html: z.string(),
  title: z.string(),
  orientation: z.enum(['landscape', 'portrait']),
  rows: z.number(),
  /** 生僻字 and other things to check before printing, in Chinese. */
  warnings: z.array(z.string()),
  gongshi: GongshiPeriod.nullable(),
  scope: z.string(),
  /** 打印前核对: the 问题清单's findings about the people on this sheet (公示, 花名册, 工资发放表); 已核实 ones left out. */
  findings: z.array(Finding).default([]),
});
export type PrintResult = z.infer<typeof PrintResult>;

export const GongshiRecord = z.object({
  id: z.number(), kind: z.string(), villageId: z.number().nullable(), villageName: z.string().nullable(), scope: z.string(),
  startDate: z.string(), endDate: z.string(), days: z.number(), createdAt: z.string(),
});
export type GongshiRecord = z.infer<typeof GongshiRecord>;

export const printChannels = {
  'print.html': ch(PrintParams, PrintResult),
  'print.pdf': ch(PrintParams, FileOut.extend({ warnings: z.array(z.string()), browser: z.string() })),
  'print.record': ch(z.object({ kind: GongshiKind, villageId: z.number().int().optional(), startDate: iso.optional(), month: month.optional(), appointmentIds: z.array(z.number().int()).max(5000).optional(), renewal: z.boolean().optional() }), GongshiRecord),
  'print.records': ch(z.object({ limit: z.number().int().min(1).max(500).default(50) }), z.array(GongshiRecord)),
} as const;
