import zlib from 'node:zlib';
import { AppError } from '../errors';
import type { Cell, Merge, SheetData } from './read';

/**
 * A lean .xlsx reader: the zip's central directory, one inflate per part, and a linear scan of
 * the sheet XML. Why not exceljs's streaming reader: it decodes each inflated chunk on its own,
 * so a Chinese character split across a chunk boundary turns into ��� (a silently wrong name
 * or category), it drops merged ranges, and its full reader needs ~900 MB for 100k rows.
 * This one decodes whole parts, keeps merges and reads 100k rows in about a second.
 */

interface Entry { name: string; method: number; compSize: number; offset: number }

const damaged = (why: string) => new AppError('BAD_FILE', `文件已损坏或不完整，无法读取（${why}）。请向发送方重新索取文件，或在 Excel/WPS 中打开后另存一份再导入。`);

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
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen).replace(/\\/g, '/');
    out.set(name.replace(/^\//, ''), { name, method, compSize, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function readEntry(buf: Buffer, e: Entry): Buffer {
  if (e.offset + 30 > buf.length || buf.readUInt32LE(e.offset) !== 0x04034b50) throw damaged(`${e.name} 的数据位置不对`);
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  if (start + e.compSize > buf.length) throw damaged(`${e.name} 不完整`);
  const data = buf.subarray(start, start + e.compSize);
  try {
    if (e.method === 0) return data;
    // A zip bomb (a small part that inflates to gigabytes) is refused instead of exhausting memory.
    if (e.method === 8) return zlib.inflateRawSync(data, { maxOutputLength: MAX_PART_BYTES });
  } catch (err) {
    throw damaged(`${e.name} 解压失败：${err instanceof Error ? err.message : err}`);
  }
  throw damaged(`不支持的压缩方式 ${e.method}`);
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** A character reference beyond Unicode (&#99999999;) is damage, not a reason to stop reading. */
const codePoint = (n: number) => (n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd');

/** XML entities, then OOXML's _xHHHH_ escapes for control characters. */
export function xmlText(s: string): string {
  if (s.includes('&')) {
    s = s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
      e[0] === '#' ? codePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITY[e]);
  }
  if (s.includes('_x')) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? xmlText(m[1]) : undefined;
}

/** Text of an <si> or <is>: its <t> runs, leaving out phonetic guides (<rPh>). */
function richText(xml: string): string {
  const clean = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let out = '';
  const re = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(clean))) out += m[1] ? xmlText(m[1]) : '';
  return out;
}

function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  const re = /<si>([\s\S]*?)<\/si>|<si\/>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) out.push(m[1] ? richText(m[1]) : '');
  return out;
}

const BUILTIN_DATE = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function isDateFormat(code: string): boolean {
  const c = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
  return /[ymd]/i.test(c) && !/^general$/i.test(c);
}

