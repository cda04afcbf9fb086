import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exceljsBaseline } from './import';
import { openBackend } from '../electron/backend/index';
import { importFileForCli } from '../electron/backend/import/service';

const [mode, file] = process.argv.slice(2);
const t0 = performance.now(), c0 = process.cpuUsage(); // CPU of all threads (reader thread included): steadier than wall time under load
let rows = 0;
if (mode === 'baseline') rows = await exceljsBaseline(file);
else if (mode === 'read') {
  // Our reader alone (worker thread, rows handed to the main thread): the part exceljs is compared with.
  const { readWorkbook } = await import('../electron/backend/import/read');
  const r = await readWorkbook(fs.readFileSync(file), path.basename(file));
  rows = r.sheets.reduce((n, s) => n + s.rows.length, 0);
} else {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-db-'));
  const b = openBackend({ dataDir, mode: 'bench' });
  const r = await importFileForCli(b.ctx, { file, kind: 'persons', dryRun: false, allOrNothing: false });
  if (!r.summary) throw new Error(r.refused);
  rows = r.summary.inserted;
  b.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
const ms = performance.now() - t0, cpu = process.cpuUsage(c0);
console.log(JSON.stringify({ ms, cpuMs: Math.round((cpu.user + cpu.system) / 1000), rows, rssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
