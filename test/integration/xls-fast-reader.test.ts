// Issue 18 (.xls on par with .xlsx): plain BIFF8 files are read by our own record reader
// (electron/backend/import/xls-biff8.cjs) instead of SheetJS, which falls back to SheetJS on anything
// it does not fully understand. The contract is "exactly what SheetJS gives": these tests run both
// readers on every .xls sample and on seeded damage to them (bytes anywhere in the file, and records
// of the Workbook stream rewritten), and whenever our reader answers, its answer must be SheetJS's.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { SAMPLES, sample } from '../samples';
import { rng } from '../support/rng';

type Cell = { t?: string; v?: unknown };
type Ws = { '!ref'?: string | { s: { r: number; c: number }; e: { r: number; c: number } }; '!merges'?: { s: { r: number; c: number }; e: { r: number; c: number } }[]; '!data'?: (Cell[] | undefined)[] };
type Wb = { SheetNames: string[]; Sheets: Record<string, Ws>; Workbook?: { Sheets?: { Hidden?: number }[] } };
const { readBiff8 } = createRequire(import.meta.url)('../../electron/backend/import/xls-biff8.cjs') as { readBiff8: (b: Buffer) => Wb | null };

/** What xls-worker.cjs takes from a workbook: visible sheets, range, merges, and each row's values and presence. */
function project(wb: Wb) {
  const meta = wb.Workbook?.Sheets ?? [];
  return wb.SheetNames.map((name, i) => {
    if (meta[i]?.Hidden) return { name, hidden: true };
    const ws = wb.Sheets[name];
    if (!ws || !ws['!ref']) return { name, empty: true };
    const ref = typeof ws['!ref'] === 'string' ? XLSX.utils.decode_range(ws['!ref']) : ws['!ref'];
    const grid = ws['!data'] ?? [];
    const rows: unknown[] = [];
    for (let r = ref.s.r; r <= ref.e.r; r++) {
      const src = grid[r];
      if (!src) { rows.push(r === ref.s.r ? 'first' : null); continue; }
      const cells: unknown[] = [];
      for (let c = ref.s.c; c <= ref.e.c; c++) {
        const x = src[c];
        if (x == null || x.t === undefined || x.t === 'e' || x.t === 'z') cells.push(null);
        else if (x.t === 'd') cells.push(`D${(x.v instanceof Date ? x.v : new Date(x.v as string)).getTime()}`);
        else if (typeof x.v === 'number') cells.push(Object.is(x.v, -0) ? 'N-0' : `N${x.v}`);
        else cells.push(`${x.t}:${String(x.v)}`);
      }
      rows.push(cells);
    }
    return { name, ref: [ref.s.r, ref.s.c, ref.e.r, ref.e.c], merges: (ws['!merges'] ?? []).map((m) => [m.s.r, m.s.c, m.e.r, m.e.c]), rows };
  });
}

function bySheetjs(buf: Buffer): string {
  try {
    return JSON.stringify(project(XLSX.read(buf, { type: 'buffer', dense: true, cellDates: true, cellNF: false, cellText: false, cellHTML: false }) as unknown as Wb));
  } catch (e) {
    return `error: ${(e as Error).message ?? String(e)}`;
  }
}

/** Both readers on one buffer: 'fast' when ours answered (and agreed), 'fallback' when it left the file to SheetJS. */
function compare(buf: Buffer, what: string): 'fast' | 'fallback' {
  const fast = readBiff8(buf);
  if (!fast) return 'fallback';
  expect(JSON.stringify(project(fast)), what).toBe(bySheetjs(buf));
  return 'fast';
}

const xlsSamples = [...fs.readdirSync(SAMPLES), ...fs.readdirSync(sample('bad')).map((f) => `bad/${f}`)].filter((f) => f.endsWith('.xls'));

/** The Workbook stream's records, and the file rebuilt around a rewritten stream. */
function streamOf(buf: Buffer) {
  const stream = Buffer.from(XLSX.CFB.find(XLSX.CFB.read(buf, { type: 'buffer' }), '/Workbook')!.content as Uint8Array);
  const recs: { off: number; type: number; len: number }[] = [];
  for (let l = 0; l + 4 <= stream.length;) { const len = stream.readUInt16LE(l + 2); recs.push({ off: l, type: stream.readUInt16LE(l), len }); l += 4 + len; }
  const rebuild = (s: Buffer) => {
    const cfb = XLSX.CFB.read(buf, { type: 'buffer' });
    XLSX.CFB.find(cfb, '/Workbook')!.content = s;
    return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
  };
  return { stream, recs, rebuild };
}

