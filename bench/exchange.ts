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

export async function benchExchange(size: LedgerSize = { persons: 100_000, appointments: 10_000, loans: 5_000 }, runs = 2) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-exchange-'));
  const b = openBackend({ dataDir, mode: 'bench' });
  try {
    seedLedger(b.ctx.db, size);
    const rows = b.ctx.db.prepare('SELECT id_no, name, sex, birth_date, phone, relation, labor_skill FROM persons').raw().all() as (string | number | null)[][];
    let baseMs = Infinity;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await bareExceljsWrite(rows);
      baseMs = Math.min(baseMs, performance.now() - t);
    }
    let exportMs = Infinity, bytes = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      bytes = (await exportExchangePackage(b.ctx)).buffer.length;
      exportMs = Math.min(exportMs, performance.now() - t);
    }
    const rss = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(`exchange: ${rows.length} persons; baseline (exceljs bare streaming write of ${rows.length} rows × 7 columns): ${baseMs.toFixed(0)} ms`);
    console.log(`  exchange export (${(bytes / 1e6).toFixed(1)} MB): ${exportMs.toFixed(0)} ms, ${(exportMs / baseMs).toFixed(2)}× baseline `
      + `(target ≤ 5000 ms${exportMs <= 5000 ? ', met' : ', NOT met'}); peak RSS ${rss} MB`);
    return { baseMs, exportMs, rss };
  } finally {
    b.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await benchExchange();
