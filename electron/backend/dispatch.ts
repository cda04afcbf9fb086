import { z } from 'zod';
import { contract, type Channel, type Envelope } from '../../shared/api/contract';
import { AppError } from './errors';
import { validationDetails, validationMessage, zhIssue } from './validation';
import { nowLocal, type Ctx } from './services/context';
import { getSettings, updateSettings } from './services/settings';
import { getStats } from './services/stats';
import { createVillage, listVillages, updateVillage } from './services/villages';
import { createPerson, deletePerson, getPerson, queryPersons, restorePerson, updatePerson } from './services/persons';
import * as imports from './import/service';
import { exportPersons } from './export/persons';
import { exportGrid } from './export/grid';
import { busyMessage, busyTimeoutOf, isBusyError, schemaVersion } from './db/open';

import type { Handler, HandlersFor } from './handlers/types';
import { postsHandlers } from './handlers/posts';
import { workshopsHandlers } from './handlers/workshops';
import { loansHandlers } from './handlers/loans';
import { safetyHandlers } from './handlers/safety';
import { lastBackupAt } from './services/backups';
import { lockGuard } from './services/lock';
import { printHandlers } from './handlers/print';
import { overviewHandlers } from './handlers/overview';
import { monitoringHandlers } from './handlers/monitoring';

export type Handlers = HandlersFor<Channel>;

/** One handler per channel; the type makes a missing or extra handler a compile error, and a test checks it at run time. */
export const handlers: Handlers = {
  ...postsHandlers,
  ...workshopsHandlers,
  ...loansHandlers,
  ...safetyHandlers,
  ...printHandlers,
  ...overviewHandlers,
  ...monitoringHandlers,
  'app.info': (ctx) => ({
    version: ctx.version, dataDir: ctx.dataDir, dbFile: ctx.dbFile, schemaVersion: schemaVersion(ctx.db),
    township: getSettings(ctx).township, lastBackupAt: lastBackupAt(ctx), mode: ctx.mode, now: nowLocal(ctx.now()),
  }),
  'settings.get': (ctx) => getSettings(ctx),
  'settings.update': (ctx, p) => updateSettings(ctx, p),
  'stats.get': (ctx, p) => getStats(ctx, p.asOf),
  'villages.list': (ctx) => listVillages(ctx),
  'villages.create': (ctx, p) => createVillage(ctx, p),
  'villages.update': (ctx, p) => updateVillage(ctx, p),
  'persons.query': (ctx, p) => queryPersons(ctx, p),
  'persons.get': (ctx, p) => getPerson(ctx, p.id),
  'persons.create': (ctx, p) => createPerson(ctx, p),
  'persons.update': (ctx, p) => updatePerson(ctx, p),
  'persons.delete': (ctx, p) => { deletePerson(ctx, p.id); return { ok: true as const }; },
  'persons.restore': (ctx, p) => restorePerson(ctx, p.id),
  'import.start': (ctx, p) => imports.startImport(ctx, p),
  'import.status': (ctx, p) => imports.jobStatus(p.jobId),
  'import.configure': (ctx, p) => imports.configureImport(ctx, p),
  'import.preview': (ctx, p) => imports.previewRows(p),
  'import.commit': (ctx, p) => imports.commitImport(ctx, p),
  'import.cancel': (ctx, p) => imports.cancelImport(p.jobId),
  'import.errorReport': (ctx, p) => imports.errorReport(ctx, p.jobId),
  'import.batches': (ctx) => imports.listBatches(ctx),
  'import.undo': (ctx, p) => imports.undoBatch(ctx, p.batchId),
  'export.grid': (ctx, p) => exportGrid(ctx, p),
  'export.persons': async (ctx) => {
    const { fileName, buffer } = await exportPersons(ctx);
    return { fileName, base64: buffer.toString('base64') };
  },
};

/** For INTERNAL result errors (a developer reads these): the raw paths and zod's own text. */
function zodMessage(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || '参数'}：${i.message}`).join('；');
}

/** The single entry for every front door: validates params, runs the handler, validates the result. */
export async function dispatch(ctx: Ctx, channel: string, params: unknown): Promise<Envelope<unknown>> {
  if (!Object.prototype.hasOwnProperty.call(contract, channel)) {
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `未知的接口：${channel}` } };
  }
  const c = channel as Channel;
  const locked = lockGuard(ctx, c); // 程序锁: while locked only unlocking is answered
  if (locked) return { ok: false, error: locked };
  const spec = contract[c];
  // The clerk reads a refused request: Chinese text naming each field (zod's defaults are English).
  const parsed = spec.params.safeParse(params ?? {}, { error: zhIssue });
  if (!parsed.success) {
    return { ok: false, error: { code: 'VALIDATION', message: validationMessage(parsed.error, c), details: validationDetails(parsed.error) } };
  }
  try {
    const data = await (handlers[c] as Handler<Channel>)(ctx, parsed.data as never);
    const out = spec.result.safeParse(data);
    if (!out.success) {
      return { ok: false, error: { code: 'INTERNAL', message: `程序内部错误（${c} 返回的数据不符合约定）`, details: zodMessage(out.error) } };
    }
    return { ok: true, data: out.data };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: { code: e.code, message: e.message, details: e.details } };
    // A single statement that waited the whole busy_timeout for another window or command.
    if (isBusyError(e)) return { ok: false, error: { code: 'BUSY', message: busyMessage(busyTimeoutOf(ctx.db)) } };
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { code: 'INTERNAL', message: `程序内部错误：${msg}` } };
  }
}
