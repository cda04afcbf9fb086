import type { ImportError } from '../../../shared/api/contract';
import type { Ctx } from '../services/context';
import { cellText, normLabel, rowShape, type FieldSpec, type HeaderInfo } from './header';
import type { Cell, SheetData } from './read';
import type { FileContext, KindDef, RowAccess, StagedRow } from './kinds/types';

export interface StageResult<R> {
  rows: StagedRow<R>[];
  counts: { new: number; changed: number; unchanged: number; error: number };
}

export function access(cells: Cell[], mapping: Record<string, number | null>, headers: string[], file?: FileContext): RowAccess {
  return new CellsAccess(cells, mapping, headers, file);
}

/** One row's cells by field. A class rather than closures: staging makes one per row of a 100k-row file. */
class CellsAccess implements RowAccess {
  constructor(private readonly cells: Cell[], private readonly mapping: Record<string, number | null>, private readonly headers: string[],
    readonly file?: FileContext) {}

  get(f: string): Cell | undefined { const c = this.mapping[f]; return c == null ? undefined : this.cells[c] ?? null; }
  has(f: string): boolean { return this.mapping[f] != null; }
  header(f: string): string { const c = this.mapping[f]; return c == null ? '' : this.headers[c] ?? ''; }
}

/** The column a field was read from, as the clerk sees it in the file. */
export function columnName(kind: KindDef<unknown>, header: HeaderInfo, mapping: Record<string, number | null>, field: string): string {
  const c = mapping[field];
  return c != null && header.headers[c] ? header.headers[c] : kind.fields.find((f) => f.key === field)?.label ?? field;
}

/**
 * Turns the data rows below the header into staged rows: parsed, checked, compared with the
 * database and put in one of new / changed / unchanged / error. Nothing is written here.
 */
export function stageRows<R>(ctx: Ctx, kind: KindDef<R>, sheet: SheetData, header: HeaderInfo, mapping: Record<string, number | null>,
  onRow?: (done: number) => void, file?: FileContext): StageResult<R> {
  const st = new RowStager(ctx, kind, sheet, header, mapping, file);
  st.advance(onRow);
  return st.finish();
}

/**
 * Staging in two parts: advance() parses the rows that have arrived so far (each row on its own),
 * finish() checks the whole file (duplicates, the database). The importer advances while the reader
 * thread is still reading a large file, so parsing overlaps reading (import/service.ts).
 *
 * With copyOnFill, a row a group column fills down into is copied rather than changed in the sheet,
 * so a speculative staging that is then not used leaves the sheet as it was read; adopt() puts the
 * filled rows into the sheet, as staging in place would have.
 */
export class RowStager<R> {
  private readonly colName: (field: string) => string;
  private readonly fillCols: number[];
  private readonly keyCols: number[];
  /** The header rows as notData compares with them; `used` once a row got as far as that comparison. */
  private readonly headerLines: { lines: string[][]; used: boolean };
  /** Per fill-down column, the last value given above (an array by column: set for every row of the file). */
  private readonly last: (Cell | undefined)[] = [];
  private readonly staged: StagedRow<R>[] = [];
  private readonly filled = new Map<number, Cell[]>();
  private next: number;
  /** The file context the rows are parsed with; while speculative, one that notes being read. */
  private parseFile: FileContext | undefined;
  /** The parts of the file context (title lines, options, today) a row's parsing read while speculative. */
  readonly fileRead = new Set<keyof FileContext>();

  constructor(private readonly ctx: Ctx, readonly kind: KindDef<R>, readonly sheet: SheetData, readonly header: HeaderInfo,
    readonly mapping: Record<string, number | null>, readonly file?: FileContext, private copyOnFill = false) {
    this.parseFile = file && copyOnFill ? watched(file, (k) => this.fileRead.add(k)) : file;
    const fieldByKey = new Map<string, FieldSpec>(kind.fields.map((f) => [f.key, f]));
    this.colName = (field: string) => {
      const c = mapping[field];
      return c != null && header.headers[c] ? header.headers[c] : fieldByKey.get(field)?.label ?? field;
    };
    // Group columns fill down even when the file knows its merges: WPS's 取消合并 leaves the village in
    // the first row of each block only, and clerks write 同上 for "as above".
    this.fillCols = kind.fields.filter((f) => f.fillDown && mapping[f.key] != null).map((f) => mapping[f.key]!);
    const requiredCols = kind.fields.filter((f) => f.required && mapping[f.key] != null).map((f) => mapping[f.key]!);
    // Who a row is about: without any of these it is a note, a template row or a printout artefact.
    this.keyCols = [...new Set([...requiredCols, ...['name', 'idNo'].map((f) => mapping[f]).filter((c): c is number => c != null)])];
    this.headerLines = { lines: this.readHeaderLines(), used: false };
    this.next = header.firstDataRow;
  }

