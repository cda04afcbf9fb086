import { FORMULA_START } from '../../../shared/text';
import type { Cell, Merge, SheetData } from '../import/read';
import { writeXlsx, XF, type SheetPart } from './xlsx-writer';

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
  /** The file's 创建时间 (docProps): the ledger's clock (ctx.now()), never the computer's, so LEDGER_NOW and tests hold. */
  created: Date;
  /**
   * Called every few thousand rows with the rows written so far and the rows of all sheets; the
   * writer then yields to the event loop, so a status request is answered while a long job writes.
   */
  onProgress?: (rowsWritten: number, rowsTotal: number) => void;
}

const PROGRESS_EVERY = 5000;

/** Excel refuses a sheet name with : \\ / ? * [ ] or over 31 characters: such characters become _. */
export const sheetName = (s: TableSheet) => s.name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31) || 'Sheet';

/** The merged ranges of a sheet as written: title and note across, the header groups (and ungrouped columns down both rows). */
function layoutMerges(s: TableSheet): Merge[] {
  const n = s.columns.length;
  const out: Merge[] = n > 1 ? [{ top: 0, left: 0, bottom: 0, right: n - 1 }, { top: 1, left: 0, bottom: 1, right: n - 1 }] : [];
  if (!s.columns.some((c) => c.group)) return out;
  for (let c = 0; c < n; c++) {
    if (!s.columns[c].group) { out.push({ top: 2, left: c, bottom: 3, right: c }); continue; }
    let e = c;
    while (e + 1 < n && s.columns[e + 1].group === s.columns[c].group) e++;
    if (e > c) out.push({ top: 2, left: c, bottom: 2, right: e });
    c = e;
  }
  return out;
}

/**
 * The header row(s) as written: one row of headers, or the group row over the header row, where a cell
 * inside a merged range is left empty (its range's first cell holds the text, as Excel keeps it).
 */
function headerRows(s: TableSheet): (string | null)[][] {
  if (!s.columns.some((c) => c.group)) return [s.columns.map((c) => guardFormula(c.header))];
  const g: (string | null)[] = s.columns.map((c) => guardFormula(c.group ?? c.header));
  const h: (string | null)[] = s.columns.map((c) => (c.group ? guardFormula(c.header) : null));
  for (let c = 0; c < s.columns.length; c++) {
    if (!s.columns[c].group) continue;
    let e = c;
    while (e + 1 < s.columns.length && s.columns[e + 1].group === s.columns[c].group) e++;
    for (let k = c + 1; k <= e; k++) g[k] = null;
    c = e;
  }
  return [g, h];
}

const colStyle = (c: Column | undefined, bold: boolean) =>
  c?.type === 'text' ? (bold ? XF.boldText : XF.cellText) : c?.type === 'money' ? (bold ? XF.boldMoney : XF.cellMoney) : bold ? XF.bold : XF.cell;

/**
 * The one workbook writer: title merged across, a note row, the header (one or two rows) with
 * borders and bold, frozen panes, A4 landscape fit to width with the header repeated on every page.
 * Rows go out as they are turned into XML (xlsx-writer.ts), so 100k rows stay within memory.
 */
export async function writeWorkbook(sheets: TableSheet[], opts: WriteOptions): Promise<Buffer> {
  const total = sheets.reduce((n, s) => n + s.rows.length, 0);
  let written = 0;
  return writeXlsx(sheets.map((s) => sheetPart(s, (rows) => {
    written += rows;
    opts.onProgress?.(written, total);
  })), { creator: opts.creator ?? '乡镇帮扶台账', created: opts.created });
}

function sheetPart(s: TableSheet, onRows: (rows: number) => void): SheetPart {
  const n = s.columns.length;
  const twoRow = s.columns.some((c) => c.group);
  const plain = s.columns.map((c) => colStyle(c, false)), strong = s.columns.map((c) => colStyle(c, true));
  // Titles, notes and footers are built from settings (township, unit names): guarded like cells.
  return {
    name: sheetName(s), state: s.state ?? 'visible', landscape: s.landscape !== false,
    widths: s.columns.map((c) => c.width ?? Math.max(8, c.header.length * 2 + 2)),
    colStyles: s.columns.map((c) => (c.type === 'text' ? XF.colText : c.type === 'money' ? XF.colMoney : 0)),
    lastHeader: twoRow ? 3 : 2,
    merges: layoutMerges(s),
    async rows(put, flush) {
      put([guardFormula(sheetTitle(s))], [XF.title], 28);
      put([guardFormula(s.note ?? '')], 0);
      for (const h of headerRows(s)) put(h, XF.header);
      const fit = (r: (string | number | null)[]) => Array.from({ length: n }, (_, i) => cellValue(r[i] ?? null, s.columns[i]));
      for (let i = 0; i < s.rows.length; i++) {
        put(fit(s.rows[i]), plain);
        if ((i + 1) % PROGRESS_EVERY === 0) { onRows(PROGRESS_EVERY); await flush(); }
      }
      onRows(s.rows.length % PROGRESS_EVERY);
      if (s.total) put(fit(s.total), strong);
      if (s.footer) { put([], 0); put([guardFormula(s.footer)], 0); }
    },
  };
}

function cellValue(v: string | number | null, c: Column | undefined): string | number | null {
  if (v == null) return null;
  if (typeof v === 'string') return guardFormula(v);
  if (c?.type === 'text') return String(v);
  return v;
}

// ───────────────────────── what a reader gets back ─────────────────────────

const DROPPED = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g; // left out of the XML (XML 1.0 cannot hold them)
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g; // UTF-8 writes U+FFFD for these
const ANY_CHANGE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uD800-\uDFFF]/; // no /g: test() keeps no state

/** A text as the reader (import/xlsx-reader.ts) gets it back from this writer's file (a literal _xHHHH_ is escaped, so it stays). */
export function textReadBack(v: string): string {
  if (!ANY_CHANGE.test(v)) return v;
  // replace() with a /g pattern starts from 0 every time (test() would keep lastIndex between calls).
  return v.replace(DROPPED, '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * The sheet as readXlsx returns it from the file writeWorkbook makes (values, merged ranges), without
 * writing and reading it: the 交换包 hashes what the county will read back, and computing that here
 * saves writing and re-reading a 100k-row package. test/integration/workbook-readback.test.ts holds
 * the two side by side; a change to the writer's cell values or merges must change this too.
 */
export function readBack(s: TableSheet): SheetData {
  const n = s.columns.length;
  const text = (v: string) => textReadBack(v);
  const cell = (v: string | number | null, c: Column | undefined): Cell => {
    const w = cellValue(v, c);
    return w == null || (typeof w === 'number' && !Number.isFinite(w)) ? null : typeof w === 'string' ? textReadBack(w) : w;
  };
  const trim = (r: Cell[]) => { while (r.length && r[r.length - 1] == null) r.pop(); return r; };
  const fit = (r: (string | number | null)[]) => trim(Array.from({ length: n }, (_, i) => cell(r[i] ?? null, s.columns[i])));
  const rows: Cell[][] = [[text(guardFormula(sheetTitle(s)))], trim([text(guardFormula(s.note ?? ''))])];
  for (const h of headerRows(s)) rows.push(trim(h.map((v) => (v == null ? null : text(v)))));
  for (const r of s.rows) rows.push(fit(r));
  if (s.total) rows.push(fit(s.total));
  if (s.footer) rows.push([], [text(guardFormula(s.footer))]);
  return { name: sheetName(s), rows, merges: layoutMerges(s), mergesKnown: true };
}
