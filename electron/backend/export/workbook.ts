import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { FORMULA_START } from '../../../shared/text';
import type { Cell, Merge, SheetData } from '../import/read';

export interface Column {
  header: string;
  /** Upper header row for two-row county headers (岗位信息 / 人员信息); equal neighbours are merged. */
  group?: string;
  width?: number;
  /** text: written as text even when it looks like a number (IDs, 户编号, accounts). */
  type?: 'text' | 'number' | 'money' | 'date';
}

export interface TableSheet {
  name: string;
  title: string;
  note?: string; // row 2: 导出时间、单位
  columns: Column[];
  rows: (string | number | null)[][];
  total?: (string | number | null)[]; // the 合计 row
  footer?: string; // signature line: 审核人、填表人
  landscape?: boolean;
  /** hidden: a sheet for tools, not people (the exchange package's 交换包信息); Excel can still unhide it. */
  state?: 'visible' | 'hidden' | 'veryHidden';
}

const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

/** What every sheet carrying whole ID numbers says in its title: such a file must be handled as secret. */
export const FULL_ID_NOTICE = '含完整身份证号，注意保密';
const ID_HEADER = /身份证|证件号码|公民身份号码/;
const FULL_ID = /^\d{17}[\dXx]$/;

/** The title with the notice in brackets at its end (replacing an earlier one); forCounty adds 报县用. */
export function withFullIdNotice(title: string, forCounty = false): string {
  const base = title.replace(/（[^（）]*含完整身份证号[^（）]*）$/, '');
  return `${base}（${forCounty ? '报县用，' : ''}${FULL_ID_NOTICE}）`;
}

/**
 * A sheet with an ID column holding at least one unmasked 18-character ID gets the notice in its
 * title, whichever exporter made it: nobody can forget it, and masked lists (6+8+4) stay unmarked.
 */
export function sheetTitle(s: TableSheet): string {
  if (s.title.includes('含完整身份证号')) return s.title;
  const idCols = s.columns.flatMap((c, i) => (ID_HEADER.test(`${c.group ?? ''}${c.header}`) ? [i] : []));
  const full = idCols.length > 0 && s.rows.some((r) => idCols.some((i) => FULL_ID.test(String(r[i] ?? '').trim())));
  return full ? withFullIdNotice(s.title) : s.title;
}

/** Text that Excel would run as a formula gets a leading apostrophe (the importer takes it off again). */
export function guardFormula(v: string): string {
  return FORMULA_START.test(v) ? `'${v}` : v;
}

export interface WriteOptions {
  creator?: string;
  /**
   * Called every few thousand rows with the rows written so far and the rows of all sheets; the
   * writer then yields to the event loop, so a status request is answered while a long job writes.
   */
  onProgress?: (rowsWritten: number, rowsTotal: number) => void;
}

const PROGRESS_EVERY = 5000;

/**
 * The one workbook writer: title merged across, a note row, the header (one or two rows) with
 * borders and bold, frozen panes, A4 landscape fit to width with the header repeated on every page.
 * Streams, so 100k rows stay within memory.
 */
export async function writeWorkbook(sheets: TableSheet[], opts: WriteOptions = {}): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((res, rej) => { out.on('end', () => res()); out.on('error', rej); });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  wb.creator = opts.creator ?? '乡镇帮扶台账';
  wb.created = new Date();
  const total = sheets.reduce((n, s) => n + s.rows.length, 0);
  let written = 0;
  const tick = opts.onProgress && (async (rows: number) => {
    written += rows;
    opts.onProgress!(written, total);
    await new Promise<void>((r) => setImmediate(r));
  });
  for (const s of sheets) await writeSheet(wb, s, tick);
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

