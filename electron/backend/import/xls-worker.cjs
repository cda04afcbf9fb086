// Reads an .xls (BIFF) workbook with SheetJS in a worker thread. SheetJS can loop forever on some
// damaged formula records (found by fuzzing with 0.18.5, still so in 0.20.3); in a worker the
// importer can give up after a time limit without freezing the app. Plain CommonJS so it runs the
// same under tsx, vitest and Electron.
//
// Speed (issue 18): the workbook is parsed once, in dense mode, and each sheet's cells are turned
// into row arrays straight from the dense grid (no sheet_to_json with its per-cell date/format
// checks). Rows travel to the main thread as JSON text in batches, like the .xlsx reader's: one
// string per batch is copied instead of a structured clone of every small string; what JSON cannot
// carry (dates, NaN/Infinity) goes beside it as patches [row in batch, column, kind, value].
//
// Plain BIFF8 files are read by xls-biff8.cjs, which gives what SheetJS gives without loading it (its
// codepage tables alone take ~200 ms per thread) or building its full cell model; SheetJS reads the
// rest (older BIFF versions, formulas, odd or damaged structures).
const { parentPort, workerData } = require('node:worker_threads');
const { readBiff8 } = require('./xls-biff8.cjs');

const BATCH = 4000;

/** One cell's plain value, as sheet_to_json(header: 1, raw: true, defval: null) gave it. */
function cellValue(cell) {
  if (cell == null || cell.t === undefined) return null;
  switch (cell.t) {
    case 's': case 'n': case 'b': return cell.v == null ? null : cell.v;
    // 0.20 builds date cells at UTC midnight, as the .xlsx reader does; kept as they are (no local-time shift).
    case 'd': return cell.v instanceof Date ? cell.v : new Date(cell.v);
    case 'e': case 'z': return null;
    default: throw new Error('unrecognized type ' + cell.t);
  }
}

// The .xlsx reader's caps on merged ranges (READ_LIMITS.merges, .mergedCells in xlsx-reader.ts): the
// importer fills every merge's cells on the main thread, so 100k copies of one large range would freeze it.
const MAX_MERGES = 100_000, MAX_MERGED_CELLS = 20_000_000;

/** A sheet's merges, deduplicated and capped as the .xlsx reader's. */
function mergesOf(name, ws) {
  const seen = new Set(), out = [];
  let area = 0;
  for (const m of ws['!merges'] || []) {
    const mg = { top: m.s.r, left: m.s.c, bottom: m.e.r, right: m.e.c };
    const key = `${mg.top},${mg.left},${mg.bottom},${mg.right}`;
    if (seen.has(key)) continue; // the same range again adds nothing
    seen.add(key);
    if (out.length >= MAX_MERGES) throw new Error(`工作表“${name}”有超过 ${MAX_MERGES / 10_000} 万个合并单元格区域，超出了本程序读取文件的上限`);
    const cells = (mg.bottom - mg.top + 1) * (mg.right - mg.left + 1);
    // Whole-row or whole-column merges are formatting: the importer does not fill them.
    if (cells > 0 && cells <= 200_000) area += cells;
    if (area > MAX_MERGED_CELLS) throw new Error(`工作表“${name}”的合并单元格共覆盖超过 ${MAX_MERGED_CELLS / 10_000} 万个单元格，超出了本程序读取文件的上限`);
    out.push(mg);
  }
  return out;
}

function postSheet(name, ws) {
  parentPort.postMessage({ t: 'sheet', name, merges: mergesOf(name, ws) });
  // The fast reader gives the range as cells; SheetJS as A1 text.
  const ref = ws['!ref'];
  const range = typeof ref === 'string' ? require('@e965/xlsx').utils.decode_range(ref) : ref;
  const grid = ws['!data'] || [];
  let rows = [], patches = [];
  const flush = () => {
    parentPort.postMessage({ t: 'rows', json: JSON.stringify(rows), patches });
    rows = []; patches = [];
  };
  // Rows above the used range are empty (Excel row numbers stay right); so are columns left of it.
  for (let r = 0; r < range.s.r; r++) rows.push([]);
  for (let r = range.s.r; r <= range.e.r; r++) {
    if (rows.length >= BATCH) flush();
    const src = grid[r];
    // A row SheetJS holds no cells for came out of sheet_to_json as only the nulls left of the range
    // (the range's first row as a full-width row of nulls): kept so, so the importer sees what it saw.
    const cells = new Array(src || r === range.s.r ? range.e.c + 1 : range.s.c).fill(null);
    if (src) {
      for (let c = range.s.c; c <= range.e.c; c++) {
        const v = cellValue(src[c]);
        if (v === null) continue;
        if (v instanceof Date) patches.push(rows.length, c, 0, v.getTime());
        else if (typeof v === 'number' && !Number.isFinite(v)) patches.push(rows.length, c, 1, Number.isNaN(v) ? 0 : v > 0 ? 1 : -1);
        else cells[c] = v;
      }
      grid[r] = undefined; // the parsed cells of this row are no longer needed
    }
    rows.push(cells);
  }
  if (rows.length) flush();
}

try {
  const buf = Buffer.from(workerData.buffer.buffer, workerData.buffer.byteOffset, workerData.buffer.byteLength);
  // cellHTML/cellText/cellNF off: the importer wants values only, not rich-text HTML or formatted text.
  // LEDGER_XLS_SHEETJS=1: every file through SheetJS (to compare the two readers' speed in one bench run).
  const sheetjsOnly = workerData.sheetjsOnly || process.env.LEDGER_XLS_SHEETJS === '1';
  const fast = sheetjsOnly ? null : readBiff8(buf);
  // A file the fast reader refuses would take SheetJS past the memory limits (Buffers lie outside the thread's heap limit).
  if (fast && fast.refused) throw new Error(fast.refused);
  const wb = fast
    || require('@e965/xlsx').read(buf, { type: 'buffer', dense: true, cellDates: true, cellNF: false, cellText: false, cellHTML: false });
  const meta = (wb.Workbook && wb.Workbook.Sheets) || [];
  for (const [i, name] of wb.SheetNames.entries()) {
    // Hidden sheets are county tooling (lists, lookups), not data: the same rule as the .xlsx reader.
    if (meta[i] && meta[i].Hidden) continue;
    const ws = wb.Sheets[name];
    if (!ws || !ws['!ref']) { parentPort.postMessage({ t: 'sheet', name, merges: [] }); continue; }
    postSheet(name, ws);
    delete wb.Sheets[name];
  }
  parentPort.postMessage({ t: 'done' });
} catch (e) {
  parentPort.postMessage({ t: 'error', message: e && e.message ? String(e.message) : String(e) });
}
