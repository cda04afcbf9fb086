// Issue 19 for the fast .xls reader (electron/backend/import/xls-biff8.cjs): a crafted compound file
// must not make the reader itself exhaust memory. Each case is a small file built here byte by byte
// whose structure makes a naive walk use memory quadratic in the file size; the reader runs in a
// worker thread with a small heap, and must answer (null: "leave it to SheetJS", or a workbook)
// instead of dying of out-of-memory.
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { sample } from '../samples';

const SSZ = 512;

/** A version-3 compound file: the given sectors are sectors 0..n-1 (FAT sectors follow them); fat(i) is sector i's successor. */
function compound(opts: { body: Buffer[]; fat: (i: number) => number; dirStart: number; miniStart?: number; nMini?: number }): Buffer {
  const nBody = opts.body.length;
  let nFat = 1;
  while (nFat * (SSZ / 4) < nFat + nBody) nFat++;
  if (nFat > 109) throw new Error('test file too large for header DIFAT');
  const head = Buffer.alloc(SSZ);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(head, 0);
  head.writeUInt16LE(0x3e, 24); head.writeUInt16LE(3, 26); head.writeUInt16LE(0xfffe, 28); head.writeUInt16LE(9, 30); head.writeUInt16LE(6, 32);
  head.writeInt32LE(nFat, 44); head.writeInt32LE(opts.dirStart, 48); head.writeUInt32LE(4096, 56);
  head.writeInt32LE(opts.miniStart ?? -2, 60); head.writeInt32LE(opts.nMini ?? 0, 64);
  head.writeInt32LE(-2, 68); head.writeInt32LE(0, 72);
  for (let j = 0; j < 109; j++) head.writeInt32LE(j < nFat ? nBody + j : -1, 76 + 4 * j);
  const fat = Buffer.alloc(nFat * SSZ, 0xff);
  for (let i = 0; i < nBody; i++) fat.writeInt32LE(opts.fat(i), 4 * i);
  for (let i = 0; i < nFat; i++) fat.writeInt32LE(-3, 4 * (nBody + i));
  return Buffer.concat([head, ...opts.body.map((b) => { const s = Buffer.alloc(SSZ); b.copy(s); return s; }), fat]);
}

/** A 128-byte directory entry. */
function dirEntry(name: string, type: number, start: number, size: number, links: { L?: number; R?: number; C?: number } = {}): Buffer {
  const e = Buffer.alloc(128);
  const n = Buffer.from(`${name}\u0000`, 'utf16le');
  n.copy(e, 0, 0, Math.min(64, n.length)); e.writeUInt16LE(Math.min(64, n.length), 64); e[66] = type;
  e.writeInt32LE(links.L ?? -1, 68); e.writeInt32LE(links.R ?? -1, 72); e.writeInt32LE(links.C ?? -1, 76);
  e.writeInt32LE(start, 116); e.writeInt32LE(size, 120);
  return e;
}

/** The directory entries laid into sectors (four per sector). */
const dirSectors = (entries: Buffer[]) => { const all = Buffer.concat(entries), out: Buffer[] = []; for (let i = 0; i < all.length; i += SSZ) out.push(all.subarray(i, i + SSZ)); return out; };

/**
 * readBiff8 in a worker with a 96 MB heap: what it answered, or how the thread died. Buffers live
 * outside that heap, so the bytes it joins with Buffer.concat are counted too: a file may be joined
 * a few times over (sectors into streams, records into the SST), not once per directory entry.
 */
function readBounded(buf: Buffer): Promise<string> {
  const src = `const { parentPort, workerData } = require('node:worker_threads');
    const { readBiff8 } = require(workerData.mod);
    const concat = Buffer.concat;
    let joined = 0;
    Buffer.concat = (list, n) => { const r = concat(list, n); joined += r.length; return r; };
    const wb = readBiff8(Buffer.from(workerData.buf));
    parentPort.postMessage((wb === null ? 'null' : wb.refused ? 'refused: ' + wb.refused : 'workbook') + (joined > 4 * workerData.buf.length ? ', joined ' + joined + ' bytes' : ''));`;
  return new Promise((resolve) => {
    const w = new Worker(src, { eval: true, workerData: { buf, mod: new URL('../../electron/backend/import/xls-biff8.cjs', import.meta.url).pathname }, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 } });
    w.once('message', (m: string) => { void w.terminate(); resolve(m); });
    w.once('error', (e: Error & { code?: string }) => resolve(`died: ${e.code ?? e.message}`));
  });
}

