import { z } from 'zod';
import { HOUSEHOLD_TYPES } from '../domain';

/**
 * Every channel the UI, the HTTP bridge and the Electron IPC can call. The dispatcher validates
 * params and results against these schemas; both sides take their types from here.
 */
import { ch, FileOut, iso, month, page, sort } from './schema';
import { IMPORT_KIND_LABELS, IMPORT_KINDS } from './labels';
import { postsChannels } from './posts';
import { workshopsChannels } from './workshops';
import { loansChannels } from './loans';
import { safetyChannels } from './safety';
import { printChannels } from './print';
import { overviewChannels } from './overview';
import { monitoringChannels } from './monitoring';

export const Settings = z.object({
  county: z.string(),
  township: z.string(),
  regionCode: z.string(),
  supervisionPhone: z.string(),
  gongshiDays: z.number().int().min(1).max(30),
  maskIdsOnPrint: z.boolean(),
  operator: z.string(),
  // No .default() on settings keys: in zod 4 Settings.partial() would fill them in and a partial
  // settings.update would reset other modules' keys. Defaults live in DEFAULT_SETTINGS.
  // 小额信贷: 贴息 day-count basis, LPR (annual rate in millionths: 3.45% = 34500), due-alert windows, borrower ages
  subsidyDayBasis: z.union([z.literal(360), z.literal(365)]),
  loanLprE6: z.number().int().min(0).max(200_000),
  loanDueAlertDays: z.array(z.number().int().min(1).max(366)).min(1).max(5),
  loanAgeMin: z.number().int().min(14).max(80),
  loanAgeMax: z.number().int().min(14).max(90),
  // 公益岗位
  postsPerHousehold: z.number().int().min(1).max(10),
  ageMaleMin: z.number().int().min(14).max(80),
  ageMaleMax: z.number().int().min(14).max(80),
  ageFemaleMin: z.number().int().min(14).max(80),
  ageFemaleMax: z.number().int().min(14).max(80),
  vacantMonths: z.number().int().min(1).max(24),
  /** 到期提醒: 聘用协议 ending within this many days of the 统计日期 are listed for 续聘. */
  appointmentDueAlertDays: z.number().int().min(1).max(366),
  pvWageFloorFen: z.number().int().min(0),
  postCategories: z.array(z.string()),
  // 帮扶车间: defaults in DEFAULT_SETTINGS (shared/workshops.ts). No .default() here: in zod 4, Settings.partial()
  // would fill it in and every partial settings.update would reset the key.
  workshopMinPoorWorkers: z.number().int().min(1).max(100),
  workshopMinContractMonths: z.number().int().min(1).max(60),
  workshopMinWageFen: z.number().int().min(0),
  workshopSubsidyPerPersonFen: z.number().int().min(0),
  workshopSubsidyCapFen: z.number().int().min(0),
  // 防返贫监测 (defaults in DEFAULT_SETTINGS): deadline profile, monitoring line per year in 分, visit interval, working age.
  monitorDeadlineProfile: z.enum(['standard', 'special']),
  monitorLines: z.array(z.object({ year: z.number().int().min(2000).max(2100), lineFen: z.number().int().min(0) })).max(50),
  monitorVisitMonths: z.number().int().min(1).max(12),
  monitorWorkAgeMin: z.number().int().min(14).max(80),
  monitorWorkAgeMax: z.number().int().min(14).max(90),
});
export type Settings = z.infer<typeof Settings>;

export const Village = z.object({ id: z.number(), name: z.string(), code: z.string().nullable(), persons: z.number() });
export type Village = z.infer<typeof Village>;

export const PersonInput = z.object({
  idNo: z.string(),
  name: z.string().min(1).max(50),
  villageId: z.number().int().nullable(),
  householdNo: z.string().max(30).nullable(),
  householdType: z.enum(HOUSEHOLD_TYPES),
  monitorCategory: z.string().nullable(),
  riskEliminated: z.boolean().nullable(),
  exitYear: z.number().int().min(2013).max(2100).nullable(),
  relation: z.string().nullable(),
  laborSkill: z.string().nullable(),
  phone: z.string().nullable(),
});
export type PersonInput = z.infer<typeof PersonInput>;

