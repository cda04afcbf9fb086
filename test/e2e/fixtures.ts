import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { AppShell } from './pages/AppShell';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START_TIMEOUT_MS = 90_000;

export interface LedgerServer {
  url: string;
  port: number;
  dataDir: string;
  /** The spec file this server (and its data) belongs to. */
  file: string;
  proc: ChildProcess;
}

/** Browser mode on a fresh temp data dir; resolves once the server prints its one JSON line. */
async function startServer(file: string, env: Record<string, string> = {}): Promise<LedgerServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-'));
  // The bundle global-setup made fresh (not scripts/run.mjs: a source edited during the run must not rebuild under the specs).
  const proc = spawn(process.execPath, [path.join(ROOT, 'dist-node', 'web.cjs'), '--port', '0', '--data', dataDir, '--no-open'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, CI: '1', ...env },
  });
  const stderr: string[] = [];
  proc.stderr!.on('data', (d) => stderr.push(String(d)));
  const lines = readline.createInterface({ input: proc.stdout! });
  try {
    const info = await new Promise<{ url: string; port: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`服务器 ${START_TIMEOUT_MS / 1000} 秒内没有启动：${stderr.join('')}`)), START_TIMEOUT_MS);
      proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`服务器启动失败（退出码 ${code}）：${stderr.join('')}`)); });
      lines.on('line', (line) => {
        if (!line.startsWith('{')) return;
        try {
          const j = JSON.parse(line) as { url?: string; port?: number };
          if (j.url && j.port) { clearTimeout(timer); resolve({ url: j.url, port: j.port }); }
        } catch { /* not our line */ }
      });
    });
    const server = { ...info, dataDir, file, proc };
    // Changes from the screens need the operator's name (one prompt per new ledger): each spec works as one
    // named clerk; backup.spec clears the name to walk through the prompt.
    await rpc(server, 'settings.update', { operator: '测试员' });
    return server;
  } catch (e) {
    killGroup(proc, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

function killGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  // The server is the leader of its own (detached) group: stopping the group stops whatever it started too.
  try { if (proc.pid) process.kill(-proc.pid, signal); } catch { /* already gone */ }
}

async function stopServer(s: LedgerServer): Promise<void> {
  if (s.proc.exitCode === null && s.proc.signalCode === null) {
    const exited = new Promise<void>((r) => s.proc.once('exit', () => r()));
    killGroup(s.proc, 'SIGTERM');
    const timer = setTimeout(() => killGroup(s.proc, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  fs.rmSync(s.dataDir, { recursive: true, force: true });
}

interface ServerPool { forFile(file: string): Promise<LedgerServer> }

/**
 * One server and data dir per spec file: tests in a file build on each other's data the way a
 * clerk's day does, while files stay independent. (Playwright has no file scope, so a worker
 * fixture swaps the server when the file changes.)
 */
export const test = base.extend<{ ledger: LedgerServer; app: AppShell; pageErrors: string[] }, { serverPool: ServerPool; ledgerEnv: Record<string, string> }>({
  /** Extra environment for the spec file's server (test.use({ ledgerEnv: { LEDGER_NOW: … } }): such a file gets a worker of its own). */
  ledgerEnv: [{}, { scope: 'worker', option: true }],

  serverPool: [async ({ ledgerEnv }, use) => {
    let current: LedgerServer | null = null;
    await use({
      async forFile(file) {
        if (current?.file === file) return current;
        if (current) await stopServer(current);
        current = null;
        current = await startServer(file, ledgerEnv);
        return current;
      },
    });
    if (current) await stopServer(current);
  }, { scope: 'worker', timeout: START_TIMEOUT_MS + 10_000 }],

  ledger: async ({ serverPool }, use, testInfo) => {
    await use(await serverPool.forFile(testInfo.file));
  },

  // A React crash shows as a blank page; fail the test on it rather than on a confusing timeout.
  pageErrors: [async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await use(errors);
    expect(errors, '页面脚本错误').toEqual([]);
  }, { auto: true }],

  app: async ({ page, ledger }, use) => {
    await use(new AppShell(page, ledger.url));
  },
});

export { expect };

/**
 * A screenshot attached for a reader of the HTML report (CI's, or `--reporter=html`): the pages as the clerk
 * sees them. Only the HTML report shows attachments; under `npm test` (list + a JSON summary) nobody would,
 * and the tour's 42 full-window PNGs cost a noticeable share of a two-core machine's CPU, so they are taken
 * only when that report is being written. The test's assertions never depend on them.
 */
export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  if (!testInfo.config.reporter.some(([r]) => r === 'html')) return;
  await testInfo.attach(name, { body: await page.screenshot(), contentType: 'image/png' });
}

/** Calls the backend the way the UI does (POST /rpc with the launch token), for setting up data quickly. */
export async function rpc<T = unknown>(server: LedgerServer, channel: string, params: unknown = {}): Promise<T> {
  const token = new URL(server.url).searchParams.get('token') ?? '';
  const res = await fetch(`http://127.0.0.1:${server.port}/rpc/${channel}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-ledger-token': token }, body: JSON.stringify(params),
  });
  const env = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!env.ok) throw new Error(`${channel}：${env.error?.message}`);
  return env.data as T;
}

interface ImportJob { jobId: string; state: string; message: string | null }

/**
 * A file imported through the channels the import wizard uses (the wizard itself is tested in
 * import.spec.ts and the kinds' own specs): faster set-up than the screens, the same backend. Waits for
 * the job's state with expect.poll instead of sleeping, and fails with the job's own message.
 */
export async function importThroughApi(server: LedgerServer, file: string, kind: string): Promise<void> {
  let job = await rpc<ImportJob>(server, 'import.start', { kind, fileName: path.basename(file), base64: fs.readFileSync(file).toString('base64') });
  const settle = () => expect.poll(async () => (job = await rpc<ImportJob>(server, 'import.status', { jobId: job.jobId })).state,
    { timeout: 120_000, intervals: [50, 100, 200] }).not.toMatch(/^(reading|committing)$/);
  if (job.state === 'reading') await settle();
  expect(job.state, job.message ?? '').toBe('ready');
  job = await rpc<ImportJob>(server, 'import.commit', { jobId: job.jobId });
  if (job.state === 'committing') await settle();
  expect(job.state, job.message ?? '').toBe('committed');
}
