import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBackend } from '../electron/backend/index';
import { exportExchangePackage } from '../electron/backend/export/exchange';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { seedLedger, type LedgerSize } from './ledger';

/**
 * Issue 18 goal 4, the 交换包 alone: the county-size ledger of bench/ledger.ts, then the package
 * export timed against a baseline measured in the same run on the same database: exceljs's bare
 * streaming writer (no styles, no merges) writing 7 columns of the persons table — the package's
 * largest sheet, what any package has to put into a file at least once, and independent of our
 * own writer, so the ratio compares versions of the export. Peak RSS is printed because the
 * package holds every module's rows at once.
 */
async function bareExceljsWrite(rows: (string | number | null)[][]): Promise<number> {
  const out = new PassThrough();
  let bytes = 0;
  out.on('data', (c: Buffer) => { bytes += c.length; });
  const done = new Promise<void>((res, rej) => { out.on('end', () => res()); out.on('error', rej); });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('人员');
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  await done;
  return bytes;
}

/** Milliseconds of CPU this process used (main thread and zlib's pool): on a shared machine wall time swings with load, this hardly does. */
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

export async function benchExchange(size: LedgerSize = { persons: 100_000, appointments: 10_000, loans: 5_000 }, runs = Number(process.env.BENCH_RUNS ?? 2)) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-exchange-'));
  const b = openBackend({ dataDir, mode: 'bench' });
  try {
    seedLedger(b.ctx.db, size);
    const rows = b.ctx.db.prepare('SELECT id_no, name, sex, birth_date, phone, relation, labor_skill FROM persons').raw().all() as (string | number | null)[][];
    let baseMs = Infinity, baseCpu = Infinity;
    for (let i = 0; i < runs; i++) {
      const t = performance.now(), c = cpuMs();
      await bareExceljsWrite(rows);
      baseMs = Math.min(baseMs, performance.now() - t);
      baseCpu = Math.min(baseCpu, cpuMs() - c);
    }
    let exportMs = Infinity, exportCpu = Infinity, bytes = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now(), c = cpuMs();
      bytes = (await exportExchangePackage(b.ctx)).buffer.length;
      exportMs = Math.min(exportMs, performance.now() - t);
      exportCpu = Math.min(exportCpu, cpuMs() - c);
    }
    const rss = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(`exchange: ${rows.length} persons, load ${os.loadavg()[0].toFixed(1)}; baseline (exceljs bare streaming write of ${rows.length} rows × 7 columns): `
      + `${baseMs.toFixed(0)} ms (CPU ${baseCpu.toFixed(0)} ms)`);
    console.log(`  exchange export (${(bytes / 1e6).toFixed(1)} MB): ${exportMs.toFixed(0)} ms, ${(exportMs / baseMs).toFixed(2)}× baseline `
      + `(target ≤ 5000 ms${exportMs <= 5000 ? ', met' : ', NOT met'}); CPU ${exportCpu.toFixed(0)} ms, ${(exportCpu / baseCpu).toFixed(2)}× baseline CPU; peak RSS ${rss} MB`);
    return { baseMs, exportMs, baseCpu, exportCpu, rss };
  } finally {
    b.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await benchExchange();
