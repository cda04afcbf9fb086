import fs from 'node:fs';
import * as XLSX from 'xlsx';
const src = fs.readFileSync('/work/shared/samples/posts-roster-township.xls');
let a = 20261128 >>> 0;
const next = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
const start = Number(process.argv[2] ?? 0);
for (let k = 0; k < 300; k++) {
  const out = Buffer.from(src);
  const at = int(0, out.length - 1); const v = [0, 0xff, 0x41][int(0, 2)]; const len = int(1, 4096);
  if (k < start) continue;
  out.fill(v, at, Math.min(out.length, at + len));
  fs.writeSync(2, `${k} ${at} ${v} ${len}\n`);
  const t = performance.now();
  let msg = 'ok';
  try { XLSX.read(out, { type: 'buffer', cellDates: true, cellNF: false, cellText: false, dense: true }); } catch (e) { msg = String((e as Error)?.message ?? e).slice(0, 60); }
  const ms = performance.now() - t;
  if (ms > 500) { console.log(k, at, v, len, Math.round(ms), msg); }
}
