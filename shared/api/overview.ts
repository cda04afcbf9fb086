import { z } from 'zod';
import { ch, FileOut, iso, month } from './schema';
import { FIGURES } from './labels';

/** 概览, 月报 and the county exchange package (issue 10). */

const Count = z.object({ key: z.string(), count: z.number() });

export const Overview = z.object({
  asOf: z.string(),
  today: z.string(),
  /** asOf before today: figures are worked out from the dates in the ledger (人员 and 问题 stay as they are today). */
  historical: z.boolean(),
  township: z.string(),
  persons: z.object({
    total: z.number(), households: z.number(), villages: z.number(),
    byHouseholdType: z.array(Count), byMonitorCategory: z.array(Count),
  }),
  posts: z.object({
    library: z.number(), active: z.number(), holders: z.number(), priorityActive: z.number(),
    priorityShare: z.number(), monthlyWageYuan: z.number(),
    byVillage: z.array(z.object({ villageId: z.number().nullable(), village: z.string(), active: z.number(), priority: z.number(), wageYuan: z.number() })),
    byCategory: z.array(z.object({ category: z.string(), active: z.number(), wageYuan: z.number() })),
  }),
  workshops: z.object({
    count: z.number(), operating: z.number(), employed: z.number(), poorEmployed: z.number(), byStatus: z.array(Count),
    byVillage: z.array(z.object({ village: z.string(), count: z.number(), employed: z.number(), poor: z.number() })),
  }),
  loans: z.object({
    count: z.number(), households: z.number(), totalYuan: z.number(), activeYuan: z.number(), householdLoanRate: z.number(),
    dueCount: z.number(), dueYuan: z.number(), overdueCount: z.number(), overdueYuan: z.number(),
    due: z.array(z.object({ window: z.number(), count: z.number(), balanceYuan: z.number() })),
    overdue: z.array(z.object({ key: z.string(), label: z.string(), count: z.number(), balanceYuan: z.number() })),
  }),
  /** 防返贫监测 at the 统计日期: the same figures as `stats --json` monitoring, and per village. */
  monitoring: z.object({
    households: z.number(), openHouseholds: z.number(), persons: z.number(), noDevMeasure: z.number(), overdue: z.number(),
    byVillage: z.array(z.object({ village: z.string(), households: z.number(), open: z.number(), noDevMeasure: z.number() })),
  }),
  problems: z.object({
    total: z.number(), error: z.number(), warning: z.number(),
    byRule: z.array(z.object({ rule: z.string(), title: z.string(), module: z.string(), severity: z.enum(['error', 'warning']), count: z.number() })),
  }),
  notes: z.array(z.string()),
});
export type Overview = z.infer<typeof Overview>;

export { FIGURES };
export type FigureKey = (typeof FIGURES)[number]['key'];
export const TownshipFigures = z.object(Object.fromEntries(FIGURES.map((f) => [f.key, z.number()])) as Record<FigureKey, z.ZodNumber>);
export type TownshipFigures = z.infer<typeof TownshipFigures>;

export const PACKAGE_SHEET_KINDS = ['summary', 'persons', 'posts', 'postLibrary', 'workshops', 'employments', 'loans'] as const;

export const PackageInfo = z.object({
  fileName: z.string(),
  township: z.string(),
  code: z.string(),
  exportedAt: z.string().nullable(),
  schemaVersion: z.number().nullable(),
  /** ok: hash matches; modified: edited after export (still merged); invalid: not a package, not merged; replaced: an older package of the same township. */
  status: z.enum(['ok', 'modified', 'invalid', 'replaced']),
  messages: z.array(z.string()),
  sheets: z.array(z.object({ name: z.string(), kind: z.string(), rows: z.number(), expectedRows: z.number().nullable(), hashOk: z.boolean().nullable() })),
});
export type PackageInfo = z.infer<typeof PackageInfo>;

export const CrossFinding = z.object({
  rule: z.string(), // P01 一人多岗, L04 一户多笔贷款, W01 一人多车间 (each 跨乡镇)
  title: z.string(),
  severity: z.enum(['error', 'warning']),
  id: z.string(), // 身份证号 or 户编号
  name: z.string(),
  townships: z.array(z.string()),
  message: z.string(),
  details: z.array(z.object({ township: z.string(), village: z.string().nullable(), text: z.string() })),
});
export type CrossFinding = z.infer<typeof CrossFinding>;

