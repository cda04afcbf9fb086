import { z } from 'zod';
import { WORKSHOP_STATUSES } from '../workshops';
import { ch, FileOut, iso, page, sort } from './schema';

/** 帮扶车间 channels; handlers in electron/backend/handlers/workshops.ts, logic in services/workshops.ts. */
export const WorkshopStatus = z.enum(WORKSHOP_STATUSES);
export const QualificationState = z.enum(['qualified', 'notQualified', 'unverified', 'notApplicable']);

const text = (max: number) => z.string().max(max).nullable();

export const WorkshopInput = z.object({
  name: z.string().min(1, '请填写车间名称').max(60),
  villageId: z.number().int().nullable(),
  entity: text(80), // 经营主体
  creditCode: text(40), // 统一社会信用代码 (validated by the service)
  leader: text(30),
  phone: text(30),
  industry: text(30),
  recognizedDate: iso.nullable(), // 认定时间
  note: text(500),
});
export type WorkshopInput = z.infer<typeof WorkshopInput>;

export const Qualification = z.object({
  state: QualificationState,
  qualifying: z.number(),
  required: z.number(),
  reason: z.string(),
});

export const Workshop = WorkshopInput.extend({
  id: z.number(),
  villageName: z.string().nullable(),
  creditCodeProblem: z.string().nullable(), // the checksum message when the stored code does not pass
  status: WorkshopStatus,
  statusDate: z.string().nullable(),
  reportedEmployed: z.number().nullable(),
  reportedPoor: z.number().nullable(),
  reportedMonitored: z.number().nullable(),
  reportedAvgWageFen: z.number().nullable(),
  /** Where the figures come from: the 务工台账, the counts an imported ledger reported, or nothing yet. */
  source: z.enum(['employments', 'reported', 'none']),
  employed: z.number(), // 吸纳就业人数
  poor: z.number(), // 其中脱贫劳动力（含监测对象）
  monitored: z.number(), // 其中监测对象
  avgWageFen: z.number().nullable(), // 人均月工资
  qualification: Qualification,
  subsidyPaidFen: z.number(),
  deletedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Workshop = z.infer<typeof Workshop>;

export const WorkshopQuery = z.object({
  name: z.string().optional(), // 车间名称, 经营主体 or 信用代码, any part
  villageId: z.number().int().optional(),
  status: WorkshopStatus.optional(),
  qualification: QualificationState.optional(),
  deleted: z.boolean().default(false),
  sort,
  ...page,
});

export const StatusEntry = z.object({
  id: z.number(),
  fromStatus: z.string().nullable(),
  toStatus: WorkshopStatus,
  changedOn: z.string(),
  reason: z.string().nullable(),
  measures: z.string().nullable(), // 帮扶措施 (经营困难)
  operator: z.string(),
  createdAt: z.string(),
});
export type StatusEntry = z.infer<typeof StatusEntry>;

export const EmploymentInput = z.object({
  workshopId: z.number().int(),
  idNo: z.string().min(1, '请填写身份证号'),
  name: z.string().min(1, '请填写姓名').max(50),
  startDate: iso, // 入职日期
  endDate: iso.nullable(), // 离职日期
  contractMonths: z.number().int().min(0).max(600).nullable(), // 合同期限（月）
  monthlyWageFen: z.number().int().min(0).nullable(), // 月工资
  channel: text(30), // 就业渠道
  note: text(200),
});
export type EmploymentInput = z.infer<typeof EmploymentInput>;

export const Employment = EmploymentInput.extend({
  id: z.number(),
  workshopName: z.string(),
  personId: z.number(),
  householdType: z.string(),
  villageName: z.string().nullable(),
  inRoster: z.boolean(),
  poor: z.boolean(),
  monitored: z.boolean(),
  exitReason: z.string().nullable(),
  active: z.boolean(),
  /** Meets the 认定 terms (脱贫劳动力, contract, wage); reasons say what is missing. */
  counts: z.boolean(),
  reasons: z.array(z.string()),
  subsidized: z.boolean(),
});
export type Employment = z.infer<typeof Employment>;

export const EmploymentQuery = z.object({
  workshopId: z.number().int().optional(),
  name: z.string().optional(), // 姓名 or 身份证号, any part
  active: z.boolean().optional(),
  sort,
  ...page,
});

export const Subsidy = z.object({
  id: z.number(),
  workshopId: z.number(),
  personId: z.number(),
  name: z.string(),
  idNo: z.string(),
  amountFen: z.number(),
  paidDate: z.string(),
  voucher: z.string().nullable(),
  note: z.string().nullable(),
  operator: z.string(),
});
export type Subsidy = z.infer<typeof Subsidy>;

export const SubsidyCandidate = z.object({ employmentId: z.number(), personId: z.number(), name: z.string(), idNo: z.string(), amountFen: z.number() });
export const SubsidyWaiting = z.object({
  employmentId: z.number(), personId: z.number(), name: z.string(), idNo: z.string(), monthsWorked: z.number(), reason: z.string(),
});
export const SubsidyPlan = z.object({
  eligible: z.array(SubsidyCandidate),
  overCap: z.array(SubsidyCandidate),
  /** 脱贫劳动力 not yet employed here for the months the subsidy asks, as of the detail's date. */
  waiting: z.array(SubsidyWaiting),
  paidTotalFen: z.number(),
  remainingFen: z.number(),
  blocked: z.string().nullable(),
});

export const WorkshopDetail = z.object({
  workshop: Workshop,
  history: z.array(StatusEntry),
  subsidies: z.array(Subsidy),
  plan: SubsidyPlan,
  asOf: z.string(),
  rules: z.object({
    workshopMinPoorWorkers: z.number(), workshopMinContractMonths: z.number(), workshopMinWageFen: z.number(),
    workshopSubsidyPerPersonFen: z.number(), workshopSubsidyCapFen: z.number(),
  }),
});
export type WorkshopDetail = z.infer<typeof WorkshopDetail>;

const id = z.object({ id: z.number().int() });
const ok = z.object({ ok: z.literal(true) });

export const workshopsChannels = {
  'workshops.query': ch(WorkshopQuery, z.object({ rows: z.array(Workshop), total: z.number() })),
  /** asOf (default today): the figures, 认定 and subsidy plan as of that day. */
  'workshops.get': ch(id.extend({ asOf: iso.optional() }), WorkshopDetail),
  'workshops.create': ch(WorkshopInput.extend({ status: WorkshopStatus.default('正常运营') }), Workshop),
  'workshops.update': ch(WorkshopInput.extend({ id: z.number().int() }), Workshop),
  'workshops.delete': ch(id, ok),
  'workshops.restore': ch(id, Workshop),
  'workshops.changeStatus': ch(z.object({
    id: z.number().int(), status: WorkshopStatus, date: iso,
    reason: z.string().max(200), measures: z.string().max(500).nullable().default(null),
  }), WorkshopDetail),

  'employments.query': ch(EmploymentQuery, z.object({ rows: z.array(Employment), total: z.number() })),
  'employments.create': ch(EmploymentInput, Employment),
  'employments.update': ch(EmploymentInput.omit({ workshopId: true }).extend({ id: z.number().int() }), Employment),
  /** 离职: the last day worked and why. */
  'employments.leave': ch(z.object({ id: z.number().int(), endDate: iso, reason: z.string().max(100).nullable().default(null) }), Employment),
  'employments.delete': ch(id, ok),

  'workshops.paySubsidies': ch(z.object({
    workshopId: z.number().int(), personIds: z.array(z.number().int()).min(1, '请选择要发放补助的人员'),
    paidDate: iso, voucher: text(60).default(null), note: text(200).default(null),
  }), z.object({ paid: z.array(Subsidy) })),
  'workshops.revokeSubsidy': ch(z.object({ id: z.number().int(), reason: z.string().min(1, '请填写撤销原因').max(200) }), ok),

  'export.workshops': ch(z.object({}), FileOut),
  'export.employments': ch(z.object({ workshopId: z.number().int().optional() }), FileOut),
} as const;