describe('the fast .xls reader stays bounded on crafted compound files', () => {
  it('chains that run into each other (each sector points back to the one before): no quadratic sector lists', async () => {
    // Sector 0: directory; sectors 1..n: 1 → end, k → k-1. Walking a chain from every unvisited
    // sector without stopping at visited ones collects n²/2 sector numbers.
    // SheetJS would join 12,000²/2 sectors (37 GB, outside any heap limit): refused, not left to it.
    const n = 12000;
    const dir = dirSectors([dirEntry('Root Entry', 5, -2, 0), dirEntry('Workbook', 2, n, n * SSZ)]);
    const body = [...dir, ...Array.from({ length: n }, () => Buffer.alloc(0))];
    const file = compound({ body, dirStart: 0, fat: (i) => (i === 0 ? -2 : i === 1 ? -2 : i - 1) });
    expect(await readBounded(file)).toMatch(/^refused: 文件内部的扇区链互相交错，读取它需要超过 512 MB 内存$/);
    // A short run of such sectors (SheetJS joins a few MB) is still left to SheetJS.
    const few = compound({ body: [...dir, ...Array.from({ length: 300 }, () => Buffer.alloc(0))], dirStart: 0, fat: (i) => (i === 0 ? -2 : i === 1 ? -2 : i - 1) });
    expect(await readBounded(few)).toBe('null');
    // The worker thread refuses it in the clerk's words instead of handing it to SheetJS.
    const said = await new Promise<{ t: string; message?: string }>((resolve, reject) => {
      const w = new Worker(new URL('../../electron/backend/import/xls-worker.cjs', import.meta.url), { workerData: { buffer: file }, execArgv: [] });
      w.on('message', (m: { t: string }) => { if (m.t === 'done' || m.t === 'error') { void w.terminate(); resolve(m); } });
      w.once('error', reject);
    });
    expect(said).toEqual({ t: 'error', message: '文件内部的扇区链互相交错，读取它需要超过 512 MB 内存' });
  }, 120_000);

  it('many directory entries naming the same large stream: its bytes are joined once, not once per entry', async () => {
    const m = 1500, entries = 2000; // a 750 KB stream named by 2,000 entries: 1.5 GB if joined per entry
    const dir = dirSectors([dirEntry('Root Entry', 5, -2, 0), ...Array.from({ length: entries }, (_, k) => dirEntry(`S${k}`, 2, 0, m * SSZ))]);
    const body = [...Array.from({ length: m }, () => Buffer.alloc(0)), ...dir];
    const file = compound({ body, dirStart: m, fat: (i) => (i < m - 1 ? i + 1 : i === m - 1 ? -2 : i < m + dir.length - 1 ? i + 1 : -2) });
    expect(await readBounded(file)).toBe('null');
  }, 120_000);

  it('many small entries in a large mini-stream container: the container is joined once', async () => {
    const m = 1500, entries = 2000;
    // Root entry (type 5) holds the mini stream: a 750 KB chain; every small stream's content is read out of it.
    const dir = dirSectors([dirEntry('Root Entry', 5, 0, m * SSZ), ...Array.from({ length: entries }, (_, k) => dirEntry(`S${k}`, 2, 0, 64))]);
    const miniFat = Buffer.alloc(SSZ, 0xff); miniFat.writeInt32LE(-2, 0);
    const body = [...Array.from({ length: m }, () => Buffer.alloc(0)), miniFat, ...dir];
    const file = compound({ body, dirStart: m + 1, miniStart: m, nMini: 1, fat: (i) => (i < m - 1 ? i + 1 : i === m - 1 || i === m ? -2 : i < m + 1 + dir.length - 1 ? i + 1 : -2) });
    expect(await readBounded(file)).toBe('null');
  }, 120_000);

  it('a directory tree nested thousands deep: full paths are not built quadratically', async () => {
    // Entry k's child is entry k+1: paths of length ~33·k, 33·n²/2 characters in all.
    const n = 8000;
    const dir = dirSectors([dirEntry('Root Entry', 5, -2, 0, { C: 1 }), ...Array.from({ length: n }, (_, k) => dirEntry(`Storage-with-a-long-name-${String(k).padStart(5, '0')}`, 1, 0, 0, { C: k + 2 <= n ? k + 2 : -1 }))]);
    const file = compound({ body: dir, dirStart: 0, fat: (i) => (i < dir.length - 1 ? i + 1 : -2) });
    expect(await readBounded(file)).toBe('null');
  }, 120_000);

  it('merged ranges in an .xls are capped as in an .xlsx (count and cells covered), through either reader', async () => {
    const post = (buf: Buffer, sheetjsOnly: boolean) => new Promise<{ t: string; message?: string }>((resolve, reject) => {
      const w = new Worker(new URL('../../electron/backend/import/xls-worker.cjs', import.meta.url), { workerData: { buffer: buf, sheetjsOnly }, execArgv: [] });
      w.on('message', (m: { t: string }) => { if (m.t === 'done' || m.t === 'error') { void w.terminate(); resolve(m); } });
      w.once('error', reject);
    });
    /** A county .xls sample, with MergeCells records (1,000 ranges each) added before the sheet's EOF. */
    const xls = (merges: { s: { r: number; c: number }; e: { r: number; c: number } }[]) => {
      const cfb = XLSX.CFB.read(fs.readFileSync(sample('posts-roster-township.xls')), { type: 'buffer' });
      const entry = XLSX.CFB.find(cfb, '/Workbook')!, stream = Buffer.from(entry.content as Uint8Array);
      const recs: Buffer[] = [];
      for (let k = 0; k < merges.length; k += 1000) {
        const part = merges.slice(k, k + 1000), r = Buffer.alloc(6 + 8 * part.length);
        r.writeUInt16LE(0xe5, 0); r.writeUInt16LE(2 + 8 * part.length, 2); r.writeUInt16LE(part.length, 4);
        part.forEach((m, i) => { r.writeUInt16LE(m.s.r, 6 + 8 * i); r.writeUInt16LE(m.e.r, 8 + 8 * i); r.writeUInt16LE(m.s.c, 10 + 8 * i); r.writeUInt16LE(m.e.c, 12 + 8 * i); });
        recs.push(r);
      }
      // The last record of the stream is the sheet's EOF (the sheet is the last substream: no position moves).
      entry.content = Buffer.concat([stream.subarray(0, stream.length - 4), ...recs, stream.subarray(stream.length - 4)]);
      return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
    };
    const many = xls(Array.from({ length: 100_001 }, (_, k) => ({ s: { r: 2 + (k % 65000), c: 2 * Math.floor(k / 65000) }, e: { r: 2 + (k % 65000), c: 2 * Math.floor(k / 65000) + 1 } })));
    // 101 ranges of 781 × 256 cells: 20.2 million cells to fill.
    const wide = xls(Array.from({ length: 101 }, (_, k) => ({ s: { r: k, c: 0 }, e: { r: 780 + k, c: 255 } })));
    const again = xls(Array.from({ length: 150_000 }, () => ({ s: { r: 3, c: 0 }, e: { r: 5, c: 1 } })));
    for (const sheetjsOnly of [false, true]) {
      expect(await post(many, sheetjsOnly)).toMatchObject({ t: 'error', message: expect.stringMatching(/^工作表“.+”有超过 10 万个合并单元格区域，超出了本程序读取文件的上限$/) });
      expect(await post(wide, sheetjsOnly)).toMatchObject({ t: 'error', message: expect.stringMatching(/^工作表“.+”的合并单元格共覆盖超过 2000 万个单元格，超出了本程序读取文件的上限$/) });
      expect(await post(again, sheetjsOnly)).toEqual({ t: 'done' }); // one range 150,000 times is one range
    }
  }, 120_000);
});
