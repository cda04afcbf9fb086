import zlib from 'node:zlib';
import { AppError } from '../errors';
import type { Cell, Merge, SheetData } from './read';

/**
 * A lean .xlsx reader: the zip's central directory, then each part inflated as a stream and
 * scanned once, byte by byte. Why not exceljs's streaming reader: it decodes each inflated chunk
 * on its own, so a Chinese character split across a chunk boundary turns into ��� (a silently
 * wrong name or category), it drops merged ranges, and its full reader needs ~900 MB for 100k rows.
 *
 * Files come from other offices and may be damaged or hostile, so the reader is bounded:
 * - every scan is linear in the input: a search only ever covers bytes it has not seen (an
 *   unclosed <si> or <row> waits for more data instead of being searched for again);
 * - the caps in READ_LIMITS (sheets, shared strings, merged ranges, cell length, row size,
 *   cells kept) refuse a file with a Chinese message naming the file and the limit;
 * - columns beyond the ones a ledger can use are counted, not stored (a row with one value in
 *   XFD is not a 16,384-cell array), and the importer warns about them;
 * - parts are inflated only as far as they are needed: nothing after a part's data (after
 *   </sheetData> only the merged ranges are looked for, within a byte budget) is inflated.
 * The importer runs this in a worker thread with a memory and time limit (see read.ts); the
 * exchange package reads its own small workbooks with it in-process.
 */

export const READ_LIMITS = {
  /** Worksheets in one workbook. */
  sheets: 256,
  /** Entries in the shared-strings table (100k county rows use a few hundred thousand). */
  sharedStrings: 4_000_000,
  /** Merged ranges in one sheet (a county sheet has one per village block and column: thousands). */
  merges: 100_000,
  /** Cells covered by a sheet's merged ranges, which the importer fills in. */
  mergedCells: 20_000_000,
  /** Characters in one cell; Excel itself stops at 32,767. */
  cellChars: 1_000_000,
  /** Bytes of XML in one row (or one shared string) before it is complete. */
  rowBytes: 32 * 1024 * 1024,
  /** Columns read; values further right are counted and reported, not stored (.xls stops at 256). */
  columns: 256,
  /** Cells kept for the whole file, empty ones between values included (~8 bytes each). */
  cellSlots: 20_000_000,
  /**
   * Characters in all text cells together (100k county rows have ~20 million). One shared string
   * can be used by every cell: without this, a 1 MB text in 100k cells is 100 GB of text to check.
   */
  textChars: 100_000_000,
  /** Inflated bytes after </sheetData> searched for merged ranges; the rest is not read. */
  afterData: 32 * 1024 * 1024,
  /** Inflated size of the workbook, relationships and styles parts (they are a few KB). */
  smallPart: 32 * 1024 * 1024,
  /** Inflated size of the shared-strings part. */
  sharedStringsBytes: 512 * 1024 * 1024,
};

interface Entry { name: string; method: number; compSize: number; offset: number }

const damaged = (why: string) => new AppError('BAD_FILE', `文件已损坏或不完整，无法读取（${why}）。请向发送方重新索取文件，或在 Excel/WPS 中打开后另存一份再导入。`);

/** A cap was reached: says which file, what and the limit; such a file is not an ordinary ledger. */
function overLimit(file: string, what: string): AppError {
  return new AppError('BAD_FILE', `文件“${file}”${what}，超出了本程序读取文件的上限，未导入任何内容。`
    + '正常的台账不会这样，文件可能已损坏或被改动过：请向发送方核实，或在 Excel/WPS 中打开检查后另存一份再导入。');
}
/** A structure no spreadsheet program writes (a row or column beyond Excel's own limits): names the file and the place. */
function badStructure(file: string, what: string): AppError {
  return new AppError('BAD_FILE', `文件“${file}”${what}，无法读取，未导入任何内容。文件可能已损坏或被改动过：`
    + '请向发送方重新索取文件，或在 Excel/WPS 中打开后另存一份再导入。');
}
const wan = (n: number) => (n >= 10_000 && n % 10_000 === 0 ? `${n / 10_000} 万` : String(n));
const yi = (n: number) => (n >= 100_000_000 && n % 100_000_000 === 0 ? `${n / 100_000_000} 亿` : wan(n));
const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

