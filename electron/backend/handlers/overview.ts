import type { overviewChannels } from '../../../shared/api/overview';
import type { HandlersFor } from './types';
import { getOverview } from '../services/overview';
import { mergePackages } from '../services/exchange';
import { exportMonthlyReport } from '../export/report';
import { exportExchangePackage } from '../export/exchange';
import { exportStatus, startExchangeExport } from '../export/jobs';
import { countyFindings, countyWorkbook, countyWorkspace, importCountyPackages, removeCountyPackage } from '../services/county';

const bytes = (files: { fileName: string; base64: string }[]) => files.map((f) => ({ fileName: f.fileName, buffer: Buffer.from(f.base64, 'base64') }));
const file = (r: { fileName: string; buffer: Buffer }) => ({ fileName: r.fileName, base64: r.buffer.toString('base64') });

export const overviewHandlers: HandlersFor<keyof typeof overviewChannels> = {
  'overview.get': (ctx, p) => getOverview(ctx, p.asOf),
  'report.monthly': async (ctx, p) => file(await exportMonthlyReport(ctx, p.month)),
  'exchange.export': async (ctx) => file(await exportExchangePackage(ctx)),
  'exchange.exportStart': (ctx) => startExchangeExport(ctx),
  'exchange.exportStatus': (ctx, p) => exportStatus(p.jobId),
  // Files arrive as bytes; the merge reads them in memory and writes nothing into this ledger.
  'exchange.merge': (ctx, p) => mergePackages(bytes(p.files), ctx.now()),
  // The county workspace keeps packages in this program's database (its own tables, never the township ledger's).
  'county.workspace': (ctx) => countyWorkspace(ctx),
  'county.import': (ctx, p) => importCountyPackages(ctx, bytes(p.files)),
  'county.remove': (ctx, p) => removeCountyPackage(ctx, p.id),
  'county.findings': (ctx) => countyFindings(ctx),
  'county.export': async (ctx) => file(await countyWorkbook(ctx)),
};