export const MergeResult = z.object({
  packages: z.array(PackageInfo),
  townships: z.array(z.object({ key: z.string(), name: z.string(), code: z.string(), fileName: z.string(), modified: z.boolean(), figures: TownshipFigures })),
  total: TownshipFigures,
  findings: z.array(CrossFinding),
  /** The consolidated workbook (各乡镇汇总 + 跨乡镇问题 + 交换包校验). */
  workbook: FileOut,
});
export type MergeResult = z.infer<typeof MergeResult>;

/** Cross-township findings counted by rule, for the 问题清单's 跨乡镇问题 section. */
export const CrossCounts = z.object({
  total: z.number(), error: z.number(), warning: z.number(),
  byRule: z.array(z.object({ rule: z.string(), title: z.string(), count: z.number() })),
});
export type CrossCounts = z.infer<typeof CrossCounts>;

/** A township package kept in the county workspace (县级汇总). */
export const CountyPackage = z.object({
  id: z.number(),
  key: z.string(), // 乡镇代码, or the name when none was set: one package per key
  township: z.string(),
  code: z.string(),
  county: z.string(),
  fileName: z.string(),
  exportedAt: z.string().nullable(),
  schemaVersion: z.number().nullable(),
  /** ok: the hashes match; mismatch: edited by hand after export (kept, with a warning). */
  hashStatus: z.enum(['ok', 'mismatch']),
  messages: z.array(z.string()),
  sheets: PackageInfo.shape.sheets,
  importedAt: z.string(),
  operator: z.string(),
  figures: TownshipFigures,
});
export type CountyPackage = z.infer<typeof CountyPackage>;

export const CountyWorkspace = z.object({
  packages: z.array(CountyPackage), // by township name
  total: TownshipFigures,
  findings: z.array(CrossFinding),
  counts: CrossCounts,
});
export type CountyWorkspace = z.infer<typeof CountyWorkspace>;

export const CountyImportResult = z.object({
  /** Per file, in the order given. added / replaced (an older package of the township was there) / unchanged (the same package again) / older (not kept) / invalid. */
  results: z.array(PackageInfo.pick({ fileName: true, township: true, code: true, exportedAt: true, status: true, messages: true }).extend({
    outcome: z.enum(['added', 'replaced', 'unchanged', 'older', 'invalid']),
    packageId: z.number().nullable(),
  })),
  workspace: CountyWorkspace,
});
export type CountyImportResult = z.infer<typeof CountyImportResult>;

/** A long export running as a job (exchange.exportStart, then exchange.exportStatus until done or failed): stage in Chinese, percent 0–100. */
export const ExportJob = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  stage: z.string(),
  percent: z.number(),
  message: z.string().nullable(),
  /** The file, with the status that says done (once: the job is then forgotten). */
  file: FileOut.nullable(),
});
export type ExportJob = z.infer<typeof ExportJob>;

const packageFiles = z.array(z.object({ fileName: z.string().min(1), base64: z.string() })).min(1, '请至少选择一个交换包').max(300);

export const overviewChannels = {
  'overview.get': ch(z.object({ asOf: iso.optional() }), Overview),
  'report.monthly': ch(z.object({ month }), FileOut),
  'exchange.export': ch(z.object({}), FileOut),
  // The same package as a job with progress, for the screen (the CLI and scripts use exchange.export).
  'exchange.exportStart': ch(z.object({}), ExportJob),
  'exchange.exportStatus': ch(z.object({ jobId: z.string() }), ExportJob),
  'exchange.merge': ch(z.object({ files: packageFiles }), MergeResult),
  // The county workspace: packages kept in this program's database, findings recomputed from them.
  'county.workspace': ch(z.object({}), CountyWorkspace),
  'county.import': ch(z.object({ files: packageFiles }), CountyImportResult),
  'county.remove': ch(z.object({ id: z.number().int() }), CountyWorkspace),
  'county.findings': ch(z.object({}), z.object({ packages: z.number(), townships: z.array(z.string()), findings: z.array(CrossFinding), counts: CrossCounts })),
  'county.export': ch(z.object({}), FileOut),
} as const;