function zipEntries(buf: Buffer): Map<string, Entry> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw damaged('找不到压缩包目录，文件可能只复制了一部分');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Entry>();
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw damaged('压缩包目录损坏');
    const method = buf.readUInt16LE(p + 10);
    const compSize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, Math.min(buf.length, p + 46 + nameLen)).replace(/\\/g, '/');
    out.set(name.replace(/^\//, ''), { name, method, compSize, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function entryData(buf: Buffer, e: Entry): Buffer {
  if (e.offset + 30 > buf.length || buf.readUInt32LE(e.offset) !== 0x04034b50) throw damaged(`${e.name} 的数据位置不对`);
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  if (start + e.compSize > buf.length) throw damaged(`${e.name} 不完整`);
  if (e.method !== 0 && e.method !== 8) throw damaged(`不支持的压缩方式 ${e.method}`);
  return buf.subarray(start, start + e.compSize);
}

/**
 * Inflates a part chunk by chunk, handing each to onChunk until it returns true (stop: the rest
 * is never inflated). Node's inflate stream holds back while its output is not taken, so a part
 * that inflates a thousandfold (filler after the data) never has more than a chunk or two waiting.
 */
async function streamPart(buf: Buffer, e: Entry, onChunk: (chunk: Buffer, fraction: number) => boolean | Promise<boolean>): Promise<void> {
  const data = entryData(buf, e);
  if (e.method === 0) {
    for (let i = 0; i < data.length; i += 1 << 20) if (await onChunk(data.subarray(i, i + (1 << 20)), Math.min(1, (i + (1 << 20)) / data.length))) return;
    return;
  }
  const SLICE = 1 << 20;
  const inflater = zlib.createInflateRaw({ chunkSize: 512 * 1024 });
  let fed = 0, stopped = false;
  const pump = (async () => {
    for (let i = 0; i < data.length && !stopped; i += SLICE) {
      fed = i;
      if (!inflater.write(data.subarray(i, i + SLICE))) {
        await new Promise<void>((r) => {
          const go = () => { inflater.off('drain', go); inflater.off('close', go); r(); };
          inflater.on('drain', go); inflater.on('close', go);
        });
      }
    }
    fed = data.length;
    if (!stopped) inflater.end();
  })();
  pump.catch(() => { /* reported by the iterator */ });
  try {
    for await (const chunk of inflater) {
      if (await onChunk(chunk as Buffer, fed / Math.max(1, data.length))) { stopped = true; break; }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw damaged(`${e.name} 解压失败：${err instanceof Error ? err.message : err}`);
  } finally {
    stopped = true;
    inflater.destroy();
  }
}

/**
 * A growing byte window over an inflating part. Consumed bytes are dropped from the front;
 * the window doubles when it must grow, so keeping a long unfinished element costs linear time.
 */
class Win {
  buf = Buffer.allocUnsafe(1 << 20);
  len = 0;
  append(chunk: Buffer) {
    if (this.len + chunk.length > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + chunk.length));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    chunk.copy(this.buf, this.len);
    this.len += chunk.length;
  }
  consume(n: number) {
    if (n <= 0) return;
    this.buf.copy(this.buf, 0, n, this.len);
    this.len -= n;
  }
  view() { return this.buf.subarray(0, this.len); }
}

/** A small part (workbook, relationships, styles) as text, read only up to its closing tag. */
async function readSmallPart(buf: Buffer, e: Entry, stopAt: string, file: string): Promise<string> {
  const w = new Win();
  const stop = Buffer.from(stopAt, 'latin1');
  let from = 0;
  await streamPart(buf, e, (chunk) => {
    w.append(chunk);
    const at = w.view().indexOf(stop, from);
    from = Math.max(0, w.len - stop.length);
    if (at >= 0) { w.len = at + stop.length; return true; }
    if (w.len > READ_LIMITS.smallPart) throw overLimit(file, `中的 ${e.name} 大于 ${mb(READ_LIMITS.smallPart)}（通常只有几 KB）`);
    return false;
  });
  return unprefix(w.view().toString('utf8'));
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** A character reference beyond Unicode (&#99999999;) is damage, not a reason to stop reading. */
const codePoint = (n: number) => (n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd');

/** XML entities, then OOXML's _xHHHH_ escapes for control characters. */
export function xmlText(s: string): string {
  // Unescaping only shrinks a text, at most tenfold (&#1114111;): one this long is over the cell
  // limit whatever it holds, and the caller refuses it without millions of replacements first.
  if (s.length > 10 * READ_LIMITS.cellChars) return s;
  if (s.includes('&')) {
    s = s.replace(/&(#x[0-9a-fA-F]{1,8}|#\d{1,10}|amp|lt|gt|quot|apos);/g, (_, e: string) =>
      e[0] === '#' ? codePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITY[e]);
  }
  if (s.includes('_x')) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? xmlText(m[1]) : undefined;
}

/** Opening tags <name …> in order, found with one forward pass (a regex with [^>]* would rescan an unclosed tag for every start). */
function tags(xml: string, name: string, from = 0, to = xml.length): string[] {
  const out: string[] = [];
  const open = `<${name}`;
  let i = from;
  while (true) {
    const a = xml.indexOf(open, i);
    if (a < 0 || a >= to) break;
    const c = xml.charCodeAt(a + open.length);
    if (c !== 0x20 && c !== 0x3e && c !== 0x2f && c !== 0x0a && c !== 0x0d && c !== 0x09) { i = a + open.length; continue; }
    const b = xml.indexOf('>', a);
    if (b < 0 || b >= to) break; // an unclosed tag ends the list: nothing after it can be a tag of ours
    out.push(xml.slice(a, b + 1));
    i = b + 1;
  }
  return out;
}

const BUILTIN_DATE = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function isDateFormat(code: string): boolean {
  if (code.length > 500) return false; // no real number format is this long; the regexes below stay cheap
  const c = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
  return /[ymd]/i.test(c) && !/^general$/i.test(c);
}

/** Style index → whether cells with it hold dates. */
function dateStyles(xml: string | null): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  for (const t of tags(xml, 'numFmt')) custom.set(Number(attr(t, 'numFmtId')), attr(t, 'formatCode') ?? '');
  const a = xml.indexOf('<cellXfs');
  if (a < 0) return [];
  const b = xml.indexOf('</cellXfs>', a);
  const out: boolean[] = [];
  for (const t of tags(xml, 'xf', a, b < 0 ? xml.length : b)) {
    const id = Number(attr(t, 'numFmtId') ?? 0);
    out.push(custom.has(id) ? isDateFormat(custom.get(id)!) : BUILTIN_DATE.has(id));
  }
  return out;
}

function colIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + c - 64;
  }
  return n - 1;
}

export function serialToDate(serial: number, date1904: boolean): Date {
  const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(base + Math.round(serial * 86400000));
}

/**
 * A number in a date-formatted cell as a date, unless no date can hold it (an ID typed into a date
 * column, ~1.4e17 days): that stays the number, so the importer says what it is instead of failing
 * on an invalid date (the .xls reader, like SheetJS, keeps numbers beyond 9999-12-31 too).
 */
function dateOrNumber(serial: number, date1904: boolean): Date | number {
  const d = serialToDate(serial, date1904);
  return Number.isNaN(d.getTime()) ? serial : d;
}

function parseRange(ref: string): Merge | null {
  if (ref.length > 40) return null;
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(ref.replace(/\$/g, '').toUpperCase());
  if (!m) return null;
  return { top: +m[2] - 1, left: colIndex(m[1]), bottom: +(m[4] ?? m[2]) - 1, right: colIndex(m[3] ?? m[1]) };
}

/** Receives a sheet's rows as they are read; the worker posts them on in batches instead of keeping them. */
export interface SheetSink {
  sheet(name: string): void;
  /** A row with at least one value; rows[r] = cells. Empty rows are only counted in maxRow. */
  row(r: number, cells: Cell[]): void;
  /**
   * After each inflated chunk: a chance to hand over what has been collected. A promise holds the
   * reading back until the receiver has caught up (the worker's bounded queue).
   */
  flush(rowsInFile: number, percent: number): void | Promise<void>;
  end(info: SheetEnd): void;
}
export interface SheetEnd {
  /** Highest row index seen (empty rows included): the sheet has maxRow + 1 rows. */
  maxRow: number;
  merges: Merge[];
  uncalculated?: { count: number; first: string };
  ignored?: { count: number; first: string };
  /** CSV carries no merge information (the importer then fills group columns down). */
  mergesKnown?: boolean;
}

export interface XlsxOptions {
  onRows?: (rowsRead: number, percent: number) => void; isCancelled?: () => boolean;
  /** Also read hidden sheets (the exchange package's 交换包信息); the importer leaves them out. */
  includeHidden?: boolean;
  /** Named in refusals (a clerk may have several files open). */
  fileName?: string;
}

const B = (s: string) => Buffer.from(s, 'latin1');
const GT = 0x3e, LT = 0x3c, SLASH = 0x2f, QUOTE = 0x22, EQ = 0x3d, SPACE = 0x20;
const isWs = (b: number) => b === SPACE || b === 0x0a || b === 0x0d || b === 0x09;
/** Excel's own limits: a row number or column beyond them is a damaged (or hostile) file, not data. */
const MAX_ROWS = 1_048_576, MAX_COLS = 16_384;

/** The element names the sheet scan looks for, with the worksheet's namespace prefix if it uses one (<x:row>). */
function patterns(prefix: string | null) {
  const p = prefix ? `${prefix}:` : '';
  return {
    row: B(`<${p}row`), rowEnd: B(`</${p}row>`), c: B(`<${p}c`), cEnd: B(`</${p}c>`), v: B(`<${p}v>`), vEnd: B(`</${p}v>`),
    f: B(`<${p}f`), t: B(`<${p}t`), tEnd: B(`</${p}t>`), rPh: B(`<${p}rPh`), rPhEnd: B(`</${p}rPh>`), sheetDataEnd: B(`</${p}sheetData>`),
    mergeCell: `<${p}mergeCell`, mergeCellsEnd: B(`</${p}mergeCells>`),
    afterMerges: ['phoneticPr', 'conditionalFormatting', 'dataValidations', 'hyperlinks', 'printOptions', 'pageMargins', 'pageSetup', 'headerFooter', 'drawing', 'tableParts', 'extLst']
      .map((n) => B(`<${p}${n}`)),
  };
}
type Pats = ReturnType<typeof patterns>;

/** First index of pat in buf[from, to), or -1; a plain loop, bounded (Buffer.indexOf would run on past `to`). */
function bFind(buf: Buffer, pat: Buffer, from: number, to: number): number {
  const first = pat[0], last = to - pat.length;
  outer: for (let i = from; i <= last; i++) {
    if (buf[i] !== first) continue;
    for (let k = 1; k < pat.length; k++) if (buf[i + k] !== pat[k]) continue outer;
    return i;
  }
  return -1;
}

function bByte(buf: Buffer, byte: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (buf[i] === byte) return i;
  return -1;
}

/** Last index of pat that starts in buf[from, to - pat.length], or -1: only the new bytes are searched. */
function bFindLast(buf: Buffer, pat: Buffer, from: number, to: number): number {
  const first = pat[0];
  outer: for (let i = to - pat.length; i >= from; i--) {
    if (buf[i] !== first) continue;
    for (let k = 1; k < pat.length; k++) if (buf[i + k] !== pat[k]) continue outer;
    return i;
  }
  return -1;
}

const matchAt = (buf: Buffer, pat: Buffer, at: number) => {
  for (let k = 0; k < pat.length; k++) if (buf[at + k] !== pat[k]) return false;
  return true;
};

/** A non-negative decimal integer from bytes, or NaN. */
function bInt(buf: Buffer, a: number, b: number): number {
  if (a >= b) return NaN;
  if (b - a > 15) return Number(buf.toString('latin1', a, Math.min(b, a + 64)));
  let n = 0;
  for (let i = a; i < b; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return Number(buf.toString('latin1', a, b)); // spaces, signs: rare, the slow way
    n = n * 10 + d;
  }
  return n;
}

/** A number cell's value: plain integers without a string, anything else through Number(). */
function bNumber(buf: Buffer, a: number, b: number): number {
  let neg = false, i = a;
  if (buf[i] === 0x2d) { neg = true; i++; }
  if (b - i > 0 && b - i <= 15) {
    let n = 0, ok = true;
    for (let k = i; k < b; k++) { const d = buf[k] - 48; if (d < 0 || d > 9) { ok = false; break; } n = n * 10 + d; }
    if (ok) return neg ? -n : n;
  }
  return Number(buf.toString('latin1', a, b));
}

/** Column index of a cell reference's letters in bytes (A → 0), and where the letters end. */
function bCol(buf: Buffer, a: number, b: number): number {
  let n = 0;
  for (let i = a; i < b; i++) {
    const c = buf[i];
    if (c < 65 || c > 90) break;
    n = n * 26 + c - 64;
    if (n > MAX_COLS) return MAX_COLS; // further letters only make it larger
  }
  return n - 1;
}

/** Text of <t> runs in buf[a, b), leaving out phonetic guides (<rPh>); one forward pass. */
function bRich(buf: Buffer, a: number, b: number, p: Pats): string {
  let out = '';
  let i = a;
  const tl = p.t.length;
  while (true) {
    const lt = bByte(buf, LT, i, b);
    if (lt < 0) break;
    if (matchAt(buf, p.rPh, lt)) {
      const e = bFind(buf, p.rPhEnd, lt, b);
      if (e < 0) break; // a guide that never closes: nothing after it is text
      i = e + p.rPhEnd.length;
      continue;
    }
    if (matchAt(buf, p.t, lt)) {
      const next = buf[lt + tl];
      if (next !== GT && !isWs(next) && next !== SLASH) { i = lt + tl; continue; } // <tab…> etc. are not <t>
      const gt = bByte(buf, GT, lt, b);
      if (gt < 0) break; // malformed: a <t without its >
      if (buf[gt - 1] === SLASH) { i = gt + 1; continue; }
      const e = bFind(buf, p.tEnd, gt, b);
      if (e < 0) break; // malformed: a <t> that never closes
      out += xmlText(buf.toString('utf8', gt + 1, e));
      i = e + p.tEnd.length;
      continue;
    }
    i = lt + 1;
  }
  return out;
}

/** Text of an <si> or <is> given as a string (kept for callers outside the byte scanner). */
function richText(xml: string): string {
  const b = Buffer.from(xml, 'utf8');
  return bRich(b, 0, b.length, patterns(null));
}

/** Reads the shared-strings part as a stream of complete <si> items. */
async function sharedStrings(buf: Buffer, e: Entry | undefined, file: string, p0: Pats | null): Promise<string[]> {
  const out: string[] = [];
  if (!e) return out;
  const w = new Win();
  let p = p0, prefixKnown = false;
  let si = B('<si'), siEnd = B('</si>'), sstEnd = B('</sst>');
  let seen = 0; // bytes of the window already searched for siEnd
  let done = false;
  const cap = READ_LIMITS.sharedStrings;
  const scan = (final: boolean) => {
    const v = w.view();
    let pos = 0;
    while (true) {
      const a = v.indexOf(si, pos);
      if (a < 0) { pos = Math.max(pos, w.len - si.length); break; }
      const c = v[a + si.length];
      if (c === undefined) { pos = a; break; }
      if (c !== GT && c !== SLASH && !isWs(c)) { pos = a + si.length; continue; }
      const gt = v.indexOf(GT, a);
      if (gt < 0) { pos = a; break; }
      if (v[gt - 1] === SLASH) { out.push(''); pos = gt + 1; }
      else {
        const end = v.indexOf(siEnd, Math.max(gt, seen));
        if (end < 0) {
          seen = Math.max(gt, w.len - siEnd.length);
          if (w.len - a > READ_LIMITS.rowBytes) throw overLimit(file, `的共享字符串表中有一项大于 ${mb(READ_LIMITS.rowBytes)}`);
          pos = a;
          break;
        }
        const text = bRich(v, gt + 1, end, p!);
        if (text.length > READ_LIMITS.cellChars) throw overLimit(file, `中有一个单元格的内容超过 ${wan(READ_LIMITS.cellChars)} 个字符（Excel 单元格最多 32767 个字符）`);
        out.push(text);
        pos = end + siEnd.length;
      }
      if (out.length > cap) throw overLimit(file, `的共享字符串表超过 ${wan(cap)} 项`);
    }
    // An <si> still open at the end of the part: the table is cut off, and every later index would point at the wrong text.
    if (final && v.indexOf(si, pos) >= 0) throw damaged('共享字符串表不完整');
    w.consume(pos);
    seen = Math.max(0, seen - pos);
  };
  let total = 0;
  await streamPart(buf, e, (chunk) => {
    const from = Math.max(0, w.len - 8);
    total += chunk.length;
    if (total > READ_LIMITS.sharedStringsBytes) throw overLimit(file, `的共享字符串表大于 ${mb(READ_LIMITS.sharedStringsBytes)}`);
    w.append(chunk);
    if (!prefixKnown) {
      prefixKnown = true;
      const pre = /<([A-Za-z_][\w.-]*):sst[\s>]/.exec(w.view().toString('latin1', 0, Math.min(w.len, 4096)))?.[1] ?? null;
      p = patterns(pre);
      if (pre) { si = B(`<${pre}:si`); siEnd = B(`</${pre}:si>`); sstEnd = B(`</${pre}:sst>`); }
    }
    const end = w.view().indexOf(sstEnd, from);
    if (end >= 0) { w.len = end; done = true; } // whatever follows the table is not read
    scan(false);
    return done;
  });
  scan(true);
  return out;
}

interface SheetCtx { sst: string[]; dates: boolean[]; date1904: boolean; file: string; sheet: string; slots: number; chars: number }
interface SheetState {
  nextRow: number; maxRow: number; rowsRead: number;
  uncalculated?: { count: number; first: string };
  ignored?: { count: number; first: string };
}

const cellRef = (buf: Buffer, a: number, b: number, r: number, col: number) =>
  (a >= 0 ? buf.toString('latin1', a, Math.min(b, a + 20)) : `第${r + 1}行第${col + 1}列`);

/** Scans the whole rows in buf[0, end) into the sink. */
function scanRows(buf: Buffer, end: number, p: Pats, st: SheetState, cx: SheetCtx, sink: SheetSink): void {
  const view = buf.subarray(0, end);
  const COLS = READ_LIMITS.columns;
  let pos = 0;
  while (true) {
    const r0 = view.indexOf(p.row, pos);
    if (r0 < 0) break;
    const c3 = buf[r0 + p.row.length];
    if (c3 !== GT && c3 !== SLASH && !isWs(c3)) { pos = r0 + p.row.length; continue; }
    const tagEnd = bByte(buf, GT, r0, end);
    if (tagEnd < 0) break; // malformed: a <row without its >
    let r = st.nextRow;
    const ra = bFind(buf, R_ATTR, r0, tagEnd);
    if (ra >= 0) {
      const s = ra + R_ATTR.length, e = bByte(buf, QUOTE, s, tagEnd);
      r = bInt(buf, s, e < 0 ? tagEnd : e) - 1;
      if (!(r >= 0 && r < MAX_ROWS)) throw badStructure(cx.file, `的工作表“${cx.sheet}”中行号“${buf.toString('latin1', s, Math.min(e < 0 ? tagEnd : e, s + 20))}”不正确（Excel 最多 ${MAX_ROWS} 行）`);
    }
    st.nextRow = r + 1;
    if (r > st.maxRow) st.maxRow = r;
    st.rowsRead++;
    let cells: Cell[] | null = null;
    let rowEnd = tagEnd + 1;
    if (buf[tagEnd - 1] !== SLASH) {
      rowEnd = view.indexOf(p.rowEnd, tagEnd);
      if (rowEnd < 0) rowEnd = end; // malformed: a row that never closes ends the scan
      let i = tagEnd + 1, nextCol = 0;
      const cl = p.c.length;
      while (true) {
        const c0 = bFind(buf, p.c, i, rowEnd);
        if (c0 < 0) break;
        const ch = buf[c0 + cl];
        if (ch !== GT && ch !== SLASH && !isWs(ch)) { i = c0 + cl; continue; }
        const cTagEnd = bByte(buf, GT, c0, rowEnd);
        if (cTagEnd < 0) break; // malformed: a <c without its >
        // The attributes in one pass: r (reference), t (type), s (style).
        let rS = -1, rE = -1, tS = -1, tE = -1, sS = -1, sE = -1;
        for (let k = c0 + cl; k < cTagEnd; k++) {
          if (!isWs(buf[k]) || buf[k + 2] !== EQ || buf[k + 3] !== QUOTE) continue;
          const n = buf[k + 1], vs = k + 4;
          let ve = vs;
          while (ve < cTagEnd && buf[ve] !== QUOTE) ve++;
          // The first of each counts: a cell tag that runs into the next tag must not take that one's r.
          if (n === 0x72) { if (rS < 0) { rS = vs; rE = ve; } } else if (n === 0x74) { if (tS < 0) { tS = vs; tE = ve; } } else if (n === 0x73 && sS < 0) { sS = vs; sE = ve; }
          k = ve;
        }
        let col = rS >= 0 ? bCol(buf, rS, rE) : nextCol;
        if (col < 0) col = nextCol; // a reference without letters: the cell after the last one, as if r were missing
        if (col >= MAX_COLS) throw badStructure(cx.file, `的工作表“${cx.sheet}”中单元格位置“${cellRef(buf, rS, rE, r, col)}”超出了 Excel 的最大列数（XFD 列）`);
        nextCol = col + 1;
        const selfClosing = buf[cTagEnd - 1] === SLASH;
        // Fast path: <c …><v>…</v></c> as Excel writes it.
        let vS = -1, vE = -1, cEnd = -1;
        if (!selfClosing && matchAt(buf, p.v, cTagEnd + 1)) {
          const s = cTagEnd + 1 + p.v.length, e = bByte(buf, LT, s, rowEnd);
          if (e >= 0 && matchAt(buf, p.vEnd, e) && matchAt(buf, p.cEnd, e + p.vEnd.length)) { vS = s; vE = e; cEnd = e + p.vEnd.length; }
        }
        if (!selfClosing && cEnd < 0) {
          cEnd = bFind(buf, p.cEnd, cTagEnd, rowEnd);
          if (cEnd < 0) cEnd = rowEnd; // malformed: a cell that never closes ends at its row
        }
        i = selfClosing ? cTagEnd + 1 : Math.max(cEnd + p.cEnd.length, c0 + cl);
        if (selfClosing) continue;
        if (col >= COLS) {
          // Far to the right of any ledger's columns: counted and reported, never stored.
          if (st.ignored) st.ignored.count++;
          else st.ignored = { count: 1, first: cellRef(buf, rS, rE, r, col) };
          continue;
        }
        const tLen = tE - tS, t0 = tS >= 0 ? buf[tS] : 0;
        let v: Cell = null;
        if (tLen === 9 && t0 === 0x69) { // inlineStr
          v = bRich(buf, cTagEnd + 1, cEnd, p);
        } else {
          if (vS < 0) {
            const va = bFind(buf, p.v, cTagEnd, cEnd);
            if (va >= 0) {
              vS = va + p.v.length;
              const ve = bFind(buf, p.vEnd, vS, cEnd);
              vE = ve < 0 ? cEnd : ve;
            }
          }
          if (vS >= 0) {
            if (tLen === 1 && t0 === 0x73) v = cx.sst[bInt(buf, vS, vE)] ?? ''; // s
            else if (tLen === 3 && t0 === 0x73) v = xmlText(buf.toString('utf8', vS, vE)); // str
            else if (tLen === 1 && t0 === 0x62) v = buf[vS] === 0x31 || buf.toString('latin1', vS, vE) === 'true'; // b
            else if (tLen === 1 && t0 === 0x65) v = null; // e
            else if (tLen === 1 && t0 === 0x64) { const raw = xmlText(buf.toString('utf8', vS, vE)); const d = new Date(raw); v = Number.isNaN(d.getTime()) ? raw : d; } // ISO 8601 date cell
            else {
              const num = bNumber(buf, vS, vE);
              v = sS >= 0 && cx.dates[bInt(buf, sS, sE)] && Number.isFinite(num) ? dateOrNumber(num, cx.date1904) : num;
            }
          } else {
            const f = bFind(buf, p.f, cTagEnd, cEnd);
            const fc = f >= 0 ? buf[f + p.f.length] : 0;
            if (f >= 0 && (fc === GT || fc === SLASH || isWs(fc))) {
              if (st.uncalculated) st.uncalculated.count++;
              else st.uncalculated = { count: 1, first: cellRef(buf, rS, rE, r, col) };
            }
          }
        }
        if (typeof v === 'string') {
          if (v.length > READ_LIMITS.cellChars) {
            throw overLimit(cx.file, `的工作表“${cx.sheet}”中单元格 ${cellRef(buf, rS, rE, r, col)} 的内容超过 ${wan(READ_LIMITS.cellChars)} 个字符（Excel 单元格最多 32767 个字符）`);
          }
          cx.chars += v.length;
          if (cx.chars > READ_LIMITS.textChars) throw overLimit(cx.file, `的文字内容共超过 ${yi(READ_LIMITS.textChars)} 个字符`);
        }
        if (v === null) continue;
        if (!cells) cells = [];
        while (cells.length < col) cells.push(null);
        cells[col] = v;
      }
      rowEnd += p.rowEnd.length;
    }
    if (cells) {
      cx.slots += cells.length;
      if (cx.slots > READ_LIMITS.cellSlots) throw overLimit(cx.file, `的数据超过 ${wan(READ_LIMITS.cellSlots)} 个单元格`);
      sink.row(r, cells);
    }
    pos = Math.max(rowEnd, r0 + p.row.length); // always forward, whatever the bytes say
  }
}
const R_ATTR = B(' r="');

/** Merged ranges from the bytes after </sheetData>: deduplicated and capped. */
function parseMerges(xml: string, p: Pats, cx: SheetCtx): Merge[] {
  const seen = new Set<string>();
  const merges: Merge[] = [];
  let area = 0;
  for (const t of tags(xml, p.mergeCell.slice(1))) {
    const ref = /\sref="([^"]{1,40})"/.exec(t)?.[1];
    const mg = ref ? parseRange(ref) : null;
    if (!mg || mg.bottom < mg.top || mg.right < mg.left) continue;
    const key = `${mg.top},${mg.left},${mg.bottom},${mg.right}`;
    if (seen.has(key)) continue; // the same range again adds nothing
    seen.add(key);
    if (merges.length >= READ_LIMITS.merges) throw overLimit(cx.file, `的工作表“${cx.sheet}”有超过 ${wan(READ_LIMITS.merges)} 个合并单元格区域`);
    const cells = (mg.bottom - mg.top + 1) * (mg.right - mg.left + 1);
    // Whole-row or whole-column merges are formatting: the importer does not fill them, so they cost nothing.
    if (cells <= 200_000) area += cells;
    if (area > READ_LIMITS.mergedCells) throw overLimit(cx.file, `的工作表“${cx.sheet}”的合并单元格共覆盖超过 ${wan(READ_LIMITS.mergedCells)} 个单元格`);
    merges.push(mg);
  }
  return merges;
}

