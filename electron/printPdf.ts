/**
 * 导出PDF inside Electron: the print page (one self-contained HTML from backend/print/layout.ts)
 * is loaded into a hidden, sandboxed window of its own and turned into PDF bytes with Electron's
 * webContents.printToPDF, so the desktop app needs no Chromium/Edge besides itself. The browser mode
 * and the CLI keep backend/print/pdf.ts (a headless browser found on the computer).
 *
 * Electron comes in as parameters (the BrowserWindow constructor and the session module), so this
 * runs as a plain function against a fake in test/unit/electron-print.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from './backend/errors';
import type { BrowserWindowOptions } from './electron-shim';
import { hardenedWebPreferences } from './policy';

/** An in-memory session (no `persist:` prefix) only the print window uses: nothing of it reaches disk. */
export const PRINT_PARTITION = 'ledger-print';

/**
 * Chromium refuses URLs longer than 2 MB (a data: URL that long loads as an empty page), so a
 * bigger page (a township-wide 工资发放表 of thousands of rows) goes through a temporary file.
 */
export const DATA_URL_MAX = 1_500_000;

export interface PrintToPdfOptions {
  pageSize: 'A4';
  landscape: boolean;
  printBackground: boolean;
  preferCSSPageSize: boolean;
  displayHeaderFooter: boolean;
}

/** The parts of a BrowserWindow this module touches. */
export interface PrintWindow {
  webContents: { printToPDF(options: PrintToPdfOptions): Promise<Uint8Array> };
  loadURL(url: string): Promise<void>;
  destroy(): void;
  isDestroyed(): boolean;
}

export type PrintWindowConstructor = new (options: BrowserWindowOptions) => PrintWindow;

export interface PrintSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  webRequest: {
    onBeforeRequest(filter: { urls: string[] }, listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void): void;
  };
}

export interface PrintDeps {
  BrowserWindow: PrintWindowConstructor;
  /** Electron's session module; the print partition is locked down through it. */
  session: { fromPartition(partition: string): PrintSession };
  /** Where a large page is written for the moment it takes to load (os.tmpdir() by default). */
  tmpDir?: string;
  timeoutMs?: number;
}

/**
 * The print window: never shown, same hardening as the main window (./policy webPreferences) but
 * with no preload at all (it has nothing to ask the backend), JavaScript off (the page is plain HTML
 * and CSS), and its own in-memory session.
 */
export function printWindowOptions(): BrowserWindowOptions {
  return {
    show: false,
    // A4 landscape at 96 dpi; the PDF's size comes from @page, this only avoids a zero-size layout.
    width: 1123,
    height: 794,
    title: '打印',
    webPreferences: {
      ...hardenedWebPreferences(),
      javascript: false,
      devTools: false,
      partition: PRINT_PARTITION,
    },
  };
}

/**
 * printToPDF options for one sheet: A4 in the sheet's orientation, backgrounds (the grey header
 * cells) printed, and the page's own @page rule in charge — its size, its margins and the margin
 * boxes that carry 第X页 共Y页 — so Chromium's own header and footer stay off.
 */
export function printToPdfOptions(orientation: 'landscape' | 'portrait'): PrintToPdfOptions {
  return { pageSize: 'A4', landscape: orientation === 'landscape', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false };
}

/** file: URLs the print session may load right now (the large pages being printed). */
const allowedFiles = new Set<string>();
const lockedDown = new WeakSet<object>();

/** Only the page itself may load in the print session: no network, no other file, no permission. */
export function isAllowedPrintRequest(url: string): boolean {
  if (url.startsWith('data:text/html')) return true;
  try { return allowedFiles.has(new URL(url).href); } catch { return false; }
}

function lockDown(session: PrintSession): void {
  if (lockedDown.has(session)) return;
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) => callback({ cancel: !isAllowedPrintRequest(details.url) }));
  lockedDown.add(session);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError('INTERNAL', `${what}超时（${Math.round(ms / 1000)} 秒），请重试；表格很大时可按村分别导出。`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/**
 * Renders a whole print page to PDF bytes in a hidden window; the window is destroyed and any
 * temporary file removed whether it worked or not. Throws a Chinese AppError on failure.
 */
export async function printHtmlToPdf(deps: PrintDeps, html: string, opts: { orientation: 'landscape' | 'portrait' }): Promise<Buffer> {
  lockDown(deps.session.fromPartition(PRINT_PARTITION));
  const timeoutMs = deps.timeoutMs ?? 120_000;
  let dir: string | null = null;
  let fileUrl: string | null = null;
  let url: string;
  const encoded = Buffer.from(html, 'utf8').toString('base64');
  if (encoded.length + 40 <= DATA_URL_MAX) {
    url = `data:text/html;charset=utf-8;base64,${encoded}`;
  } else {
    dir = fs.mkdtempSync(path.join(deps.tmpDir ?? os.tmpdir(), 'ledger-print-'));
    const file = path.join(dir, 'page.html');
    // Readable by this user only: the page may carry full ID numbers when masking is off.
    fs.writeFileSync(file, html, { encoding: 'utf8', mode: 0o600 });
    fileUrl = url = pathToFileURL(file).href;
    allowedFiles.add(fileUrl);
  }
  let win: PrintWindow | null = null;
  try {
    win = new deps.BrowserWindow(printWindowOptions());
    const w = win;
    const bytes = await withTimeout((async () => {
      await w.loadURL(url);
      return w.webContents.printToPDF(printToPdfOptions(opts.orientation));
    })(), timeoutMs, '生成 PDF ');
    const pdf = Buffer.from(bytes);
    if (pdf.length < 100 || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError('INTERNAL', '生成 PDF 失败：得到的不是 PDF 文件。');
    return pdf;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('INTERNAL', `生成 PDF 失败：${e instanceof Error ? e.message : String(e)}`);
  } finally {
    if (win && !win.isDestroyed()) win.destroy();
    if (fileUrl) allowedFiles.delete(fileUrl);
    if (dir) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  }
}
