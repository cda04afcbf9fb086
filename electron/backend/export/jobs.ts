import crypto from 'node:crypto';
import type { ExportJob } from '../../../shared/api/overview';
import { AppError } from '../errors';
import type { Ctx } from '../services/context';
import { exportExchangePackage } from './exchange';
import { JobRegistry } from '../jobs';

/**
 * Long exports as jobs, the way imports are (import.start / import.status): the start call returns
 * at once with a job id, the export runs on and reports its stage and percentage, and the screen asks
 * for the status until the file is there. One transport for progress: the same request/answer the
 * import uses, polled, in Electron and in browser mode alike.
 */

interface Job { id: string; state: ExportJob['state']; stage: string; percent: number; message: string | null; file: { fileName: string; base64: string } | null }

/** The same registry as the import jobs (backend/jobs.ts); a finished package nobody fetched goes after half an hour. */
const jobs = new JobRegistry<Job>({ ttlMs: 30 * 60 * 1000, busy: (j) => j.state === 'running', goneMessage: '这次导出已过期或已结束，请重新导出。' });

const view = (j: Job): ExportJob => ({ jobId: j.id, state: j.state, stage: j.stage, percent: j.percent, message: j.message, file: j.file });

export function startExchangeExport(ctx: Ctx): ExportJob {
  const j = jobs.add({ id: crypto.randomUUID(), state: 'running', stage: '正在准备', percent: 0, message: null, file: null });
  void exportExchangePackage(ctx, (p) => { j.stage = p.stage; j.percent = p.percent; }).then(
    (r) => { j.state = 'done'; j.stage = '已完成'; j.percent = 100; j.file = { fileName: r.fileName, base64: r.buffer.toString('base64') }; },
    (e: unknown) => {
      j.state = 'failed';
      // An AppError speaks to the clerk already; anything else is the program's fault, said as dispatch says it.
      j.message = e instanceof AppError ? e.message : `导出交换包没有完成（程序内部错误：${e instanceof Error ? e.message : String(e)}）`;
    },
  );
  return view(j);
}

/** The job's status; once done, the file is handed over with it and the job forgotten (the base64 of a county package is tens of MB). */
export function exportStatus(jobId: string): ExportJob {
  const j = jobs.get(jobId);
  if (j.state !== 'running') jobs.delete(jobId);
  return view(j);
}
