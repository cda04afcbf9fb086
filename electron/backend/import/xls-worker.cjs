// Reads an .xls (BIFF) workbook with SheetJS in a worker thread. SheetJS 0.18.5 can loop forever
// on some damaged formula records; in a worker the importer can give up after a time limit
// without freezing the app. Plain CommonJS so it runs the same under tsx, vitest and Electron.
const { parentPort, workerData } = require('node:worker_threads');
const XLSX = require('xlsx');

try {
  const buf = Buffer.from(workerData.buffer);
  const wb = XLSX.read(buf, { type: 'buffer', cellDates: true, cellNF: false, cellText: false, dense: true });
  const sheets = [];
  const meta = (wb.Workbook && wb.Workbook.Sheets) || [];
  for (const [i, name] of wb.SheetNames.entries()) {
    // Hidden sheets are county tooling (lists, lookups), not data: the same rule as the .xlsx reader.
    if (meta[i] && meta[i].Hidden) continue;
    const ws = wb.Sheets[name];
    if (!ws || !ws['!ref']) { sheets.push({ name, rows: [], merges: [], mergesKnown: true }); continue; }
    const range = XLSX.utils.decode_range(ws['!ref']);
    const data = XLSX.utils.sheet_to_json(ws, { header: 1, raw: true, defval: null, blankrows: true });
    const rows = [];
    for (let r = 0; r < range.s.r; r++) rows.push([]);
    for (const r of data) {
      const cells = [];
      for (let c = 0; c < range.s.c; c++) cells.push(null);
      for (const v of r) cells.push(v === undefined ? null : v);
      rows.push(cells);
    }
    const merges = (ws['!merges'] || []).map((m) => ({ top: m.s.r, left: m.s.c, bottom: m.e.r, right: m.e.c }));
    sheets.push({ name, rows, merges, mergesKnown: true });
  }
  parentPort.postMessage({ ok: true, sheets });
} catch (e) {
  parentPort.postMessage({ ok: false, message: e && e.message ? String(e.message) : String(e) });
}