/** Inflates one worksheet in chunks and scans whole rows as they arrive; stops after the merged ranges. */
async function readSheet(buf: Buffer, e: Entry, cx: SheetCtx, sink: SheetSink, progress: (rowsInSheet: number, fraction: number) => boolean | Promise<boolean>): Promise<void> {
  const w = new Win();
  const st: SheetState = { nextRow: 0, maxRow: -1, rowsRead: 0 };
  let p: Pats | null = null;
  let phase = 'data' as 'data' | 'after';
  let seen = 0; // window bytes already searched for </row> and </sheetData>
  let afterBytes = 0, mergesEnd = -1;
  await streamPart(buf, e, (chunk, fraction) => {
    if (phase === 'data') {
      w.append(chunk);
      if (!p) p = patterns(sheetPrefix(w.view()));
      const v = w.view();
      const sdEnd = v.indexOf(p.sheetDataEnd, seen);
      let cut = sdEnd;
      if (cut < 0) {
        const re = bFindLast(w.buf, p.rowEnd, seen, w.len);
        // Self-closing empty rows (<row r="9"/>) after the last </row> are picked up with the next chunk.
        cut = re >= 0 ? re + p.rowEnd.length : 0;
      }
      seen = Math.max(0, w.len - p.sheetDataEnd.length);
      if (cut > 0) {
        scanRows(w.buf, cut, p, st, cx, sink);
        w.consume(cut);
        seen = Math.max(0, seen - cut);
      }
      if (sdEnd >= 0) {
        phase = 'after';
        seen = 0;
        afterBytes = w.len;
      } else if (w.len > READ_LIMITS.rowBytes) {
        throw overLimit(cx.file, `的工作表“${cx.sheet}”第 ${st.nextRow + 1} 行附近有一行大于 ${mb(READ_LIMITS.rowBytes)}`);
      }
    } else {
      w.append(chunk);
      afterBytes += chunk.length;
    }
    if (phase === 'after') {
      // Only the merged ranges matter after the data; once they are over (or the elements that
      // follow them begin, or the byte budget is spent) the rest of the part is never inflated.
      const v = w.view();
      const me = v.indexOf(p!.mergeCellsEnd, seen);
      if (me >= 0) { mergesEnd = me; return true; }
      for (const pat of p!.afterMerges) {
        const at = v.indexOf(pat, seen);
        if (at >= 0) { mergesEnd = at; return true; }
      }
      seen = Math.max(0, w.len - 32);
      if (afterBytes > READ_LIMITS.afterData) { mergesEnd = w.len; return true; }
    }
    return progress(st.rowsRead, fraction);
  });
  if (!p) p = patterns(null);
  if (phase === 'data' && w.len) scanRows(w.buf, w.len, p, st, cx, sink); // a part cut off without </sheetData>: its whole rows still count
  const merges = phase === 'after' ? parseMerges(w.buf.toString('utf8', 0, mergesEnd >= 0 ? mergesEnd : w.len), p, cx) : [];
  sink.end({ maxRow: st.maxRow, merges, ...(st.uncalculated ? { uncalculated: st.uncalculated } : {}), ...(st.ignored ? { ignored: st.ignored } : {}) });
}