/** Style index → whether cells with it hold dates. */
function dateStyles(xml: string | null): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\s[^>]*>/g)) {
    const id = Number(attr(m[0], 'numFmtId')), code = attr(m[0], 'formatCode') ?? '';
    custom.set(id, code);
  }
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  const out: boolean[] = [];
  for (const m of xfs.matchAll(/<xf\s[^>]*?\/?>/g)) {
    const id = Number(attr(m[0], 'numFmtId') ?? 0);
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

function parseRange(ref: string): Merge | null {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(ref.replace(/\$/g, '').toUpperCase());
  if (!m) return null;
  return { top: +m[2] - 1, left: colIndex(m[1]), bottom: +(m[4] ?? m[2]) - 1, right: colIndex(m[3] ?? m[1]) };
}

export interface XlsxOptions {
  onRows?: (rowsRead: number, percent: number) => void; isCancelled?: () => boolean;
  /** Also read hidden sheets (the exchange package's 交换包信息); the importer leaves them out. */
  includeHidden?: boolean;
}

const B = (s: string) => Buffer.from(s, 'latin1');
const ROW = B('<row'), ROW_END = B('</row>'), C = B('<c'), C_END = B('</c>'), V = B('<v>'), V_END = B('</v>');
const F = B('<f'), T = B('<t'), T_END = B('</t>'), RPH = B('<rPh'), SHEETDATA_END = B('</sheetData>');
const GT = 0x3e, SLASH = 0x2f, QUOTE = 0x22;
/** Excel's own limits: a row number or column beyond them is a damaged (or hostile) file, not data. */
const MAX_ROWS = 1_048_576, MAX_COLS = 16_384;
const MAX_PART_BYTES = 256 * 1024 * 1024;

/**
 * First index of pat in buf[from, to), or -1. Tags and cells are a few dozen bytes: a plain loop
 * beats Buffer.indexOf, which would also run on to the end of the chunk when pat is absent (most
 * cells have no t= or s=), making a numbers-only sheet slow.
 */
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

/** Value of attr="..." inside the tag bytes [a, b), or null. */
function bAttr(buf: Buffer, a: number, b: number, pat: Buffer): string | null {
  const i = bFind(buf, pat, a, b);
  if (i < 0) return null;
  const s = i + pat.length;
  let e = s;
  while (e < b && buf[e] !== QUOTE) e++;
  return buf.toString('latin1', s, e);
}
const R_ATTR = B(' r="'), T_ATTR = B(' t="'), S_ATTR = B(' s="');

/** Text of <t> runs in [a, b), leaving out phonetic guides. */
function bRich(buf: Buffer, a: number, b: number): string {
  const rph = bFind(buf, RPH, a, b);
  if (rph >= 0) return richText(buf.toString('utf8', a, b));
  let out = '';
  let i = a;
  while (true) {
    const t = bFind(buf, T, i, b);
    if (t < 0) break;
    const next = buf[t + 2];
    if (next !== GT && next !== 0x20) { i = t + 2; continue; } // <tab…> etc. are not <t>
    const gt = buf.indexOf(GT, t);
    if (gt < 0 || gt >= b) break; // malformed: a <t without its >
    if (buf[gt - 1] === SLASH) { i = gt + 1; continue; }
    const e = bFind(buf, T_END, gt, b);
    if (e < 0) break; // malformed: a <t> that never closes
    out += xmlText(buf.toString('utf8', gt + 1, e));
    i = e + 4;
  }
  return out;
}

interface SheetCtx { sst: string[]; dates: boolean[]; date1904: boolean; uncalculated?: { count: number; first: string } }

/** Scans whole rows in buf[0, end) into rows; returns how many rows it read. */
function scanRows(buf: Buffer, end: number, rows: Cell[][], st: { nextRow: number }, cx: SheetCtx): number {
  let pos = 0, n = 0;
  while (true) {
    const r0 = buf.indexOf(ROW, pos);
    if (r0 < 0 || r0 >= end) break;
    const c3 = buf[r0 + 4];
    if (c3 !== 0x20 && c3 !== GT && c3 !== SLASH) { pos = r0 + 4; continue; }
    const tagEnd = buf.indexOf(GT, r0);
    if (tagEnd < 0 || tagEnd >= end) break; // malformed: a <row without its >
    const rAttr = bAttr(buf, r0, tagEnd, R_ATTR);
    const r = rAttr ? Number(rAttr) - 1 : st.nextRow;
    if (!(r >= 0 && r < MAX_ROWS)) throw damaged(`工作表的行号“${rAttr}”不正确（Excel 最多 ${MAX_ROWS} 行）`);
    st.nextRow = r + 1;
    const cells: Cell[] = [];
    let rowEnd = tagEnd + 1;
    if (buf[tagEnd - 1] !== SLASH) {
      rowEnd = buf.indexOf(ROW_END, tagEnd);
      if (rowEnd < 0 || rowEnd > end) rowEnd = end; // malformed: a row that never closes ends the scan
      let i = tagEnd + 1, nextCol = 0;
      while (true) {
        const c0 = bFind(buf, C, i, rowEnd);
        if (c0 < 0) break;
        const ch = buf[c0 + 2];
        if (ch !== 0x20 && ch !== GT && ch !== SLASH) { i = c0 + 2; continue; }
        const cTagEnd = bByte(buf, GT, c0, rowEnd);
        if (cTagEnd < 0) break; // malformed: a <c without its >
        const ref = bAttr(buf, c0, cTagEnd, R_ATTR);
        const col = ref ? colIndex(ref) : nextCol;
        if (col >= MAX_COLS) throw damaged(`单元格位置“${ref}”超出了 Excel 的最大列数（XFD 列）`);
        nextCol = col + 1;
        if (buf[cTagEnd - 1] === SLASH) { i = cTagEnd + 1; continue; }
        let cEnd = bFind(buf, C_END, cTagEnd, rowEnd);
        if (cEnd < 0) cEnd = rowEnd; // malformed: a cell that never closes ends at its row
        const t = bAttr(buf, c0, cTagEnd, T_ATTR);
        let v: Cell = null;
        if (t === 'inlineStr') v = bRich(buf, cTagEnd + 1, cEnd);
        else {
          const va = bFind(buf, V, cTagEnd, cEnd);
          if (va >= 0) {
            const ve = bFind(buf, V_END, va, cEnd);
            const raw = buf.toString('utf8', va + 3, ve < 0 ? cEnd : ve);
            if (t === 's') v = cx.sst[Number(raw)] ?? '';
            else if (t === 'str') v = xmlText(raw);
            else if (t === 'b') v = raw === '1' || raw === 'true';
            else if (t === 'e') v = null;
            else if (t === 'd') { const d = new Date(xmlText(raw)); v = Number.isNaN(d.getTime()) ? xmlText(raw) : d; } // ISO 8601 date cell
            else {
              const num = Number(raw);
              const s = bAttr(buf, c0, cTagEnd, S_ATTR);
              v = s && cx.dates[Number(s)] && Number.isFinite(num) ? serialToDate(num, cx.date1904) : num;
            }
          } else {
            const f = bFind(buf, F, cTagEnd, cEnd);
            if (f >= 0 && (buf[f + 2] === GT || buf[f + 2] === 0x20 || buf[f + 2] === SLASH)) {
              if (cx.uncalculated) cx.uncalculated.count++;
              else cx.uncalculated = { count: 1, first: ref ?? `第${r + 1}行第${col + 1}列` };
            }
          }
        }
        while (cells.length < col) cells.push(null);
        cells[col] = v;
        i = Math.max(cEnd + 4, c0 + 2);
      }
      rowEnd += ROW_END.length;
    }
    while (rows.length < r) rows.push([]);
    rows[r] = cells;
    n++;
    pos = Math.max(rowEnd, r0 + 4); // always forward, whatever the bytes say
  }
  return n;
}

/** Inflates one worksheet in chunks and scans whole rows as they arrive: memory stays near the size of the rows. */
async function readSheet(buf: Buffer, e: Entry, cx: SheetCtx, progress: (rowsInSheet: number, fraction: number) => boolean): Promise<{ rows: Cell[][]; merges: Merge[] }> {
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  if (e.offset + 30 > buf.length || buf.readUInt32LE(e.offset) !== 0x04034b50 || start + e.compSize > buf.length) throw damaged(`${e.name} 不完整`);
  const data = buf.subarray(start, start + e.compSize);
  const rows: Cell[][] = [];
  const st = { nextRow: 0 };
  let tail: Buffer = Buffer.alloc(0);
  let fed = 0, read = 0, stopped = false;
  let prefix: string | null | undefined;
  const SLICE = 1 << 20;
  const inflater = e.method === 8 ? zlib.createInflateRaw({ chunkSize: 1 << 20 }) : null;
  const source = (async function* () {
    if (!inflater) { yield data; return; }
    const it = inflater[Symbol.asyncIterator]();
    const pump = (async () => {
      for (let i = 0; i < data.length; i += SLICE) {
        fed = i;
        if (!inflater.write(data.subarray(i, i + SLICE))) await new Promise((r) => inflater.once('drain', r));
      }
      fed = data.length;
      inflater.end();
    })();
    pump.catch(() => { /* reported by the iterator */ });
    while (true) {
      const n = await it.next();
      if (n.done) break;
      yield n.value as Buffer;
    }
  })();
  try {
    for await (const chunk of source) {
      if (stopped) continue;
      let b = tail.length ? Buffer.concat([tail, chunk]) : chunk;
      if (prefix === undefined) prefix = sheetPrefix(b);
      if (prefix) b = stripPrefix(b, prefix);
      const sdEnd = b.indexOf(SHEETDATA_END);
      let cut = b.lastIndexOf(ROW_END);
      // Self-closing empty rows (<row r="9"/>) after the last </row> are picked up with the next chunk.
      cut = sdEnd >= 0 ? sdEnd : cut >= 0 ? cut + ROW_END.length : 0;
      read += scanRows(b, cut, rows, st, cx);
      tail = b.subarray(cut);
      if (sdEnd >= 0) {
        // What follows sheetData (mergeCells) is small: keep it whole.
        tail = Buffer.from(tail);
      } else if (tail.length > 64 << 20) throw damaged('工作表中有一行过大');
      else tail = Buffer.from(tail);
      if (progress(read, fed / Math.max(1, data.length))) stopped = true;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw damaged(`${e.name} 解压失败：${err instanceof Error ? err.message : err}`);
  }
  const merges: Merge[] = [];
  for (const m of tail.toString('utf8').matchAll(/<mergeCell\s[^>]*ref="([^"]+)"/g)) {
    const mg = parseRange(m[1]);
    if (mg) merges.push(mg);
  }
  return { rows, merges };
}

/**
 * Some writers (.NET's Open XML SDK among them) name every element with a namespace prefix,
 * <x:row> for <row>. The scanners look for plain names, so the prefix is taken off first.
 */
function unprefix(xml: string): string {
  return xml.replace(/<(\/?)[A-Za-z_][\w.-]*:/g, '<$1');
}

/** The worksheet's element prefix ("x" of <x:worksheet>), from the first bytes of the part. */
function sheetPrefix(head: Buffer): string | null {
  return /<([A-Za-z_][\w.-]*):worksheet[\s>]/.exec(head.toString('latin1', 0, Math.min(head.length, 8192)))?.[1] ?? null;
}

function stripPrefix(b: Buffer, prefix: string): Buffer {
  // latin1 keeps every byte as it is, so UTF-8 text passes through untouched.
  return Buffer.from(b.toString('latin1').split(`<${prefix}:`).join('<').split(`</${prefix}:`).join('</'), 'latin1');
}

export async function readXlsx(buf: Buffer, opts: XlsxOptions = {}): Promise<SheetData[]> {
  const entries = zipEntries(buf);
  const text = (name: string): string | null => {
    const e = entries.get(name);
    return e ? unprefix(readEntry(buf, e).toString('utf8')) : null;
  };
  const wbXml = text('xl/workbook.xml');
  if (!wbXml) throw new AppError('BAD_FILE', '这是一个压缩包，但不是 Excel 工作簿（缺少 xl/workbook.xml）。请确认文件。');
  const date1904 = /<workbookPr\b[^>]*date1904="(1|true)"/.test(wbXml);
  const rels = new Map<string, string>();
  for (const m of (text('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\s[^>]*>/g)) {
    const id = attr(m[0], 'Id'), target = attr(m[0], 'Target');
    if (id && target) rels.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
  }
  const cx: SheetCtx = { sst: sharedStrings(text('xl/sharedStrings.xml') ?? ''), dates: dateStyles(text('xl/styles.xml')), date1904 };
  const sheetTags = [...wbXml.matchAll(/<sheet\s[^>]*>/g)].map((m) => m[0]);
  const parts = sheetTags.map((tag) => ({ tag, entry: entries.get(rels.get(attr(tag, 'r:id') ?? '') ?? '') }));
  const totalBytes = parts.reduce((n, p) => n + (p.entry?.compSize ?? 0), 0) || 1;
  const sheets: SheetData[] = [];
  let bytesBefore = 0, rowsBefore = 0;
  for (const { tag, entry } of parts) {
    const name = attr(tag, 'name') ?? `Sheet${sheets.length + 1}`;
    const state = attr(tag, 'state');
    if (!entry || (!opts.includeHidden && (state === 'hidden' || state === 'veryHidden'))) continue; // hidden sheets are county tooling, not data
    cx.uncalculated = undefined;
    const { rows, merges } = await readSheet(buf, entry, cx, (n, frac) => {
      opts.onRows?.(rowsBefore + n, Math.min(99, Math.round(((bytesBefore + frac * entry.compSize) / totalBytes) * 100)));
      return !!opts.isCancelled?.();
    });
    bytesBefore += entry.compSize; rowsBefore += rows.length;
    sheets.push({ name, rows, merges, mergesKnown: true, ...(cx.uncalculated ? { uncalculated: cx.uncalculated } : {}) });
  }
  return sheets;
}
