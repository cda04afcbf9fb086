import type { postsChannels } from '../../../shared/api/posts';
import type { HandlersFor } from './types';
import * as posts from '../services/posts';
import { getSettings } from '../services/settings';
import { RULES, runChecks } from '../checks';
import { renewableAppointments, renewAppointments } from '../services/renewals';
import { reviewFinding, unreviewFinding } from '../services/findingReviews';
import { exportFindings, exportPostLibrary, exportPostsRoster, exportWages } from '../export/posts';

const file = (r: { fileName: string; buffer: Buffer }) => ({ fileName: r.fileName, base64: r.buffer.toString('base64') });

export const postsHandlers: HandlersFor<keyof typeof postsChannels> = {
  'posts.list': (ctx, p) => posts.listPosts(ctx, p),
  'posts.create': (ctx, p) => posts.createPost(ctx, p),
  'posts.update': (ctx, p) => posts.updatePost(ctx, p),
  'posts.revoke': (ctx, p) => posts.revokePost(ctx, p.id, p.date),
  'posts.categories': (ctx) => getSettings(ctx).postCategories,
  'appointments.list': (ctx, p) => posts.listAppointments(ctx, p),
  'appointments.create': (ctx, p) => posts.createAppointment(ctx, p),
  'appointments.update': (ctx, p) => posts.updateAppointment(ctx, p),
  'appointments.exit': (ctx, p) => posts.exitAppointment(ctx, p),
  'attendance.month': (ctx, p) => posts.attendanceMonth(ctx, p.month, p.villageId),
  'attendance.save': (ctx, p) => posts.saveAttendance(ctx, p.month, p.rows),
  'attendance.lock': (ctx, p) => posts.lockMonth(ctx, p.month),
  'attendance.unlock': (ctx, p) => posts.unlockMonth(ctx, p.month, p.reason, p.password),
  'checks.run': (ctx, p) => runChecks(ctx, { module: p.module, asOf: p.asOf, hideReviewed: p.hideReviewed }),
  'checks.review': (ctx, p) => reviewFinding(ctx, runChecks(ctx, { asOf: p.asOf, module: RULES.find((r) => r.code === p.rule)?.module }), p),
  'checks.unreview': (ctx, p) => unreviewFinding(ctx, p),
  'appointments.renewable': (ctx, p) => renewableAppointments(ctx, p),
  'appointments.renew': (ctx, p) => renewAppointments(ctx, p),
  'checks.export': async (ctx, p) => file(await exportFindings(ctx, p.asOf)),
  'export.posts': async (ctx) => file(await exportPostsRoster(ctx)),
  'export.postLibrary': async (ctx) => file(await exportPostLibrary(ctx)),
  'export.wages': async (ctx, p) => file(await exportWages(ctx, p.month, p.villageId)),
};
