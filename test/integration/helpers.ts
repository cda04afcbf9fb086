import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBackend, type Backend } from '../../electron/backend/index';
import type { Channel, Params, Result } from '../../shared/api/contract';
import { checkDigit } from '../../shared/idcard';

export const tmpDir = (prefix = 'ledger-test-') => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

export function freshBackend(): Backend {
  return openBackend({ dataDir: tmpDir(), mode: 'test', operator: '测试员' });
}

/**
 * Moves a backend's clock (Ctx.now) forward: what a test would otherwise sleep for (export stamps are
 * to the second, a later package must look later). The clock keeps running from there.
 */
export function advanceClock(b: Backend, ms: number): void {
  const before = b.ctx.now;
  b.ctx.now = () => new Date(before().getTime() + ms);
}

/** Calls a channel and throws the Chinese message on failure, like the UI does. */
export async function call<C extends Channel>(b: Backend, channel: C, params: Params<C>): Promise<Result<C>> {
  const r = await b.invoke(channel, params);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.data as Result<C>;
}

export const validId = (first17: string) => first17 + checkDigit(first17);

/** Starts an import through the channels and waits until it has been read and staged. */
export async function stageFile(b: Backend, file: string, kind: 'persons' | 'posts' | 'workshops' | 'loans' = 'persons') {
  let job = await call(b, 'import.start', { kind, fileName: path.basename(file), base64: fs.readFileSync(file).toString('base64') });
  for (let i = 0; i < 600 && job.state === 'reading'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = await call(b, 'import.status', { jobId: job.jobId });
  }
  return job;
}
