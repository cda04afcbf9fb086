import { z } from 'zod';
import { MEASURE_NATURES, MEASURE_TYPES } from '../monitoring';
import { ch, FileOut, iso } from './schema';

/** 防止返贫监测 channels: the household list, a household's timeline, entering its steps, the 到期提醒 board. */
const text = (max: number) => z.string().max(max).nullable().default(null);

export const MonitorHouseholdRow = z.object({
  id: z.number(), householdNo: z.string().nullable(), village: z.string().nullable(), category: z.string().nullable(),
  /** At the as-of date: 风险未消除. */
  open: z.boolean(),
  /** Not a 监测户 (yet): a risk found and being identified in the cases ledger. */
  identifying: z.boolean(), identifiedMonth: z.string().nullable(), eliminatedMonth: z.string().nullable(),
  headPersonId: z.number().nullable(), headIdNo: z.string(), headName: z.string(), members: z.number(),
  lastVisit: z.string().nullable(),
  /** What covers the household with a development measure at the as-of date (公益岗位, 帮扶车间, 小额信贷, 帮扶措施, 工作台账). */
  coverage: z.array(z.string()),
  /** Codes of the monitoring findings on the household at the as-of date. */
  rules: z.array(z.string()),
});
export type MonitorHouseholdRow = z.infer<typeof MonitorHouseholdRow>;

export const MonitorMeasure = z.object({
  id: z.number(), householdId: z.number(), personId: z.number().nullable(), personName: z.string().nullable(),
  type: z.enum(MEASURE_TYPES), nature: z.enum(MEASURE_NATURES), content: z.string(),
  startDate: z.string().nullable(), endDate: z.string().nullable(), source: z.enum(['下载', '录入']), note: z.string().nullable(),
});
export type MonitorMeasure = z.infer<typeof MonitorMeasure>;

export const MonitorVisit = z.object({
  id: z.number(), householdId: z.number(), date: z.string(), visitor: z.string(), method: z.enum(['入户', '电话']).nullable(),
  incomeChange: z.string().nullable(), riskChange: z.string().nullable(), content: z.string().nullable(),
});
export type MonitorVisit = z.infer<typeof MonitorVisit>;

export const MonitorCase = z.object({
  id: z.number(), householdId: z.number(), category: z.string().nullable(), risk: z.string().nullable(), channel: z.string().nullable(),
  found: z.string(), verified: z.string().nullable(), villageReview: z.string().nullable(), townshipReview: z.string().nullable(),
  confirmed: z.string().nullable(), planned: z.string().nullable(), measure: z.string().nullable(), acted: z.string().nullable(),
  helper: z.string().nullable(), note: z.string().nullable(),
  /** Each deadline step at the as-of date. */
  deadlines: z.array(z.object({ step: z.enum(['identify', 'plan', 'act']), due: z.string(), done: z.string().nullable(), state: z.enum(['ok', 'late', 'missing', 'open']) })),
});
export type MonitorCase = z.infer<typeof MonitorCase>;

export const MonitorHouseholdDetail = MonitorHouseholdRow.extend({
  riskEliminated: z.boolean().nullable(), eliminationMethod: z.string().nullable(), risks: z.string().nullable(),
  /** 风险消除 recorded in the ledger: the day, the 驻村干部 who signed it off and a note (null when it came from a download). */
  elimination: z.object({ date: z.string(), signer: z.string(), note: z.string().nullable() }).nullable().default(null),
  people: z.array(z.object({ id: z.number(), idNo: z.string(), name: z.string(), relation: z.string().nullable(), laborSkill: z.string().nullable(), age: z.number().nullable() })),
  incomes: z.array(z.object({ year: z.number(), perCapitaFen: z.number() })),
  measures: z.array(MonitorMeasure),
  cases: z.array(MonitorCase),
  visits: z.array(MonitorVisit),
  migrants: z.array(z.object({ personId: z.number(), name: z.string(), channel: z.string().nullable(), province: z.string().nullable(), county: z.string().nullable(), employer: z.string().nullable(), months: z.number().nullable() })),
  findings: z.array(z.object({ rule: z.string(), severity: z.enum(['error', 'warning']), message: z.string() })),
});
export type MonitorHouseholdDetail = z.infer<typeof MonitorHouseholdDetail>;

export const VisitInput = z.object({
  householdId: z.number().int(), date: iso, visitor: z.string().min(1, '请填写走访人').max(30), method: z.enum(['入户', '电话']),
  incomeChange: text(60), riskChange: text(60), content: text(500),
});
export const MeasureInput = z.object({
  householdId: z.number().int(), personId: z.number().int().nullable().default(null), type: z.enum(MEASURE_TYPES),
  /** Omitted: the type's own nature (产业/就业/公益岗位/帮扶车间/小额信贷 开发式, the rest 保障式). */
  nature: z.enum(MEASURE_NATURES).optional(),
  content: z.string().min(1, '请填写措施内容').max(200), startDate: iso, endDate: iso.nullable().default(null), note: text(200),
});
export const CaseInput = z.object({
  id: z.number().int().optional(), householdId: z.number().int(), category: text(20), risk: text(60), channel: text(30),
  found: iso, verified: iso.nullable().default(null), villageReview: iso.nullable().default(null), townshipReview: iso.nullable().default(null),
  confirmed: iso.nullable().default(null), planned: iso.nullable().default(null), measure: text(200), acted: iso.nullable().default(null),
  helper: text(30), note: text(500),
});

/** 风险消除: the day, how (风险消除方式), and the 驻村干部's sign-off the procedure requires. */
export const EliminateInput = z.object({
  householdId: z.number().int(), date: iso,
  method: z.string().trim().min(1, '请填写风险消除方式').max(20),
  signer: z.string().trim().min(1, '请填写签字确认的驻村干部姓名').max(30),
  note: text(200),
});

export const DueItem = z.object({
  caseId: z.number(), householdId: z.number(), village: z.string().nullable(), name: z.string(), idNo: z.string(),
  step: z.enum(['identify', 'plan', 'act']), due: z.string(), state: z.enum(['overdue', 'due']), daysLeft: z.number(),
});
export type DueItem = z.infer<typeof DueItem>;

export const monitoringChannels = {
  'monitoring.households': ch(z.object({ asOf: iso.optional(), openOnly: z.boolean().default(false), village: z.string().optional(), search: z.string().max(40).optional() }), z.array(MonitorHouseholdRow)),
  'monitoring.household': ch(z.object({ id: z.number().int(), asOf: iso.optional() }), MonitorHouseholdDetail),
  'monitoring.addVisit': ch(VisitInput, MonitorVisit),
  /** Quick entry: the same visit (date, visitor, way, content) for several households of a village at once. */
  'monitoring.addVisits': ch(VisitInput.omit({ householdId: true }).extend({ householdIds: z.array(z.number().int()).min(1, '请选择要记录走访的户') }), z.object({ added: z.number(), skipped: z.number() })),
  'monitoring.addMeasure': ch(MeasureInput, MonitorMeasure),
  'monitoring.endMeasure': ch(z.object({ id: z.number().int(), endDate: iso }), MonitorMeasure),
  'monitoring.saveCase': ch(CaseInput, MonitorCase),
  'monitoring.eliminate': ch(EliminateInput, MonitorHouseholdDetail),
  'monitoring.due': ch(z.object({ asOf: iso.optional(), withinDays: z.number().int().min(0).max(60).default(3) }), z.array(DueItem)),
  'export.monitoring': ch(z.object({ asOf: iso.optional() }), FileOut),
};
