import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * The import benchmark (issues 4 and 18): a bare exceljs streaming parse of the 100k-row county
 * export (the baseline) against our reader alone, our whole import (read + validate + stage +
 * commit) in-process, and the same import through the CLI as a county IT person runs it, each in
 * a fresh process so peak RSS is its own.
 */
const here = path.dirname(new URL(import.meta.url).pathname);

export async function exceljsBaseline(file: string): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  let rows = 0;
  for await (const ws of reader) for await (const _row of ws as AsyncIterable<unknown>) rows++;
  return rows;
}

function runChild(mode: 'baseline' | 'import' | 'read', file: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'import-child.ts'), mode, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; cpuMs: number; rssMb: number; rows: number };
}

/** The import as a county IT person runs it: `npm run -s cli -- import FILE --kind persons`, start-up included. */
function runCli(file: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-cli-'));
  try {
    const r = spawnSync(process.execPath, [path.join(here, 'cli-child.mjs'), 'import', file, '--kind', 'persons', '--data', dataDir, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`cli import failed (${r.status}): ${r.stderr.slice(-2000)}`);
    const m = JSON.parse(r.stderr.trim().split('\n').pop()!) as { ms: number; cpuMs: number; rssMb: number };
    const out = JSON.parse(r.stdout) as { inserted: number };
    return { ...m, rows: out.inserted };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const best = <T extends { ms: number }>(runs: T[]) => runs.sort((a, b) => a.ms - b.ms)[0];
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function benchImport(rows = 100_000) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-'));
  const gen = path.resolve(here, '../../shared/samples/gen-fixtures.mjs');
  if (!fs.existsSync(gen)) { console.log(`SKIP import benchmark: ${gen} not found (needs ../shared/samples)`); return; }
  const g = spawnSync(process.execPath, [gen, dir, '--variant', 'perf', '--rows', String(rows)], { encoding: 'utf8', env: { ...process.env, NODE_PATH: path.resolve(here, '../node_modules') } });
  if (g.status !== 0) throw new Error(g.stderr);
  const file = fs.readdirSync(dir).map((f) => path.join(dir, f)).find((f) => f.endsWith('.xlsx'))!;
  runCli(file); // warm-up: builds the CLI bundle if a source changed, writes its code cache
  // Interleaved, best of five each: load on a shared machine then weighs on every figure alike, and one
  // burst of it (the baseline swings 4.1–8 s between runs) spoils a single figure less often.
  const runs = { baseline: [] as ReturnType<typeof runChild>[], read: [] as ReturnType<typeof runChild>[], ours: [] as ReturnType<typeof runChild>[], cli: [] as ReturnType<typeof runCli>[] };
  for (let i = 0; i < 5; i++) {
    runs.baseline.push(runChild('baseline', file));
    runs.read.push(runChild('read', file));
    runs.ours.push(runChild('import', file));
    runs.cli.push(runCli(file));
  }
  const base = best(runs.baseline), read = best(runs.read), ours = best(runs.ours), cli = best(runs.cli);
  console.log(`import: ${path.basename(file)} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB, ${ours.rows} rows)`);
  // CPU time (all threads) beside wall time: it swings less with the machine's load, and shows how much of the work overlaps.
  const cpu = (x: { ms: number; cpuMs: number }) => `CPU ${s(x.cpuMs)}, CPU ratio ${(x.cpuMs / base.cpuMs).toFixed(2)}`;
  console.log(`  baseline exceljs streaming parse: ${s(base.ms)} (CPU ${s(base.cpuMs)}), peak RSS ${base.rssMb} MB`);
  console.log(`  our reader alone (worker thread, rows to the main thread): ${s(read.ms)}, peak RSS ${read.rssMb} MB, ratio ${(read.ms / base.ms).toFixed(2)} (${cpu(read)})`);
  console.log(`  our full import in-process (parse+validate+stage+commit): ${s(ours.ms)}, peak RSS ${ours.rssMb} MB, ratio ${(ours.ms / base.ms).toFixed(2)} (${cpu(ours)})`);
  console.log(`  our full import through the CLI (npm run -s cli -- import, start-up included): ${s(cli.ms)}, peak RSS ${cli.rssMb} MB, ratio ${(cli.ms / base.ms).toFixed(2)} (${cpu(cli)})`);
  console.log('  targets (issue 18): CLI import ≤ 0.75 × baseline, peak RSS ≤ 300 MB');
  fs.rmSync(dir, { recursive: true, force: true });
  return { baseline: base, read, ours, cli };
}