describe('the fast .xls reader gives what SheetJS gives', () => {
  it('on every .xls sample, which it reads itself (no fallback)', () => {
    expect(xlsSamples.length).toBeGreaterThanOrEqual(2);
    for (const f of xlsSamples) expect(compare(fs.readFileSync(sample(f)), f)).toBe('fast');
  });

  it('leaves files that are not plain BIFF8 compound files to SheetJS', () => {
    for (const f of fs.readdirSync(sample('bad'))) expect(readBiff8(fs.readFileSync(sample(`bad/${f}`))), f).toBeNull();
    expect(readBiff8(Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600, 0xff)]))).toBeNull();
    expect(readBiff8(Buffer.alloc(0))).toBeNull();
  });

  it('on seeded byte damage anywhere in the file', () => {
    const tally = { fast: 0, fallback: 0 };
    for (const [f, runs] of [['posts-roster-township.xls', 150], ['persons-county-export.xls', 8]] as const) {
      const base = fs.readFileSync(sample(f));
      for (let seed = 1; seed <= runs; seed++) {
        const r = rng(seed), buf = Buffer.from(base);
        for (let k = r.int(1, 4); k > 0; k--) { const p = r.int(0, buf.length - 1); buf[p] = r.next() < 0.5 ? r.int(0, 255) : buf[p] ^ (1 << r.int(0, 7)); }
        tally[compare(buf, `${f} seed ${seed}`)]++;
      }
    }
    // Both outcomes happen: the comparison above really ran on damaged files the fast reader accepted.
    expect(tally.fast).toBeGreaterThan(10);
    expect(tally.fallback).toBeGreaterThan(10);
  }, 300_000);

  it('on seeded rewrites of the Workbook stream\'s records (lengths, types, fields)', () => {
    const tally = { fast: 0, fallback: 0 };
    const { stream, recs, rebuild } = streamOf(fs.readFileSync(sample('posts-roster-township.xls')));
    const cellTypes = new Set([0xfd, 0x27e, 0x204, 0x203, 0xbd]);
    const structural = recs.filter((x) => !cellTypes.has(x.type) && x.type !== 0x208), cells = recs.filter((x) => cellTypes.has(x.type));
    const types = [0x3c, 0x0a, 0x809, 0x200, 0xe5, 0xfc, 0x85, 0xe0, 0x41e, 0x22, 0x42, 0x06, 0x205, 0xbe, 0x2f, 0x13d, 0x80];
    for (let seed = 1; seed <= 250; seed++) {
      const r = rng(seed), s = Buffer.from(stream);
      for (let k = r.int(1, 3); k > 0; k--) {
        const { off, len } = r.pick(r.next() < 0.7 ? structural : cells);
        switch (r.int(0, 5)) {
          case 0: if (len > 0) s[off + 4 + r.int(0, len - 1)] = r.int(0, 255); break;
          case 1: if (len > 0) { const p = off + 4 + r.int(0, Math.min(len, 16) - 1); s[p] ^= 1 << r.int(0, 7); } break;
          case 2: s.writeUInt16LE(Math.max(0, len + r.int(-3, 3)), off + 2); break;
          case 3: s.writeUInt16LE(r.pick(types), off); break;
          case 4: if (len >= 2) s.writeUInt16LE(r.int(0, 0xffff), off + 4 + 2 * r.int(0, (len >> 1) - 1)); break;
          default: if (len >= 4) s.writeUInt32LE(r.int(0, 0xffffffff) >>> 0, off + 4 + r.int(0, len - 4));
        }
      }
      tally[compare(rebuild(s), `stream seed ${seed}`)]++;
    }
    expect(tally.fast).toBeGreaterThan(20);
    expect(tally.fallback).toBeGreaterThan(20);
  }, 300_000);

  it('on the records Excel 2007+ adds (XFExt, Theme, MTRSettings, Compat12, XFCRC), well-formed and damaged', () => {
    const { stream, recs, rebuild } = streamOf(fs.readFileSync(sample('posts-roster-township.xls')));
    const rec = (type: number, body: Buffer) => { const h = Buffer.alloc(4); h.writeUInt16LE(type, 0); h.writeUInt16LE(body.length, 2); return Buffer.concat([h, body]); };
    const frt = (type: number, body: Buffer) => { const h = Buffer.alloc(12); h.writeUInt16LE(type, 0); return rec(type, Buffer.concat([h, body])); };
    const u16 = (...v: number[]) => Buffer.from(new Uint16Array(v).buffer);
    // XFExt for XF 15: a foreground colour (RGBA), a font scheme, a gradient of 4 bytes.
    const xfExt = frt(0x087d, Buffer.concat([u16(0, 15, 0, 3), u16(0x04, 20, 2, 0), Buffer.from([1, 2, 3, 4]), Buffer.alloc(8), u16(0x0e, 5), Buffer.from([1]), u16(0x06, 8), Buffer.alloc(4)]));
    const extra = [xfExt, frt(0x0896, Buffer.from([0x42, 0xe5, 0x01, 0x00])), frt(0x089a, Buffer.alloc(12)), frt(0x088c, u16(1)), frt(0x087c, Buffer.alloc(8))];
    /** The stream with records inserted after the last XF, sheet positions in BoundSheet8 moved along. */
    const withRecords = (add: Buffer[]) => {
      const at = recs.filter((x) => x.type === 0xe0).at(-1)!, cut = at.off + 4 + at.len, ins = Buffer.concat(add);
      const s = Buffer.concat([stream.subarray(0, cut), ins, stream.subarray(cut)]);
      for (const x of recs) if (x.type === 0x85) s.writeUInt32LE(s.readUInt32LE(x.off + (x.off >= cut ? ins.length : 0) + 4) + ins.length, x.off + (x.off >= cut ? ins.length : 0) + 4);
      return s;
    };
    expect(compare(rebuild(withRecords(extra)), 'Excel records')).toBe('fast');
    const tally = { fast: 0, fallback: 0 };
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed), add = extra.map((x) => Buffer.from(x));
      for (let k = r.int(1, 3); k > 0; k--) {
        const x = r.pick(add), p = r.int(0, x.length - 1);
        if (r.next() < 0.3) x.writeUInt16LE(r.int(0, 40), Math.min(p, x.length - 2)); else x[p] = r.int(0, 255);
      }
      tally[compare(rebuild(withRecords(add)), `Excel records seed ${seed}`)]++;
    }
    expect(tally.fast).toBeGreaterThan(10);
    expect(tally.fallback).toBeGreaterThan(10);
  }, 300_000);

  it('on a shared-string table cut into thousands of tiny CONTINUE records (read in one pass)', () => {
    const rec = (type: number, body: Buffer) => { const h = Buffer.alloc(4); h.writeUInt16LE(type, 0); h.writeUInt16LE(body.length, 2); return Buffer.concat([h, body]); };
    const u16 = (...v: number[]) => Buffer.from(new Uint16Array(v).buffer);
    const bof = (dt: number) => rec(0x809, Buffer.concat([u16(0x600, dt), Buffer.alloc(12)]));
    // 4,000 strings, each header in a piece of its own and each character in one of its own, after the
    // flag byte a continued string starts with: two-byte characters, or a two-byte then a one-byte one.
    const U = 4000, head = Buffer.alloc(8), pieces: Buffer[] = [];
    head.writeUInt32LE(U, 0); head.writeUInt32LE(U, 4);
    for (let k = 0; k < U; k++) {
      pieces.push(Buffer.concat([u16(2), Buffer.from([1])]));
      pieces.push(Buffer.concat([Buffer.from([1]), Buffer.from('乡', 'utf16le')]));
      pieces.push(k % 2 ? Buffer.from([0, 97 + (k % 26)]) : Buffer.concat([Buffer.from([1]), Buffer.from('镇', 'utf16le')]));
    }
    const sst = [rec(0xfc, head), ...pieces.map((x) => rec(0x3c, x))];
    const boundSheet = (pos: number) => rec(0x85, Buffer.concat([Buffer.from(new Uint32Array([pos]).buffer), Buffer.from([0, 0, 2, 0]), Buffer.from('S1', 'latin1')]));
    const globalsLen = bof(5).length + rec(0x42, u16(1200)).length + Buffer.concat(sst).length + boundSheet(0).length + 4;
    const cells = Array.from({ length: 200 }, (_, k) => rec(0xfd, Buffer.concat([u16(k, 0, 15), Buffer.from(new Uint32Array([k * 97 % U]).buffer)])));
    const stream = Buffer.concat([bof(5), rec(0x42, u16(1200)), ...sst, boundSheet(globalsLen), rec(0x0a, Buffer.alloc(0)),
      bof(0x10), rec(0x200, Buffer.concat([Buffer.from(new Uint32Array([0, 200]).buffer), u16(0, 1, 0)])), ...cells, rec(0x0a, Buffer.alloc(0))]);
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, 'Workbook', stream);
    expect(compare(Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array), 'tiny CONTINUE pieces')).toBe('fast');
  }, 120_000);

  it('the worker thread posts the same sheets and rows through either reader', async () => {
    const run = (buf: Buffer, sheetjsOnly: boolean) => new Promise<unknown[]>((resolve, reject) => {
      const w = new Worker(new URL('../../electron/backend/import/xls-worker.cjs', import.meta.url), { workerData: { buffer: buf, sheetjsOnly }, execArgv: [] });
      const got: unknown[] = [];
      w.on('message', (m: { t: string }) => { got.push(m); if (m.t === 'done' || m.t === 'error') { void w.terminate(); resolve(got); } });
      w.once('error', reject);
    });
    for (const f of xlsSamples) {
      const buf = fs.readFileSync(sample(f));
      const [fast, sheetjs] = await Promise.all([run(buf, false), run(buf, true)]);
      expect(fast.at(-1)).toEqual({ t: 'done' });
      expect(JSON.stringify(fast), f).toBe(JSON.stringify(sheetjs));
    }
  }, 120_000);
});
