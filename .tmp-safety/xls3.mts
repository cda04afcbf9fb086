import fs from 'node:fs';
import * as XLSX from 'xlsx';
const src = fs.readFileSync('/work/shared/samples/posts-roster-township.xls');
const [at, v, len] = process.argv.slice(2).map(Number);
const out = Buffer.from(src); out.fill(v, at, Math.min(out.length, at + len));
fs.writeFileSync('/work/main/.tmp-safety/case.xls', out);
const t = performance.now();
let msg = 'ok';
setInterval(() => {}, 1000);
try { const wb = XLSX.read(out, { type: 'buffer', cellDates: true, cellNF: false, cellText: false, dense: true }); msg = 'ok ' + wb.SheetNames.join(',') + ' ' + JSON.stringify(Object.values(wb.Sheets).map(s => s['!ref'])); } catch (e) { msg = String((e as Error)?.message ?? e).slice(0, 100); }
console.log(Math.round(performance.now() - t), msg, process.memoryUsage().rss >> 20);
process.exit(0);