  private readHeaderLines(): string[][] {
    const { header, sheet } = this;
    return [header.headerRow, header.headerRow - 1].filter((r) => r >= 0).map((r) => (sheet.rows[r] ?? []).map((c) => normLabel(cellText(c ?? null))));
  }

  /**
   * After the sheet's merges were applied above its data rows: true when the rows parsed so far would
   * be parsed the same now (the header rows read the same, or no row needed them), and the remaining
   * rows will be compared with the header rows as they now read.
   */
  rebase(): boolean {
    if (this.sheet.merges.some((m) => m.bottom >= this.header.firstDataRow)) return false;
    const lines = this.readHeaderLines();
    if (this.headerLines.used && JSON.stringify(lines) !== JSON.stringify(this.headerLines.lines)) return false;
    this.headerLines.lines = lines;
    return true;
  }

  /** Parses the sheet's rows not parsed yet (rows arrive whole: the last one read is complete). */
  advance(onRow?: (done: number) => void): void {
    const { kind, sheet, mapping, header, parseFile: file, colName, last, staged } = this;
    const end = sheet.rows.length;
    for (let i = this.next; i < end; i++) {
      let cells = sheet.rows[i] ?? [];
      const { filled, skip } = rowShape(cells);
      if (skip || notData(cells, filled, this.keyCols, this.headerLines)) continue;
      for (const c of this.fillCols) {
        let v: Cell | undefined;
        const x = cells[c];
        if (x == null || x === '' || (typeof x === 'string' && isDitto(x))) v = last[c];
        else last[c] = x;
        if (v === undefined) continue;
        if (this.copyOnFill && !this.filled.has(i)) { cells = cells.slice(); this.filled.set(i, cells); }
        cells[c] = v;
      }
      const rowNo = i + 1;
      const parsed = kind.parseRow(access(cells, mapping, header.headers, file));
      const errors: ImportError[] = parsed.problems.map((p) => ({ sheet: sheet.name, row: rowNo, column: colName(p.field), message: p.message }));
      let suggestion;
      if (parsed.damagedId && kind.suggest) {
        suggestion = kind.suggest(this.ctx, parsed.damagedId);
        if (suggestion) {
          const e = errors.find((x) => x.column === colName('idNo'));
          if (e) { e.suggestion = suggestion; e.message += `。名单中有同名且前几位一致的 ${suggestion.name}（${suggestion.idNo}），确认无误可采用`; }
        }
      }
      const rec = parsed.record;
      staged.push({
        row: rowNo, category: rec ? 'new' : 'error', key: rec ? kind.key(rec) : '', label: rec ? kind.label_(rec) : rawLabel(cells, mapping),
        record: rec, changes: [], errors, existingId: null, raw: cells, suggestion,
      });
      if (staged.length % 5000 === 0) onRow?.(staged.length);
    }
    if (end > this.next) this.next = end;
  }

  /**
   * A speculative staging the importer keeps: the rows filled down into go back in the sheet, and the
   * rest of the rows are parsed with the file context of the final sheet (the same as far as read).
   */
  adopt(file: FileContext | undefined): void {
    for (const [i, cells] of this.filled) this.sheet.rows[i] = cells;
    this.filled.clear();
    this.copyOnFill = false;
    this.parseFile = file;
  }

  /** A speculative staging not kept: its rows go now, not when the job ends (a large file would be held twice while staged again). */
  discard(): void {
    this.staged.length = 0;
    this.filled.clear();
    this.next = this.sheet.rows.length;
  }

