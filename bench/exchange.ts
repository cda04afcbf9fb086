import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBackend } from '../electron/backend/index';
import { exportExchangePackage } from '../electron/backend/export/exchange';
import { writeWorkbook } from '../electron/backend/export/workbook';
import { seedLedger, type LedgerSize } from './ledger';

/**
 * Issue 18 goal 4, the 交换包 alone: the county-size ledger of bench/ledger.ts, then the package
 * export timed against a baseline measured in the same run on the same database — the one
 * workbook writer writing the persons sheet alone (the package's largest sheet, 100k rows: what
 * any package has to pay at least once). Peak RSS is printed because the package holds every
 * module's rows at once.
 */
export async function benchExchange(size: LedgerSize = { persons: 100_000, appointments: 10_000, loans: 5_000 }, runs = 2) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-exchange-'));
  const b = openBackend({ dataDir, mode: 'bench' });
  try {
    seedLedger(b.ctx.db, size);
    const rows = b.ctx.db.prepare('SELECT id_no, name, sex, birth_date, phone, relation, labor_skill FROM persons').raw().all() as (string | number | null)[][];
    const columns = ['身份证号', '姓名', '性别', '出生日期', '联系电话', '与户主关系', '劳动技能'].map((header, i) => ({ header, type: i === 0 || i === 4 ? 'text' as const : undefined }));
    let baseMs = Infinity;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await writeWorkbook([{ name: '人员', title: '人员', columns, rows }]);
      baseMs = Math.min(baseMs, performance.now() - t);
    }
    let exportMs = Infinity, bytes = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      bytes = (await exportExchangePackage(b.ctx)).buffer.length;
      exportMs = Math.min(exportMs, performance.now() - t);
    }
    const rss = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(`exchange: ${rows.length} persons; baseline (write ${rows.length} rows × ${columns.length} columns with the workbook writer): ${baseMs.toFixed(0)} ms`);
    console.log(`  exchange export (${(bytes / 1e6).toFixed(1)} MB): ${exportMs.toFixed(0)} ms, ${(exportMs / baseMs).toFixed(2)}× baseline `
      + `(target ≤ 5000 ms${exportMs <= 5000 ? ', met' : ', NOT met'}); peak RSS ${rss} MB`);
    return { baseMs, exportMs, rss };
  } finally {
    b.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await benchExchange();