/**
 * Some writers (.NET's Open XML SDK among them) name every element with a namespace prefix,
 * <x:row> for <row>. The small parts are read as text with the prefix taken off.
 */
function unprefix(xml: string): string {
  return xml.replace(/<(\/?)[A-Za-z_][\w.-]{0,40}:/g, '<$1');
}

/** The worksheet's element prefix ("x" of <x:worksheet>), from the first bytes of the part. */
function sheetPrefix(head: Buffer): string | null {
  return /<([A-Za-z_][\w.-]*):worksheet[\s>]/.exec(head.toString('latin1', 0, Math.min(head.length, 8192)))?.[1] ?? null;
}

/** Reads every sheet into the sink. The workbook, relationships and styles are read only as far as needed. */
export async function readXlsxInto(buf: Buffer, sink: SheetSink, opts: XlsxOptions = {}): Promise<void> {
  const file = opts.fileName ?? '工作簿';
  const entries = zipEntries(buf);
  const small = async (name: string, stopAt: string): Promise<string | null> => {
    const e = entries.get(name);
    return e ? readSmallPart(buf, e, stopAt, file) : null;
  };
  // The sheet list is all the workbook part is needed for; anything after </sheets> is not read.
  const wbXml = await small('xl/workbook.xml', '</sheets>');
  if (!wbXml) {
    // WPS and LibreOffice can save as OpenDocument (.ods), also a zip: say what it is and what to do.
    if (entries.has('content.xml') && (entries.has('mimetype') || entries.has('META-INF/manifest.xml'))) {
      throw new AppError('BAD_FILE', `“${file}”是 OpenDocument 表格（.ods），不是 Excel 工作簿。请在 WPS 或 Excel 中打开后“另存为”Excel 工作簿(.xlsx)再导入。`);
    }
    throw new AppError('BAD_FILE', `“${file}”是一个压缩包，但不是 Excel 工作簿（缺少 xl/workbook.xml）。请确认文件。`);
  }
  const date1904 = /<workbookPr\b[^>]{0,2000}date1904="(1|true)"/.test(wbXml);
  const rels = new Map<string, string>();
  for (const t of tags((await small('xl/_rels/workbook.xml.rels', '</Relationships>')) ?? '', 'Relationship')) {
    const id = attr(t, 'Id'), target = attr(t, 'Target');
    if (id && target) rels.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
  }
  const sheetTags = tags(wbXml, 'sheet');
  if (sheetTags.length > READ_LIMITS.sheets) throw overLimit(file, `有 ${sheetTags.length} 个工作表（上限 ${READ_LIMITS.sheets} 个）`);
  const dates = dateStyles(await small('xl/styles.xml', '</cellXfs>'));
  const sst = await sharedStrings(buf, entries.get('xl/sharedStrings.xml'), file, null);
  const parts = sheetTags.map((tag) => ({ tag, entry: entries.get(rels.get(attr(tag, 'r:id') ?? '') ?? '') }));
  const totalBytes = parts.reduce((n, p) => n + (p.entry?.compSize ?? 0), 0) || 1;
  const cx: SheetCtx = { sst, dates, date1904, file, sheet: '', slots: 0, chars: 0 };
  let bytesBefore = 0, rowsBefore = 0, index = 0;
  for (const { tag, entry } of parts) {
    index++;
    const name = attr(tag, 'name') ?? `Sheet${index}`;
    const state = attr(tag, 'state');
    if (!entry || (!opts.includeHidden && (state === 'hidden' || state === 'veryHidden'))) continue; // hidden sheets are county tooling, not data
    cx.sheet = name;
    sink.sheet(name);
    let rowsHere = 0;
    await readSheet(buf, entry, cx, sink, (n, frac) => {
      rowsHere = n;
      const pct = Math.min(99, Math.round(((bytesBefore + frac * entry.compSize) / totalBytes) * 100));
      const wait = sink.flush(rowsBefore + n, pct);
      opts.onRows?.(rowsBefore + n, pct);
      return wait ? wait.then(() => !!opts.isCancelled?.()) : !!opts.isCancelled?.();
    });
    bytesBefore += entry.compSize; rowsBefore += rowsHere;
    if (opts.isCancelled?.()) return;
  }
}