  /** The checks over the whole file: duplicates within it, then each row against the database. */
  finish(): StageResult<R> {
    const { kind, staged, sheet, colName } = this;
    markDuplicates(kind, staged, sheet.name, colName);
    classify(this.ctx, kind, staged, { sheet: sheet.name, colName });
    const counts = { new: 0, changed: 0, unchanged: 0, error: 0 };
    for (const s of staged) counts[s.category]++;
    return { rows: staged, counts };
  }
}

/** The file context with every property read through a getter that reports which. */
function watched(file: FileContext, onRead: (key: keyof FileContext) => void): FileContext {
  const out = {} as FileContext;
  for (const k of Object.keys(file) as (keyof FileContext)[]) {
    Object.defineProperty(out, k, { enumerable: true, get: () => { onRead(k); return file[k]; } });
  }
  return out;
}

const DITTO = /^(同上|〃|"|”|''|同前)$/;
/** 同上 and its kin (two characters at most once trimmed; numbers and dates never are). */
const isDitto = (s: string) => { const t = cellText(s); return t.length <= 2 && DITTO.test(t); };

/**
 * Rows between the header and the end that are not records: a note line (说明：…, merged across so
 * every cell repeats it), an unused template row (序号 and formula zeros, nobody named), the 栏次 row
 * of official forms (1 2 3 … under the header), and the header printed again at a page break.
 */
function notData(cells: Cell[], filled: number, keyCols: number[], headerLines: { lines: string[][]; used: boolean }): boolean {
  // Plain loops, and a cell's text made only when a test reads it: this runs for every row of the
  // file, and a real record leaves at the first test it fails.
  let nobody = true;
  for (const c of keyCols) if (cellText(cells[c] ?? null)) { nobody = false; break; }
  if (nobody && filled <= 2) return true;
  if (nobody && cells.every((c) => c == null || typeof c === 'number' || !cellText(c))) return true;
  // Every filled cell holds the same text (a note merged across), or they count 1 2 3 … (栏次).
  let first: string | null = null, same = true, count = 0, counting = true, prev = 0;
  for (let c = 0; c < cells.length; c++) {
    const t = cellText(cells[c] ?? null);
    if (!t) continue;
    if (first === null) first = t; else if (t !== first) same = false;
    if (counting) {
      if (!DIGITS.test(t) || (count > 0 && Number(t) !== prev + 1)) counting = false;
      else prev = Number(t);
    }
    count++;
    if (!same && !counting) break;
  }
  if (same && first !== null && filled >= 3) return true;
  if (counting && count >= 3) return true;
  // A run of six digits in a key column (an ID, a 户编号) is a record, not the header printed again:
  // deciding here spares the label comparison below on almost every row of a large file.
  if (!nobody && keyCols.some((c) => SIX_DIGITS.test(cellText(cells[c] ?? null)))) return false;
  headerLines.used = true;
  for (const line of headerLines.lines) {
    let same = 0;
    for (let c = 0; c < cells.length; c++) {
      const t = cellText(cells[c] ?? null);
      if (t && line[c] && normLabel(t) === line[c]) same++;
    }
    if (same >= 2 && same * 2 >= filled) return true;
  }
  return false;
}

const DIGITS = /^\d+$/;
const SIX_DIGITS = /\d{6}/;

/** An error row is named by what the clerk would look for: its name and ID cells as written. */
function rawLabel(cells: Cell[], mapping: Record<string, number | null>): string {
  const pick = ['name', 'idNo'].map((f) => (mapping[f] != null ? cellText(cells[mapping[f]!] ?? null) : '')).filter(Boolean);
  return (pick.length ? pick : cells.map(cellText).filter(Boolean).slice(0, 3)).join(' ').slice(0, 80);
}

function markDuplicates<R>(kind: KindDef<R>, staged: StagedRow<R>[], sheetName: string, colName: (f: string) => string) {
  if (!kind.duplicateMessage) return;
  // Each key's first row, and a group only for a key met again: a roster of 100k people has few.
  const first = new Map<string, StagedRow<R>>();
  const groups = new Map<string, StagedRow<R>[]>();
  for (const s of staged) {
    if (!s.record) continue;
    const f = first.get(s.key);
    if (f === undefined) { first.set(s.key, s); continue; }
    const g = groups.get(s.key);
    if (g) g.push(s); else groups.set(s.key, [f, s]);
  }
  for (const g of groups.values()) {
    const msgs = kind.duplicateMessage(g.map((s) => ({ row: s.row, record: s.record! })));
    for (const s of g) {
      const m = msgs.get(s.row);
      if (!m) continue;
      s.errors.push({ sheet: sheetName, row: s.row, column: colName(kind.duplicateField?.(s.record!) ?? 'idNo'), message: m });
      s.category = 'error';
    }
  }
}

/** Compares the rows that passed their checks with the database; `where` names the sheet and columns of a row the database refuses. */
export function classify<R>(ctx: Ctx, kind: KindDef<R>, staged: StagedRow<R>[], where?: { sheet: string; colName: (field: string) => string }) {
  const ok = staged.filter((s) => s.record && s.category !== 'error');
  const cmp = kind.compare(ctx, ok.map((s) => s.record!));
  for (const s of ok) {
    const ex = cmp(s.record!);
    if (!ex) { s.category = 'new'; continue; }
    if (ex.problem) {
      s.errors.push({ sheet: where?.sheet ?? '', row: s.row, column: where?.colName(ex.problem.field) ?? ex.problem.field, message: ex.problem.message });
      s.category = 'error';
      continue;
    }
    s.existingId = ex.id;
    if (ex.isNew) { s.category = 'new'; continue; }
    s.changes = ex.changes;
    s.category = ex.changes.length ? 'changed' : 'unchanged';
  }
}

const yuanText = (fen: number) => `${(fen / 100).toFixed(2)}元`;

/** A parsed value as the clerk reads it: 是/否, money in 元, rates in %. */
function shownValue(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

/**
 * What the preview shows for one staged record, per mapped field: the value that will be written
 * (the kind's own display when it names the field, else the parsed record's property), so a column
 * that is imported never looks blank. Fields with no parsed counterpart (序号, a month from the title)
 * fall back to the cell as written.
 */
export function previewFieldValues(kind: KindDef<unknown>, record: unknown, cells: Cell[], mapping: Record<string, number | null>): Record<string, string> {
  const shown = record ? kind.display(record) : {};
  const rec = (record ?? {}) as Record<string, unknown>;
  const shownKeys = Object.keys(shown);
  const out: Record<string, string> = {};
  for (const f of kind.fields) {
    const c = mapping[f.key];
    if (c == null) continue;
    const raw = cellText(cells[c] ?? null);
    let v: string | undefined;
    if (record) {
      v = shown[f.label];
      // The kind may name the column with its unit (年利率（%）, 期限（月）): the unit goes onto the value.
      const withUnit = v === undefined ? shownKeys.find((k) => k.startsWith(f.label) && /^[（(][^）)]*[）)]$/.test(k.slice(f.label.length))) : undefined;
      if (withUnit && shown[withUnit]) {
        const unit = withUnit.slice(f.label.length + 1, -1);
        v = shown[withUnit] + (unit === '%' ? '%' : unit === '月' ? '个月' : '');
      }
      if (!v) v = fromRecord(rec, f.key);
    }
    out[f.key] = v || raw;
  }
  return out;
}

function fromRecord(rec: Record<string, unknown>, key: string): string {
  if (rec[key] !== undefined && typeof rec[key] !== 'object') return shownValue(rec[key]);
  if (typeof rec[`${key}Fen`] === 'number') return yuanText(rec[`${key}Fen`] as number);
  if (typeof rec[`${key}E6`] === 'number') return `${trimDecimal(rec[`${key}E6`] as number, 4)}%`;
  if (typeof rec[`${key}Bp`] === 'number') return `${trimDecimal(rec[`${key}Bp`] as number, 2)}%`;
  if (key === 'period' && typeof rec.startDate === 'string' && rec.startDate) return `${rec.startDate} 至 ${typeof rec.endDate === 'string' && rec.endDate ? rec.endDate : '今'}`;
  return '';
}

/** n / 10^places without trailing zeros: 34500 (E4) → 3.45. */
function trimDecimal(n: number, places: number): string {
  return (n / 10 ** places).toFixed(places).replace(/\.?0+$/, '');
}

/** Every cell of the row as written, by column: the preview shows unmapped columns greyed and the raw cell on hover. */
export function rawCellTexts(cells: Cell[], width: number): string[] {
  return Array.from({ length: width }, (_, c) => cellText(cells[c] ?? null));
}
