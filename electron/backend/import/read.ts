import iconv from 'iconv-lite';
import { AppError } from '../errors';
import { readXlsx } from './xlsx-reader';

export type Cell = string | number | boolean | Date | null;
export interface Merge { top: number; left: number; bottom: number; right: number } // 0-based, inclusive
export interface SheetData {
  name: string;
  rows: Cell[][]; // rows[i] is Excel row i + 1
  merges: Merge[];
  /** The streaming xlsx reader and CSV carry no merge information; the importer then fills group columns down. */
  mergesKnown: boolean;
  /**
   * Formula cells saved without their result (files written by scripts, not saved in Excel/WPS):
   * they read as blank, so the clerk is told to open and save the file rather than left with
   * "缺少金额" on rows that have one.
   */
  uncalculated?: { count: number; first: string };
}
export type FileFormat = 'xlsx' | 'xls' | 'csv';
export interface ReadOptions { onProgress?: (rowsRead: number, percent: number) => void; isCancelled?: () => boolean }

export class Cancelled extends Error {}

const refuse = (msg: string) => new AppError('BAD_FILE', msg);

/** Decides the format from the bytes; the extension only decides how a text file is treated. */
export function sniff(buf: Buffer, fileName: string): FileFormat {
  if (buf.length === 0) throw refuse('文件是空的（0 字节），请确认复制或下载完整后再导入。');
  if (buf[0] === 0x50 && buf[1] === 0x4b && (buf[2] === 3 || buf[2] === 5 || buf[2] === 7)) return 'xlsx';
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) return 'xls';
  const ext = (/\.([a-z0-9]+)$/i.exec(fileName)?.[1] ?? '').toLowerCase();
  const sample = buf.subarray(0, 4096);
  const binary = sample.some((b) => b === 0) && !(sample[0] === 0xff && sample[1] === 0xfe);
  if (!binary && ['csv', 'txt', 'tsv', ''].includes(ext)) return 'csv';
  if (!binary) throw refuse(`“${fileName}”不是有效的 Excel 文件：它其实是一个文本文件，只是扩展名为 .${ext}。请在 Excel/WPS 中打开后“另存为”Excel 工作簿(.xlsx)再导入。`);
  throw refuse(`“${fileName}”不是有效的 Excel 文件（.xlsx/.xls）或 CSV 文件，无法读取。`);
}

export async function readWorkbook(buf: Buffer, fileName: string, opts: ReadOptions = {}): Promise<{ format: FileFormat; sheets: SheetData[] }> {
  const format = sniff(buf, fileName);
  let sheets: SheetData[];
  if (format === 'csv') sheets = [readCsv(buf, fileName)];
  else if (format === 'xls') sheets = await readXls(buf);
  else {
    sheets = await readXlsx(buf, { onRows: opts.onProgress, isCancelled: opts.isCancelled });
    if (opts.isCancelled?.()) throw new Cancelled();
  }
  opts.onProgress?.(sheets.reduce((n, s) => n + s.rows.length, 0), 100);
  return { format, sheets };
}

/** Rich text, hyperlinks, formulas and errors come out of exceljs as objects; the importer wants plain values. */
export function plainValue(v: unknown): Cell {
  if (v == null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('');
    if ('result' in o || 'formula' in o || 'sharedFormula' in o) return plainValue(o.result ?? null);
    if ('text' in o) return plainValue(o.text);
    if ('error' in o) return null;
  }
  return String(v);
}

/** Time allowed to read an .xls: generous for a big county file, short enough that a damaged one is refused. */
export function xlsTimeLimitMs(bytes: number): number {
  const override = Number(process.env.LEDGER_XLS_TIMEOUT_MS);
  if (override > 0) return override;
  return 30_000 + Math.ceil(bytes / (1024 * 1024)) * 3_000;
}

async function readXls(buf: Buffer): Promise<SheetData[]> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(new URL('./xls-worker.cjs', import.meta.url), { workerData: { buffer: buf } });
  return new Promise<SheetData[]>((resolve, reject) => {
    const damaged = (why: string) => refuse(`文件已损坏或不完整，无法读取（${why}）。请向发送方重新索取文件，或在 Excel/WPS 中打开后另存为 .xlsx 再导入。`);
    const timer = setTimeout(() => { void worker.terminate(); reject(damaged('读取超时，文件内部结构异常')); }, xlsTimeLimitMs(buf.length));
    worker.once('message', (m: { ok: true; sheets: SheetData[] } | { ok: false; message: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (m.ok) resolve(m.sheets.map((s) => ({ ...s, rows: s.rows.map((r) => r.map(plainValue)) })));
      else reject(damaged(m.message.slice(0, 120)));
    });
    worker.once('error', (e) => { clearTimeout(timer); reject(damaged(e.message.slice(0, 120))); });
  });
}

/** UTF-8 (with or without BOM), UTF-16 with BOM, otherwise GBK (GB18030) as older county tools write. */
export function decodeText(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return iconv.decode(buf.subarray(2), 'utf16-be');
  try { return new TextDecoder('utf-8', { fatal: true }).decode(buf); } catch { return iconv.decode(buf, 'gb18030'); }
}

export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const sep = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') { if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false; }
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function readCsv(buf: Buffer, fileName: string): SheetData {
  // ="0140…" is how county tools make Excel keep long digits as text; the wrapper is not data.
  const rows = parseCsv(decodeText(buf)).map((r) => r.map((v) => (v === '' ? null : /^="[^"]*"$/.test(v) ? v.slice(2, -1) : v)));
  return { name: fileName.replace(/\.[^.]+$/, ''), rows, merges: [], mergesKnown: false };
}