/** A sink that keeps everything: SheetData as the importer and the exchange package use it. */
export function collectingSink(): SheetSink & { sheets: SheetData[] } {
  const sheets: SheetData[] = [];
  let rows: Cell[][] = [];
  return {
    sheets,
    sheet(name) { rows = []; sheets.push({ name, rows, merges: [], mergesKnown: true }); },
    row(r, cells) { while (rows.length < r) rows.push([]); rows[r] = cells; },
    flush() { /* kept in place */ },
    end(info) { finishSheet(sheets[sheets.length - 1], info); },
  };
}

/** Pads a sheet to its last row (empty rows read as []) and attaches what came after the data. */
export function finishSheet(s: SheetData, info: SheetEnd): void {
  while (s.rows.length <= info.maxRow) s.rows.push([]);
  for (let i = 0; i < s.rows.length; i++) if (!s.rows[i]) s.rows[i] = [];
  s.merges = info.merges;
  s.mergesKnown = info.mergesKnown ?? true;
  if (info.uncalculated) s.uncalculated = info.uncalculated;
  if (info.ignored) s.ignored = info.ignored;
}

export async function readXlsx(buf: Buffer, opts: XlsxOptions = {}): Promise<SheetData[]> {
  const sink = collectingSink();
  await readXlsxInto(buf, sink, opts);
  return sink.sheets;
}

/** Kept for tests and callers that hold an <si>/<is> as text. */
export { richText };
