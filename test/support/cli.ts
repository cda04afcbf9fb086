/**
 * The CLI for tests. `runCliInProcess` calls electron/cli.ts's runCli in this process with stdout
 * and stderr captured: the same argument parsing, commands, messages and exit codes, without a
 * Node start-up and a TypeScript transpile per call (that was ~2.5 s each, ~20 calls per suite).
 * `runCliProcess` starts the real thing, `npm run -s cli`, for the few tests about the process
 * itself (exit status, stdout holding only JSON).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../../electron/cli';

export interface CliResult { status: number; stdout: string; stderr: string }

export const ROOT = path.resolve(__dirname, '..', '..');

let queue: Promise<unknown> = Promise.resolve();

/** One CLI call in this process; calls are serialised because stdout, stderr and env are process-wide. */
export function runCliInProcess(args: string[], opts: { env?: Record<string, string> } = {}): Promise<CliResult> {
  const run = async (): Promise<CliResult> => {
    const savedEnv = Object.fromEntries(Object.keys(opts.env ?? {}).map((k) => [k, process.env[k]]));
    Object.assign(process.env, opts.env);
    const out: string[] = [], err: string[] = [];
    const capture = (into: string[]) => ((chunk: string | Uint8Array, enc?: unknown, cb?: unknown) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = typeof enc === 'function' ? enc : cb;
      if (typeof done === 'function') done();
      return true;
    }) as typeof process.stdout.write;
    const { write: stdoutWrite } = process.stdout, { write: stderrWrite } = process.stderr;
    process.stdout.write = capture(out);
    process.stderr.write = capture(err);
    try {
      const status = await runCli(args);
      return { status, stdout: out.join(''), stderr: err.join('') };
    } finally {
      process.stdout.write = stdoutWrite;
      process.stderr.write = stderrWrite;
      for (const [k, v] of Object.entries(savedEnv)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
    }
  };
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

/**
 * Arguments for `spawn(process.execPath, cliArgs([...]))`: the bundled CLI in its own process, as
 * `npm run cli` starts it (scripts/run.mjs rebuilds the bundle first when a source changed), for
 * tests that need the process itself (exit status, file modes, a second writer) but not npm's own
 * start-up; `node --import tsx electron/cli.ts` cost about 1.2 s of CPU more per call.
 */
export const cliArgs = (args: string[]): string[] => [path.join(ROOT, 'scripts', 'run.mjs'), 'cli', ...args];

/** `npm run -s cli -- <args>` as a county script runs it: the bundled CLI in its own process. */
export function runCliProcess(args: string[], opts: { env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 180_000, env: { ...process.env, ...opts.env },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
