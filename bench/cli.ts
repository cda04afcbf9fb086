import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { openBackend } from '../electron/backend/index';
import { seedLedger } from './ledger';

/**
 * Issue 18 goal 5: `cli stats --json` as a county script runs it (`npm run -s cli -- stats --json`
 * is `node scripts/run.mjs cli …`), on an empty data folder and on the 100k-person ledger, against
 * the baseline measured in the same run: starting Node and doing nothing (`node -e 0`).
 */
const here = path.dirname(new URL(import.meta.url).pathname);
const run = path.resolve(here, '../scripts/run.mjs');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(args: string[], k = 5): { ms: number; out: string } {
  const ms: number[] = [];
  let out = '';
  for (let i = 0; i < k; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
    ms.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status} ${r.stderr}`);
    out = r.stdout;
  }
  return { ms: median(ms), out };
}

export async function benchCli() {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-cli-empty-'));
  const big = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-cli-big-'));
  const b = openBackend({ dataDir: big, mode: 'bench' });
  seedLedger(b.ctx.db);
  b.close();
  spawnSync(process.execPath, [run, 'cli', 'stats', '--json', '--data', empty], { encoding: 'utf8' }); // rebuilds a stale bundle, writes the code cache
  const base = timed(['-e', '0']);
  const e = timed([run, 'cli', 'stats', '--json', '--data', empty]);
  const g = timed([run, 'cli', 'stats', '--json', '--data', big]);
  const persons = (JSON.parse(g.out) as { persons: number }).persons;
  console.log('cli stats (node scripts/run.mjs cli stats --json, median of 5):');
  console.log(`  baseline, node -e 0: ${base.ms.toFixed(0)} ms`);
  for (const [label, r] of [['empty data folder', e], [`${persons.toLocaleString('en-US')} persons, 10k appointments, 5k loans`, g]] as const) {
    console.log(`  ${label}: ${r.ms.toFixed(0)} ms, ${(r.ms / base.ms).toFixed(2)}× baseline (target < 1000 ms${r.ms < 1000 ? ', met' : ', NOT met'})`);
  }
  fs.rmSync(empty, { recursive: true, force: true });
  fs.rmSync(big, { recursive: true, force: true });
  return { baseMs: base.ms, emptyMs: e.ms, bigMs: g.ms };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await benchCli();
