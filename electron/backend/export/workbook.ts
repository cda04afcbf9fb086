import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { FORMULA_START } from '../../../shared/text';

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

/**
 * The one workbook writer: title merged across, a note row, the header (one or two rows) with
 * borders and bold, frozen panes, A4 landscape fit to width with the header repeated on every page.
 * Streams, so 100k rows stay within memory.
 */
export async function writeWorkbook(sheets: TableSheet[], meta: { creator?: string } = {}): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((res, rej) => { out.on('end', () => res()); out.on('error', rej); });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  wb.creator = meta.creator ?? '乡镇帮扶台账';
  wb.created = new Date();
  for (const s of sheets) writeSheet(wb, s);
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, s: TableSheet) {
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
  for (const r of s.rows) put(r);
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