export const Person = PersonInput.extend({
  id: z.number(),
  sex: z.string().nullable(),
  birthDate: z.string().nullable(),
  villageName: z.string().nullable(),
  householdId: z.number().nullable(),
  inRoster: z.boolean(),
  deletedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof Person>;

export const PersonQuery = z.object({
  name: z.string().optional(), // 姓名 substring or pinyin initials
  idNo: z.string().optional(), // any part
  villageId: z.number().int().optional(),
  householdType: z.string().optional(),
  monitorCategory: z.string().optional(),
  deleted: z.boolean().default(false), // true lists the 回收站
  sort,
  ...page,
});

export const Stats = z.object({
  persons: z.number(), households: z.number(), villages: z.number(),
  posts: z.object({ library: z.number(), active: z.number(), holders: z.number(), priorityActive: z.number(), monthlyWageYuan: z.number() }).passthrough(),
}).passthrough();

export const ImportKind = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof ImportKind>;
export { IMPORT_KIND_LABELS };

export const ImportError = z.object({
  sheet: z.string(),
  row: z.number(),
  column: z.string(),
  message: z.string(),
  suggestion: z.object({ personId: z.number(), idNo: z.string(), name: z.string() }).optional(),
});
export type ImportError = z.infer<typeof ImportError>;

export const ImportSummary = z.object({
  kind: z.string(),
  rows: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  errors: z.array(ImportError),
  batchId: z.number().nullable(),
  /** Things about the file as a whole the clerk should know (e.g. formulas saved without results). */
  warnings: z.array(z.string()).optional(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const FieldMapping = z.record(z.string(), z.number().int().nullable()); // field key → column index
export const ImportField = z.object({ key: z.string(), label: z.string(), required: z.boolean() });

export const ImportJob = z.object({
  jobId: z.string(),
  state: z.enum(['reading', 'needsMapping', 'ready', 'committing', 'committed', 'failed', 'cancelled']),
  fileName: z.string(),
  rowsRead: z.number(),
  percent: z.number(),
  message: z.string().nullable(),
  sheets: z.array(z.object({ name: z.string(), score: z.number(), rows: z.number() })),
  sheet: z.string().nullable(),
  headerRow: z.number().nullable(),
  headers: z.array(z.string()),
  fields: z.array(ImportField),
  mapping: FieldMapping,
  missing: z.array(z.string()),
  counts: z.object({ new: z.number(), changed: z.number(), unchanged: z.number(), error: z.number() }),
  summary: ImportSummary.nullable(),
  /** What one row counts as, from the kind (人, 条聘用, 个岗位): the preview says “新增 12 条聘用”. */
  unit: z.string(),
  /** About the chosen sheet as a whole, shown above the preview (the rows' own errors are in the preview). */
  warnings: z.array(z.string()),
});
export type ImportJob = z.infer<typeof ImportJob>;

export const PreviewRow = z.object({
  row: z.number(),
  category: z.enum(['new', 'changed', 'unchanged', 'error']),
  key: z.string(),
  label: z.string(),
  values: z.record(z.string(), z.string()),
  changes: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
  errors: z.array(ImportError),
  /** Per mapped field key: the value that will be written (money in 元, rates in %), or the cell as written when nothing is parsed from it. */
  fields: z.record(z.string(), z.string()).default({}),
  /** Every cell of the row as written, by column index: unmapped columns and the raw cell behind a parsed value. */
  cells: z.array(z.string()).default([]),
});
export type PreviewRow = z.infer<typeof PreviewRow>;

export const ImportBatch = z.object({
  id: z.number(), kind: z.string(), fileName: z.string(), sheet: z.string().nullable(), committedAt: z.string(),
  operator: z.string(), rows: z.number(), inserted: z.number(), updated: z.number(), unchanged: z.number(),
  errors: z.number(), undoneAt: z.string().nullable(),
});

const coreChannels = {
  'app.info': ch(z.object({}), z.object({
    version: z.string(), dataDir: z.string(), dbFile: z.string(), schemaVersion: z.number(), township: z.string(),
    lastBackupAt: z.string().nullable(), mode: z.string(),
    /** The ledger's clock now (local time, YYYY-MM-DD HH:mm:ss): the page's "today" follows it (LEDGER_NOW, a server in another time zone). */
    now: z.string(),
  })),
  'settings.get': ch(z.object({}), Settings),
  'settings.update': ch(Settings.partial(), Settings),
  'stats.get': ch(z.object({ asOf: iso.optional() }), Stats),

  'villages.list': ch(z.object({}), z.array(Village)),
  'villages.create': ch(z.object({ name: z.string().min(1).max(40), code: z.string().nullable() }), Village),
  'villages.update': ch(z.object({ id: z.number().int(), name: z.string().min(1).max(40), code: z.string().nullable() }), Village),

  'persons.query': ch(PersonQuery, z.object({ rows: z.array(Person), total: z.number() })),
  'persons.get': ch(z.object({ id: z.number().int() }), Person),
  'persons.create': ch(PersonInput, Person),
  'persons.update': ch(PersonInput.extend({ id: z.number().int() }), Person),
  'persons.delete': ch(z.object({ id: z.number().int() }), z.object({ ok: z.literal(true) })),
  'persons.restore': ch(z.object({ id: z.number().int() }), Person),

  'import.start': ch(z.object({
    kind: ImportKind, fileName: z.string(), base64: z.string(),
    /** What the file itself may not say: the month of a 工资发放表 without one in its title. */
    options: z.object({ month: month.optional() }).optional(),
  }), ImportJob),
  'import.status': ch(z.object({ jobId: z.string() }), ImportJob),
  'import.configure': ch(z.object({ jobId: z.string(), sheet: z.string().optional(), mapping: FieldMapping.optional(), remember: z.boolean().default(true) }), ImportJob),
  'import.preview': ch(z.object({ jobId: z.string(), category: z.enum(['new', 'changed', 'unchanged', 'error', 'all']).default('all'), ...page }),
    z.object({ rows: z.array(PreviewRow), total: z.number() })),
  'import.commit': ch(z.object({ jobId: z.string(), acceptSuggestions: z.array(z.number()).default([]), allOrNothing: z.boolean().default(false) }), ImportJob),
  'import.cancel': ch(z.object({ jobId: z.string() }), ImportJob),
  'import.errorReport': ch(z.object({ jobId: z.string() }), FileOut),
  'import.batches': ch(z.object({}), z.array(ImportBatch)),
  'import.undo': ch(z.object({ batchId: z.number().int() }), ImportBatch),

  'export.persons': ch(z.object({}), FileOut),
  /** 导出当前列表: what a grid shows, as an xlsx through the one workbook writer (IDs as text). */
  'export.grid': ch(z.object({
    name: z.string().trim().min(1).max(60), columns: z.array(z.string().max(60)).min(1).max(100),
    rows: z.array(z.array(z.string().max(32_767)).max(100)).max(200_000),
  }), FileOut),
} as const;

/** Each module keeps its channels in shared/api/<module>.ts; this is the one map of all of them. */
export const contract = { ...coreChannels, ...postsChannels, ...workshopsChannels, ...loansChannels, ...safetyChannels, ...printChannels, ...overviewChannels, ...monitoringChannels } as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type Params<C extends Channel> = z.input<Contract[C]['params']>;
export type ParsedParams<C extends Channel> = z.output<Contract[C]['params']>;
export type Result<C extends Channel> = z.output<Contract[C]['result']>;

/** BUSY: another window or command held the ledger past the wait; the message says what to do. */
export const ERROR_CODES = ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'BAD_FILE', 'INTERNAL', 'UNKNOWN_CHANNEL', 'LOCKED', 'BUSY'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };
