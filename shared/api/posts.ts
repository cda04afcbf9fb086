import { z } from 'zod';
import { ch, FileOut, iso, month, page, sort } from './schema';
import { APPOINTMENT_STATUSES, EXIT_REASONS, POST_CATEGORIES } from '../wages';
import { APPOINTMENT_DERIVED_STATUSES } from '../status';

export const PostInput = z.object({
  villageId: z.number().int().nullable(),
  name: z.string().min(1).max(40),
  category: z.string().min(1).max(20),
  fundSource: z.string().max(60).nullable(),
  headcount: z.number().int().min(0).max(999),
  duties: z.string().max(2000).nullable(),
  workTime: z.string().max(200).nullable(),
  wageFen: z.number().int().min(0),
  councilDate: iso.nullable(),
  councilRecord: z.string().max(4000).nullable(),
});
export const Post = PostInput.extend({
  id: z.number(), villageName: z.string().nullable(), status: z.enum(['设立', '撤销']), statusDate: z.string().nullable(),
  activeHolders: z.number(),
});
export type Post = z.infer<typeof Post>;

export const AppointmentInput = z.object({
  postId: z.number().int(),
  personId: z.number().int(),
  agreementNo: z.string().max(40).nullable(),
  startDate: iso,
  endDate: iso.nullable(),
  wageFen: z.number().int().min(0),
  bankAccount: z.string().max(30).nullable(),
  bankName: z.string().max(40).nullable(),
  status: z.enum(APPOINTMENT_STATUSES).default('在岗'),
  remark: z.string().max(500).nullable().default(null),
});
export const Appointment = AppointmentInput.extend({
  id: z.number(), postName: z.string(), postCategory: z.string(), villageName: z.string().nullable(),
  personName: z.string(), idNo: z.string(), householdType: z.string().nullable(), phone: z.string().nullable(),
  exitDate: z.string().nullable(), exitReason: z.string().nullable(), exitNote: z.string().nullable(),
  /** From the agreement's own dates at `statusAsOf` (an exit never extends it); `status` stays the ledger's (台账状态). */
  derivedStatus: z.enum(APPOINTMENT_DERIVED_STATUSES),
  statusAsOf: z.string(),
});
export type Appointment = z.infer<typeof Appointment>;

export const AttendanceRow = z.object({
  appointmentId: z.number(), personName: z.string(), idNo: z.string(), postName: z.string(), villageName: z.string().nullable(),
  wageFen: z.number(), dueDays: z.number().nullable(), presentDays: z.number().nullable(), assessment: z.enum(['合格', '不合格']).nullable(),
  payableFen: z.number().nullable(), paidFen: z.number().nullable(), paidReason: z.string().nullable(),
});
export type AttendanceRow = z.infer<typeof AttendanceRow>;
/** A month's list: the appointments whose agreement covers some day of it; 期满未续 left out are counted, with why. */
export const AttendanceMonth = z.object({ rows: z.array(AttendanceRow), locked: z.boolean(), expiredLeftOut: z.number(), note: z.string().nullable() });

export const Finding = z.object({
  rule: z.string(), severity: z.enum(['error', 'warning']), id: z.string(), name: z.string(), village: z.string().nullable(),
  message: z.string(), record: z.object({ type: z.string(), id: z.number() }),
  /** Marked 已核实 and its record unchanged since: the 问题清单 hides it (the CLI still lists it). */
  reviewed: z.boolean().optional(),
  /** The 已核实 reason, who and when, while `reviewed`. */
  review: z.object({ reason: z.string(), operator: z.string(), reviewedAt: z.string() }).optional(),
});
export type Finding = z.infer<typeof Finding>;

/** 批量续聘 / 到期提醒: an appointment with how its agreement stands at the as-of date. */
export const RenewalCandidate = Appointment.extend({
  /** Days from the as-of date to the end date (negative: 已期满 that many days ago). */
  daysLeft: z.number(),
  /** 已期满 (end date before the as-of date, still not exited) or 即将到期 (within the window). */
  state: z.enum(['已期满', '即将到期', '未到期']),
});
export type RenewalCandidate = z.infer<typeof RenewalCandidate>;

export const RenewalResult = z.object({
  renewed: z.array(z.object({ id: z.number(), personName: z.string(), villageName: z.string().nullable(), postName: z.string(), before: z.string(), after: z.string() })),
  endDate: z.string(),
});
export type RenewalResult = z.infer<typeof RenewalResult>;

