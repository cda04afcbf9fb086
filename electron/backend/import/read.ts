import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../../../shared/api/contract';
import { AppError } from '../errors';
import { workerScript } from '../devBundle';
import { finishSheet, type SheetEnd } from './xlsx-reader';

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
  /** Values far right of any ledger's columns (beyond READ_LIMITS.columns): counted, not read; the importer warns. */
  ignored?: { count: number; first: string };
}
export type FileFormat = 'xlsx' | 'xls' | 'csv';
export interface ReadOptions {
  onProgress?: (rowsRead: number, percent: number) => void;
  isCancelled?: () => boolean;
  /**
   * Rows arrived in a sheet (while the reader thread reads on): the importer parses
   * them meanwhile. `first` is the lowest row index of the batch. The sheet is not final until read
   * returns (rows may still come, merges come at its end).
   */
  onRows?: (sheet: SheetData, sheetIndex: number, first: number) => void;
}

export class Cancelled extends Error {}

const refuse = (msg: string) => new AppError('BAD_FILE', msg);

/** Decides the format from the bytes; the extension only decides how a text file is treated. */
export function sniff(buf: Buffer, fileName: string): FileFormat {
  if (buf.length === 0) throw refuse('文件是空的（0 字节），请确认复制或下载完整后再导入。');
  if (buf[0] === 0x50 && buf[1] === 0x4b && (buf[2] === 3 || buf[2] === 5 || buf[2] === 7)) return 'xlsx';
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) return 'xls';
  const ext = (/\.([a-z0-9]+)$/i.exec(fileName)?.[1] ?? '').toLowerCase();
  const sample = buf.subarray(0, 4096);
  // UTF-16 text (either byte order, with its BOM) holds zero bytes but is still a CSV the decoder reads.
  const utf16 = (sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff);
  const binary = sample.some((b) => b === 0) && !utf16;
  if (!binary && ['csv', 'txt', 'tsv', ''].includes(ext)) return 'csv';
  if (!binary) throw refuse(`“${fileName}”不是有效的 Excel 文件：它其实是一个文本文件，只是扩展名为 .${ext}。请在 Excel/WPS 中打开后“另存为”Excel 工作簿(.xlsx)再导入。`);
  throw refuse(`“${fileName}”不是有效的 Excel 文件（.xlsx/.xls）或 CSV 文件，无法读取。`);
}

export async function readWorkbook(buf: Buffer, fileName: string, opts: ReadOptions = {}): Promise<{ format: FileFormat; sheets: SheetData[] }> {
  const format = sniff(buf, fileName);
  // Refused before the file is handed to a reader (and copied into its thread): no county file comes near this.
  if (buf.length > MAX_FILE_BYTES) {
    throw refuse(`文件“${fileName}”有 ${Math.round(buf.length / (1024 * 1024))} MB，超出了本程序读取文件的上限（${MAX_FILE_BYTES / (1024 * 1024)} MB），未导入任何内容。`
      + '10 万行的台账也只有十几 MB：请确认文件，或把数据分成几个文件再导入。');
  }
  const sheets = format === 'xls' ? await readXls(buf, opts) : await readInWorker(buf, fileName, format, opts);
  if (opts.isCancelled?.()) throw new Cancelled();
  opts.onProgress?.(sheets.reduce((n, s) => n + s.rows.length, 0), 100);
  return { format, sheets };
}

/** Larger files are refused before reading. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Time allowed to read a file: generous for a big county file, short enough that a crafted one
 * is refused instead of keeping the clerk waiting. LEDGER_READ_TIMEOUT_MS overrides it (tests).
 */
export function readTimeLimitMs(bytes: number): number {
  const override = Number(process.env.LEDGER_READ_TIMEOUT_MS);
  if (override > 0) return override;
  return 30_000 + Math.ceil(bytes / (1024 * 1024)) * 3_000;
}

/** Heap the reader thread may use; its rows go to the main thread as they are read, so it needs little. */
export function readMemoryLimitMb(): number {
  const override = Number(process.env.LEDGER_READ_MEMORY_MB);
  return override > 0 ? override : 512;
}

let liveWorkers = 0;
/** Reader threads still running (tests check that 取消 and refusals end them). */
export const liveReadWorkers = () => liveWorkers;

type WorkerMsg =
  | { t: 'sheet'; name: string }
  | { t: 'rows'; idx: number[]; json: string; patches: number[]; read: number; percent: number }
  | { t: 'end'; info: SheetEnd }
  | { t: 'done' }
  | { t: 'error'; code: ErrorCode; message: string; detail?: string };

/**
 * Runs a reader in a worker thread with a heap limit and a time limit. Whatever the file does to
 * that thread (a loop, a memory blow-up), the main thread keeps answering; 取消, the time limit
 * and a refusal all end the thread.
 */
