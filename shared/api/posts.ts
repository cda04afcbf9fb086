import { z } from 'zod';
import { ch, FileOut, iso, month, page, sort } from './schema';
import { APPOINTMENT_STATUSES, EXIT_REASONS, POST_CATEGORIES } from '../wages';

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
});
export type Appointment = z.infer<typeof Appointment>;

export const AttendanceRow = z.object({
  appointmentId: z.number(), personName: z.string(), idNo: z.string(), postName: z.string(), villageName: z.string().nullable(),
  wageFen: z.number(), dueDays: z.number().nullable(), presentDays: z.number().nullable(), assessment: z.enum(['合格', '不合格']).nullable(),
  payableFen: z.number().nullable(), paidFen: z.number().nullable(), paidReason: z.string().nullable(),
});
export type AttendanceRow = z.infer<typeof AttendanceRow>;

export const Finding = z.object({
  rule: z.string(), severity: z.enum(['error', 'warning']), id: z.string(), name: z.string(), village: z.string().nullable(),
  message: z.string(), record: z.object({ type: z.string(), id: z.number() }),
});
export type Finding = z.infer<typeof Finding>;

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
  }), z.object({ rows: z.array(Appointment), total: z.number() })),
  'appointments.create': ch(AppointmentInput, Appointment),
  'appointments.update': ch(AppointmentInput.extend({ id: z.number().int() }), Appointment),
  'appointments.exit': ch(z.object({ id: z.number().int(), date: iso, reason: z.enum(EXIT_REASONS), note: z.string().max(500).nullable().default(null) }), Appointment),
  'attendance.month': ch(z.object({ month, villageId: z.number().int().optional() }), z.object({ rows: z.array(AttendanceRow), locked: z.boolean() })),
  'attendance.save': ch(z.object({ month, rows: z.array(z.object({
    appointmentId: z.number().int(), dueDays: z.number().int().min(0).max(31), presentDays: z.number().int().min(0).max(31),
    assessment: z.enum(['合格', '不合格']), paidFen: z.number().int().min(0).nullable(), paidReason: z.string().max(200).nullable(),
  })) }), z.object({ rows: z.array(AttendanceRow), locked: z.boolean() })),
  'attendance.lock': ch(z.object({ month }), z.object({ month: z.string(), locked: z.boolean() })),
  /** Reopens a locked month: a reason is required and audited; the 程序锁 password when one is set (the CLI is never asked). */
  'attendance.unlock': ch(z.object({ month, reason: z.string().trim().min(1, '请写明解锁原因（例如：补发张三3月工资）').max(200), password: z.string().max(200).optional() }),
    z.object({ month: z.string(), locked: z.boolean() })),
  'checks.run': ch(z.object({ module: z.enum(['posts', 'workshops', 'loans']).optional(), asOf: iso.optional() }), z.array(Finding)),
  'checks.export': ch(z.object({}), FileOut),
  'export.posts': ch(z.object({}), FileOut),
  'export.postLibrary': ch(z.object({}), FileOut),
  'export.wages': ch(z.object({ month, villageId: z.number().int().optional() }), FileOut),
} as const;

export { POST_CATEGORIES, EXIT_REASONS, APPOINTMENT_STATUSES };