/** What identifies one finding for 已核实 (the backend works out its fingerprint from the record as it is now). */
export const FindingRef = z.object({
  rule: z.string().min(1).max(10),
  recordType: z.enum(['person', 'post', 'appointment', 'workshop', 'employment', 'loan']),
  recordId: z.number().int(),
  message: z.string(),
  asOf: iso.optional(),
});

export const postsChannels = {
  'posts.list': ch(z.object({ villageId: z.number().int().optional(), status: z.enum(['设立', '撤销']).optional(), name: z.string().optional(), sort, ...page }),
    z.object({ rows: z.array(Post), total: z.number() })),
  'posts.create': ch(PostInput, Post),
  'posts.update': ch(PostInput.extend({ id: z.number().int() }), Post),
  'posts.revoke': ch(z.object({ id: z.number().int(), date: iso }), Post),
  'posts.categories': ch(z.object({}), z.array(z.string())),
  'appointments.list': ch(z.object({
    postId: z.number().int().optional(), personId: z.number().int().optional(), villageId: z.number().int().optional(),
    status: z.enum(APPOINTMENT_STATUSES).optional(), name: z.string().optional(), sort, ...page,
    /** The day derivedStatus is judged at (default today). */
    asOf: iso.optional(),
  }), z.object({ rows: z.array(Appointment), total: z.number() })),
  'appointments.create': ch(AppointmentInput, Appointment),
  'appointments.update': ch(AppointmentInput.extend({ id: z.number().int() }), Appointment),
  'appointments.exit': ch(z.object({ id: z.number().int(), date: iso, reason: z.enum(EXIT_REASONS), note: z.string().max(500).nullable().default(null) }), Appointment),
  'attendance.month': ch(z.object({ month, villageId: z.number().int().optional() }), AttendanceMonth),
  'attendance.save': ch(z.object({ month, rows: z.array(z.object({
    appointmentId: z.number().int(), dueDays: z.number().int().min(0).max(31), presentDays: z.number().int().min(0).max(31),
    assessment: z.enum(['合格', '不合格']), paidFen: z.number().int().min(0).nullable(), paidReason: z.string().max(200).nullable(),
  })) }), AttendanceMonth),
  'attendance.lock': ch(z.object({ month }), z.object({ month: z.string(), locked: z.boolean() })),
  /** Reopens a locked month: a reason is required and audited; the 程序锁 password when one is set (the CLI is never asked). */
  'attendance.unlock': ch(z.object({ month, reason: z.string().trim().min(1, '请写明解锁原因（例如：补发张三3月工资）').max(200), password: z.string().max(200).optional() }),
    z.object({ month: z.string(), locked: z.boolean() })),
  'checks.run': ch(z.object({
    module: z.enum(['posts', 'workshops', 'loans', 'monitoring']).optional(), asOf: iso.optional(),
    /** Leave out findings marked 已核实 (default: all are returned, each with `reviewed`). */
    hideReviewed: z.boolean().optional(),
  }), z.array(Finding)),
  'checks.review': ch(FindingRef.extend({ reason: z.string().trim().min(1, '请写明核实情况（为什么这条不是问题）').max(500) }), Finding),
  'checks.unreview': ch(FindingRef.pick({ rule: true, recordType: true, recordId: true }), z.object({ removed: z.number() })),
  'appointments.renewable': ch(z.object({
    asOf: iso.optional(), villageId: z.number().int().optional(), postId: z.number().int().optional(),
    /** End dates before this day (default: the as-of date plus the 到期提醒 days). */
    endingBefore: iso.optional(),
  }), z.object({ rows: z.array(RenewalCandidate), asOf: z.string(), endingBefore: z.string(), alertDays: z.number() })),
  'appointments.renew': ch(z.object({
    ids: z.array(z.number().int()).min(1, '请至少选择一条聘用').max(5000), endDate: iso, note: z.string().max(200).nullable().default(null),
  }), RenewalResult),
  'checks.export': ch(z.object({ asOf: iso.optional() }), FileOut),
  'export.posts': ch(z.object({}), FileOut),
  'export.postLibrary': ch(z.object({}), FileOut),
  'export.wages': ch(z.object({ month, villageId: z.number().int().optional() }), FileOut),
} as const;

export { POST_CATEGORIES, EXIT_REASONS, APPOINTMENT_STATUSES };
