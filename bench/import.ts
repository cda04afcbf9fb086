import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * Issue 4's benchmark: a bare exceljs streaming parse of the 100k-row county export (the
 * baseline) against our whole import (read + validate + stage + commit) of the same file,
 * each in a fresh process so peak RSS is its own.
 */
const here = path.dirname(new URL(import.meta.url).pathname);

export async function exceljsBaseline(file: string): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  let rows = 0;
  for await (const ws of reader) for await (const _row of ws as AsyncIterable<unknown>) rows++;
  return rows;
}

function runChild(mode: 'baseline' | 'import', file: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'import-child.ts'), mode, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; rssMb: number; rows: number };
}

export async function benchImport(rows = 100_000) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-'));
  const gen = path.resolve(here, '../../shared/samples/gen-fixtures.mjs');
  if (!fs.existsSync(gen)) { console.log(`SKIP import benchmark: ${gen} not found (needs ../shared/samples)`); return; }
  const g = spawnSync(process.execPath, [gen, dir, '--variant', 'perf', '--rows', String(rows)], { encoding: 'utf8', env: { ...process.env, NODE_PATH: path.resolve(here, '../node_modules') } });
  if (g.status !== 0) throw new Error(g.stderr);
  const file = fs.readdirSync(dir).map((f) => path.join(dir, f)).find((f) => f.endsWith('.xlsx'))!;
  const base = [runChild('baseline', file), runChild('baseline', file)].sort((a, b) => a.ms - b.ms)[0];
  const ours = [runChild('import', file), runChild('import', file)].sort((a, b) => a.ms - b.ms)[0];
  console.log(`import: ${path.basename(file)} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB, ${ours.rows} rows)`);
  console.log(`  baseline exceljs streaming parse: ${(base.ms / 1000).toFixed(2)} s, peak RSS ${base.rssMb} MB`);
  console.log(`  our full import (parse+validate+stage+commit): ${(ours.ms / 1000).toFixed(2)} s, peak RSS ${ours.rssMb} MB`);
  console.log(`  ratio ours/baseline: ${(ours.ms / base.ms).toFixed(2)} (target ≤ 1.3), peak RSS target ≤ 500 MB`);
  fs.rmSync(dir, { recursive: true, force: true });
  return { baseline: base, ours };
}