function runWorker<T>(file: URL | string, workerData: unknown, limitMs: number, name: string, opts: ReadOptions,
  onMessage: (m: WorkerMsg, settle: (v: T) => void, reply: (m: unknown) => void) => void): Promise<T> {
  const memMb = readMemoryLimitMb();
  // execArgv: [] — the scripts are plain CommonJS; inheriting tsx's loader (--import tsx) would cost the thread half a second to start.
  const worker = new Worker(file, { workerData, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: memMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 } });
  liveWorkers++;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, v?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer); clearInterval(poll);
      void worker.terminate();
      if (err) reject(err); else resolve(v as T);
    };
    worker.once('exit', () => {
      liveWorkers--;
      finish(refuse(`读取文件“${name}”时读取程序意外退出，未导入任何内容。请在 Excel/WPS 中打开后另存一份再导入。`));
    });
    const timer = setTimeout(() => finish(refuse(`读取文件“${name}”超过了 ${Math.round(limitMs / 1000)} 秒的时间上限，已停止，未导入任何内容。`
      + '文件内部结构异常（可能已损坏或被改动过）：请在 Excel/WPS 中打开后另存一份再导入，或向发送方重新索取。')), limitMs);
    const poll = setInterval(() => { if (opts.isCancelled?.()) finish(new Cancelled()); }, 50);
    worker.on('message', (m: WorkerMsg) => {
      if (settled) return;
      if (opts.isCancelled?.()) return finish(new Cancelled());
      try { onMessage(m, (v) => finish(null, v), (r) => worker.postMessage(r)); } catch (e) { finish(e as Error); }
    });
    worker.once('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        finish(refuse(`读取文件“${name}”所需的内存超过了 ${memMb} MB 的上限，已停止，未导入任何内容。文件内部结构异常（可能已损坏或被改动过）：`
          + '请在 Excel/WPS 中打开后另存一份再导入，或向发送方重新索取。'));
      } else finish(refuse(`文件已损坏或不完整，无法读取（${e.message.slice(0, 120)}）。请向发送方重新索取文件，或在 Excel/WPS 中打开后另存一份再导入。`));
    });
  });
}

/** .xlsx and CSV: read in the worker, rows taken in here as they come. */
async function readInWorker(buf: Buffer, fileName: string, format: 'xlsx' | 'csv', opts: ReadOptions): Promise<SheetData[]> {
  const sheets: SheetData[] = [];
  let rows: Cell[][] = [];
  const file = await readWorkerFile();
  return runWorker<SheetData[]>(file, { buffer: buf, fileName, format }, readTimeLimitMs(buf.length), fileName, opts, (m, done, reply) => {
    if (m.t === 'sheet') { rows = []; sheets.push({ name: m.name, rows, merges: [], mergesKnown: true }); }
    else if (m.t === 'rows') {
      const got = JSON.parse(m.json) as Cell[][];
      const p = m.patches;
      for (let k = 0; k < p.length; k += 4) got[p[k]][p[k + 1]] = p[k + 2] === 0 ? new Date(p[k + 3]) : p[k + 3] === 0 ? NaN : p[k + 3] * Infinity;
      for (let k = 0; k < m.idx.length; k++) {
        const r = m.idx[k];
        while (rows.length < r) rows.push([]);
        rows[r] = got[k];
      }
      reply('ack');
      if (m.read >= 0) opts.onProgress?.(m.read, m.percent);
      if (opts.onRows && m.idx.length) {
        let first = m.idx[0];
        for (const r of m.idx) if (r < first) first = r;
        opts.onRows(sheets[sheets.length - 1], sheets.length - 1, first);
      }
    } else if (m.t === 'end') finishSheet(sheets[sheets.length - 1], m.info);
    else if (m.t === 'done') done(sheets);
    else if (m.t === 'error') {
      throw m.message ? new AppError(m.code, m.message)
        : refuse(`文件已损坏或不完整，无法读取（${(m.detail ?? '').slice(0, 120)}）。请向发送方重新索取文件，或在 Excel/WPS 中打开后另存一份再导入。`);
    }
  });
}

let workerFile: string | null = null;
/** The reader thread's script (devBundle.workerScript), found once per process. */
async function readWorkerFile(): Promise<string> {
  return (workerFile ??= await workerScript('read-worker', import.meta.url));
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

/** Time allowed to read an .xls (the same rule as for .xlsx; LEDGER_XLS_TIMEOUT_MS still overrides it). */
export function xlsTimeLimitMs(bytes: number): number {
  const override = Number(process.env.LEDGER_XLS_TIMEOUT_MS);
  return override > 0 ? override : readTimeLimitMs(bytes);
}

type XlsMsg =
  | { t: 'sheet'; name: string; merges: Merge[] }
  | { t: 'rows'; json: string; patches: number[] }
  | { t: 'done' }
  | { t: 'error'; message: string };

async function readXls(buf: Buffer, opts: ReadOptions): Promise<SheetData[]> {
  const damaged = (why: string) => refuse(`文件已损坏或不完整，无法读取（${why}）。请向发送方重新索取文件，或在 Excel/WPS 中打开后另存为 .xlsx 再导入。`);
  try {
    const sheets: SheetData[] = [];
    return await runWorker<SheetData[]>(new URL('./xls-worker.cjs', import.meta.url), { buffer: buf }, xlsTimeLimitMs(buf.length), 'xls', opts, (m, done) => {
      // The worker's rows hold only strings, numbers, booleans and nulls; dates and NaN/Infinity come as patches.
      const x = m as unknown as XlsMsg;
      if (x.t === 'sheet') sheets.push({ name: x.name, rows: [], merges: x.merges, mergesKnown: true });
      else if (x.t === 'rows') {
        const got = JSON.parse(x.json) as Cell[][], p = x.patches;
        for (let k = 0; k < p.length; k += 4) got[p[k]][p[k + 1]] = p[k + 2] === 0 ? new Date(p[k + 3]) : p[k + 3] === 0 ? NaN : p[k + 3] * Infinity;
        const sheet = sheets[sheets.length - 1], first = sheet.rows.length;
        for (const r of got) sheet.rows.push(r);
        // As for .xlsx: the importer parses these rows while the worker converts the next batch.
        if (opts.onRows && got.length) opts.onRows(sheet, sheets.length - 1, first);
      } else if (x.t === 'done') done(sheets);
      else throw damaged(x.message.slice(0, 120));
    });
  } catch (e) {
    // The .xls reader's own words for a timeout stay as they were (SheetJS loops on damaged records).
    if (e instanceof AppError && /时间上限/.test(e.message)) throw damaged('读取超时，文件内部结构异常');
    throw e;
  }
}

export { decodeText, parseCsv } from './csv-reader';