async function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, s: TableSheet, tick?: (rows: number) => Promise<void>) {
  const n = s.columns.length;
  const twoRow = s.columns.some((c) => c.group);
  const headerRows = twoRow ? 2 : 1;
  const firstHeader = 3;
  const lastHeader = firstHeader + headerRows - 1;
  const ws = wb.addWorksheet(s.name.slice(0, 31), {
    state: s.state ?? 'visible',
    views: [{ state: 'frozen', ySplit: lastHeader, xSplit: 0 }],
    pageSetup: {
      paperSize: 9, orientation: s.landscape === false ? 'portrait' : 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0,
      printTitlesRow: `${firstHeader}:${lastHeader}`, margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  ws.columns = s.columns.map((c) => ({ width: c.width ?? Math.max(8, c.header.length * 2 + 2), style: c.type === 'text' ? { numFmt: '@' } : c.type === 'money' ? { numFmt: '#,##0.00' } : {} }));
  // Titles, notes and footers are built from settings (township, unit names): guarded like cells.
  const title = ws.addRow([guardFormula(sheetTitle(s))]);
  title.height = 28;
  title.getCell(1).font = { bold: true, size: 16 };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  ws.mergeCells(1, 1, 1, n);
  title.commit();
  const note = ws.addRow([guardFormula(s.note ?? '')]);
  ws.mergeCells(2, 1, 2, n);
  note.commit();
  const styleHeader = (row: ExcelJS.Row) => {
    for (let c = 1; c <= n; c++) {
      const cell = row.getCell(c);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    }
  };
  if (twoRow) {
    const g = ws.addRow(s.columns.map((c) => guardFormula(c.group ?? c.header)));
    styleHeader(g);
    const h = ws.addRow(s.columns.map((c) => guardFormula(c.header)));
    styleHeader(h);
    for (let c = 0; c < n; c++) {
      if (!s.columns[c].group) { ws.mergeCells(firstHeader, c + 1, firstHeader + 1, c + 1); continue; }
      let e = c;
      while (e + 1 < n && s.columns[e + 1].group === s.columns[c].group) e++;
      if (e > c) ws.mergeCells(firstHeader, c + 1, firstHeader, e + 1);
      c = e;
    }
    g.commit(); h.commit();
  } else {
    const h = ws.addRow(s.columns.map((c) => guardFormula(c.header)));
    styleHeader(h);
    h.commit();
  }
  // One style object per column (and one bold one), shared by every cell: exceljs recognises a style
  // object it has seen by identity, whereas a style built per cell is rendered to XML to be compared —
  // that was most of the time a 100k-row sheet took to write. Same styles in the file as before.
  const cellStyle = (c: Column | undefined, bold: boolean): Partial<ExcelJS.Style> => ({
    ...(c?.type === 'text' ? { numFmt: '@' } : c?.type === 'money' ? { numFmt: '#,##0.00' } : {}),
    border: BORDER, ...(bold ? { font: { bold: true } } : {}),
  });
  const plain = Array.from({ length: n }, (_, i) => cellStyle(s.columns[i], false));
  const strong = Array.from({ length: n }, (_, i) => cellStyle(s.columns[i], true));
  const put = (values: (string | number | null)[], bold = false) => {
    const row = ws.addRow(values.map((v, i) => cellValue(v, s.columns[i])));
    const styles = bold ? strong : plain;
    for (let c = 1; c <= n; c++) row.getCell(c).style = styles[c - 1];
    row.commit();
  };
  if (tick) {
    for (let i = 0; i < s.rows.length; i++) {
      put(s.rows[i]);
      if ((i + 1) % PROGRESS_EVERY === 0) await tick(PROGRESS_EVERY);
    }
    await tick(s.rows.length % PROGRESS_EVERY);
  } else for (const r of s.rows) put(r);
  if (s.total) put(s.total, true);
  if (s.footer) { ws.addRow([]).commit(); ws.addRow([guardFormula(s.footer)]).commit(); }
  ws.commit();
}

function cellValue(v: string | number | null, c: Column | undefined): string | number | null {
  if (v == null) return null;
  if (typeof v === 'string') return guardFormula(v);
  if (c?.type === 'text') return String(v);
  return v;
}

// ───────────────────────── what a reader gets back ─────────────────────────

const DROPPED = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g; // what exceljs leaves out of the XML (XML 1.0 cannot hold them)
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g; // UTF-8 writes U+FFFD for these
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g; // the reader decodes these, as Excel does

/** A text as the reader (import/xlsx-reader.ts) gets it back from this writer's file. */
const ANY_CHANGE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uD800-\uDFFF]|_x/; // no /g: test() keeps no state

export function textReadBack(v: string): string {
  if (!ANY_CHANGE.test(v)) return v;
  let t = v;
  // replace() with a /g pattern starts from 0 every time (test() would keep lastIndex between calls).
  t = t.replace(DROPPED, '').replace(LONE_SURROGATE, '\uFFFD');
  if (t.includes('_x')) t = t.replace(OOXML_ESCAPE, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return t;
}

/**
 * The sheet as readXlsx returns it from the file writeWorkbook makes (values, merged ranges), without
 * writing and reading it: the 交换包 hashes what the county will read back, and computing that here
 * saves writing and re-reading a 100k-row package. test/integration/workbook-readback.test.ts holds
 * the two side by side; a change to the writer's cell values or merges must change this too.
 */
export function readBack(s: TableSheet): SheetData {
  const n = s.columns.length;
  const text = (v: string) => textReadBack(guardFormula(v));
  const cell = (v: string | number | null, c: Column | undefined): Cell => {
    const w = cellValue(v, c);
    return w == null ? null : typeof w === 'string' ? textReadBack(w) : w;
  };
  const trim = (r: Cell[]) => { while (r.length && r[r.length - 1] == null) r.pop(); return r; };
  const rows: Cell[][] = [[text(sheetTitle(s))], [text(s.note ?? '')]];
  const merges: Merge[] = [{ top: 0, left: 0, bottom: 0, right: n - 1 }, { top: 1, left: 0, bottom: 1, right: n - 1 }];
  if (s.columns.some((c) => c.group)) {
    const g: Cell[] = s.columns.map((c) => text(c.group ?? c.header)), h: Cell[] = s.columns.map((c) => text(c.header));
    for (let c = 0; c < n; c++) {
      if (!s.columns[c].group) { h[c] = null; merges.push({ top: 2, left: c, bottom: 3, right: c }); continue; }
      let e = c;
      while (e + 1 < n && s.columns[e + 1].group === s.columns[c].group) e++;
      if (e > c) { for (let k = c + 1; k <= e; k++) g[k] = null; merges.push({ top: 2, left: c, bottom: 2, right: e }); }
      c = e;
    }
    rows.push(trim(g), trim(h));
  } else rows.push(trim(s.columns.map((c) => text(c.header))));
  for (const r of s.rows) rows.push(trim(r.map((v, i) => cell(v, s.columns[i]))));
  if (s.total) rows.push(trim(s.total.map((v, i) => cell(v, s.columns[i]))));
  if (s.footer) rows.push([], [text(s.footer)]);
  return { name: s.name.slice(0, 31), rows, merges, mergesKnown: true };
}
