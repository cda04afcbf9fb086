import type { monitoringChannels } from '../../../shared/api/monitoring';
import type { HandlersFor } from './types';
import * as m from '../services/monitoringLedger';
import { exportMonitoring } from '../export/monitoring';

export const monitoringHandlers: HandlersFor<keyof typeof monitoringChannels> = {
  'monitoring.households': (ctx, p) => m.listMonitoredHouseholds(ctx, p),
  'monitoring.household': (ctx, p) => m.monitoredHouseholdDetail(ctx, p.id, p.asOf),
  'monitoring.addVisit': (ctx, p) => m.addVisit(ctx, p),
  'monitoring.addVisits': (ctx, p) => m.addVisits(ctx, p),
  'monitoring.addMeasure': (ctx, p) => m.addMeasure(ctx, p),
  'monitoring.endMeasure': (ctx, p) => m.endMeasure(ctx, p),
  'monitoring.saveCase': (ctx, p) => m.saveCase(ctx, p),
  'monitoring.eliminate': (ctx, p) => m.eliminateRisk(ctx, p),
  'monitoring.due': (ctx, p) => m.dueItems(ctx, p),
  'export.monitoring': async (ctx, p) => {
    const r = await exportMonitoring(ctx, p.asOf);
    return { fileName: r.fileName, base64: r.buffer.toString('base64') };
  },
};
