import type { workshopsChannels } from '../../../shared/api/workshops';
import type { HandlersFor } from './types';
import * as ws from '../services/workshops';
import { exportEmployments, exportWorkshops } from '../export/workshops';

const file = (r: { fileName: string; buffer: Buffer }) => ({ fileName: r.fileName, base64: r.buffer.toString('base64') });

export const workshopsHandlers: HandlersFor<keyof typeof workshopsChannels> = {
  'workshops.query': (ctx, p) => ws.queryWorkshops(ctx, p),
  'workshops.get': (ctx, p) => ws.getWorkshopDetail(ctx, p.id, p.asOf),
  'workshops.create': (ctx, p) => ws.createWorkshop(ctx, p),
  'workshops.update': (ctx, p) => ws.updateWorkshop(ctx, p),
  'workshops.delete': (ctx, p) => { ws.deleteWorkshop(ctx, p.id); return { ok: true as const }; },
  'workshops.restore': (ctx, p) => ws.restoreWorkshop(ctx, p.id),
  'workshops.changeStatus': (ctx, p) => ws.changeStatus(ctx, p),
  'employments.query': (ctx, p) => ws.queryEmployments(ctx, p),
  'employments.create': (ctx, p) => ws.createEmployment(ctx, p),
  'employments.update': (ctx, p) => ws.updateEmployment(ctx, p),
  'employments.leave': (ctx, p) => ws.leaveEmployment(ctx, p),
  'employments.delete': (ctx, p) => { ws.deleteEmployment(ctx, p.id); return { ok: true as const }; },
  'workshops.paySubsidies': (ctx, p) => ws.paySubsidies(ctx, p),
  'workshops.revokeSubsidy': (ctx, p) => { ws.revokeSubsidy(ctx, p); return { ok: true as const }; },
  'export.workshops': async (ctx) => file(await exportWorkshops(ctx)),
  'export.employments': async (ctx, p) => file(await exportEmployments(ctx, p.workshopId)),
};
