// Issue 18: the .xls reader is SheetJS 0.20.3 (npm @e965/xlsx) instead of npm's frozen xlsx 0.18.5,
// which has two published advisories on reading crafted files. One crafted file per advisory,
// built here (nothing downloaded), shows the adopted version is not affected:
// - CVE-2023-30533 (prototype pollution, fixed in 0.19.3): a comment whose cell address is
//   "__proto__" made the comment reader treat Object.prototype as that cell and give every object a
//   comment list (`({}).c`).
// - CVE-2024-22363 (ReDoS, fixed in 0.20.2): part readers matched whole XML elements with
//   backtracking regexes; an opening tag repeated without its ">" costs them quadratic time, minutes
//   for a 1 MB part. Read in the .xls reader's worker thread, with its time and heap limits, it has
//   to finish (read or refused) rather than run into the time limit.
// The importer hands SheetJS only compound (BIFF) files, where neither part reader runs; these
// tests hold SheetJS itself to the fix, so a downgrade or a format routed to it later is caught.
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { readMemoryLimitMb, readTimeLimitMs, readWorkbook } from '../../electron/backend/import/read';
import { sample } from '../samples';
import { unzip, zip } from './safety-zip';

/** A one-sheet workbook as SheetJS writes it, with one part rewritten. */
function craftedXlsx(cells: XLSX.WorkSheet, rewrite: (name: string, xml: string) => string): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, cells, '名单');
  const parts = unzip(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true }) as Buffer);
  return zip(parts.map((p) => (p.name.endsWith('.xml') ? { name: p.name, data: Buffer.from(rewrite(p.name, p.data.toString('utf8')), 'utf8') } : p)));
}

/** The .xls reader's worker thread, started as read.ts starts it (heap limit, time limit), on any bytes. */
function inXlsWorker(buf: Buffer): Promise<{ outcome: 'read' | 'refused' | 'time limit'; messages: unknown[] }> {
  const worker = new Worker(new URL('../../electron/backend/import/xls-worker.cjs', import.meta.url), {
    workerData: { buffer: buf }, execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: readMemoryLimitMb(), maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
  });
  const messages: unknown[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { void worker.terminate(); resolve({ outcome: 'time limit', messages }); }, readTimeLimitMs(buf.length));
    worker.on('message', (m: { t: string }) => {
      messages.push(m);
      if (m.t === 'done' || m.t === 'error') { clearTimeout(timer); void worker.terminate(); resolve({ outcome: m.t === 'done' ? 'read' : 'refused', messages }); }
    });
    worker.once('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();

describe('SheetJS advisories (the .xls reader)', () => {
  it('the reader is SheetJS 0.20.3 or later', () => {
    const [major, minor, patch] = XLSX.version.split('.').map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(20 * 1e3 + 3);
  });

  it('CVE-2023-30533: a comment addressed to "__proto__" does not reach Object.prototype', async () => {
    const ws = XLSX.utils.aoa_to_sheet([['姓名', '身份证号'], ['张三', '140724198309180810']]);
    ws.A1.c = [{ a: '审核人', t: '请核对' }];
    let rewritten = 0;
    const buf = craftedXlsx(ws, (name, xml) => {
      if (!/comment/i.test(name) || !xml.includes('ref="A1"')) return xml;
      rewritten++;
      return xml.replace(/ref="A1"/g, 'ref="__proto__"');
    });
    expect(rewritten).toBeGreaterThan(0); // the crafted part is really there
    const before = prototypeKeys();
    try {
      // SheetJS's default (sparse) sheets were the vulnerable shape; the worker reads dense ones.
      for (const opts of [{}, { dense: true, cellDates: true, cellNF: false, cellText: false, cellHTML: false }]) {
        const wb = XLSX.read(buf, { type: 'buffer', ...opts });
        expect(wb.SheetNames).toEqual(['名单']);
        expect(({} as Record<string, unknown>).c).toBeUndefined();
        expect(({} as Record<string, unknown>).t).toBeUndefined();
        expect(prototypeKeys()).toEqual(before);
      }
      // The same bytes through the worker thread and through the importer's own reader.
      expect((await inXlsWorker(buf)).outcome).not.toBe('time limit');
      await readWorkbook(buf, 'crafted-comment.xlsx').catch(() => undefined);
      expect(({} as Record<string, unknown>).c).toBeUndefined();
      expect(prototypeKeys()).toEqual(before);
    } finally {
      // Were it polluted, leave the other tests in this file a clean prototype.
      for (const k of prototypeKeys()) if (!before.includes(k)) delete (Object.prototype as Record<string, unknown>)[k];
    }
  });

  it('CVE-2024-22363: a shared-string part of 200,000 unclosed <sst tags is read or refused within the reader thread\'s limits', async () => {
    const ws = XLSX.utils.aoa_to_sheet([['姓名'], ['张三']]);
    let rewritten = 0;
    const buf = craftedXlsx(ws, (name, xml) => {
      if (!/sharedStrings\.xml$/.test(name)) return xml;
      rewritten++;
      return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + '<sst '.repeat(200_000);
    });
    expect(rewritten).toBe(1);
    const r = await inXlsWorker(buf);
    // 0.18.5 spends minutes here (quadratic backtracking) and meets the time limit; 0.20.3 finishes.
    expect(r.outcome).not.toBe('time limit');
    // The importer's own .xlsx reader, which reads such files in the app, refuses or reads it too.
    await expect(readWorkbook(buf, 'crafted-sst.xlsx').then(() => 'read', () => 'refused')).resolves.toMatch(/read|refused/);
  }, 300_000); // a bound for a shared CI machine, not a timing assertion

  it('the same worker, given a real .xls, reads it (the harness above can tell read from refused)', async () => {
    const r = await inXlsWorker(fs.readFileSync(sample('posts-roster-township.xls')));
    expect(r.outcome).toBe('read');
    expect(r.messages.filter((m) => (m as { t: string }).t === 'sheet')).toHaveLength(1);
  });
});
