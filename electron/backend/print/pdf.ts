/**
 * HTML → PDF with a Chromium-family browser already on the computer (Debian/UOS/Kylin chromium,
 * Chrome, or the Edge every Windows 10+ has), run headless from the command line. Nothing is
 * downloaded; without such a browser the caller falls back to the HTML and the browser's own
 * print dialog. LEDGER_CHROMIUM names the browser explicitly.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../errors';

/** Where to look, in order, for this platform (pure, for tests). LEDGER_CHROMIUM=none finds nothing. */
export function chromiumCandidates(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string[] {
  const list: string[] = [];
  if (env.LEDGER_CHROMIUM === 'none') return []; // “no browser”: the HTML fallback, on purpose
  if (env.LEDGER_CHROMIUM) list.push(env.LEDGER_CHROMIUM);
  if (platform === 'win32') {
    const roots = [env['ProgramFiles(x86)'], env.ProgramFiles, env.ProgramW6432, env.LOCALAPPDATA,
      'C:\\Program Files (x86)', 'C:\\Program Files'].filter((r): r is string => !!r);
    for (const r of roots) list.push(path.win32.join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe'));
    for (const r of roots) list.push(path.win32.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'));
    for (const r of roots) list.push(path.win32.join(r, 'Chromium', 'Application', 'chrome.exe'));
  } else if (platform === 'darwin') {
    list.push('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge');
  } else {
    list.push('/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable',
      '/opt/google/chrome/chrome', '/usr/bin/microsoft-edge', '/usr/bin/microsoft-edge-stable', '/snap/bin/chromium');
  }
  return [...new Set(list)];
}

/** The first candidate that exists, or null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform,
  exists: (p: string) => boolean = (p) => { try { return fs.statSync(p).isFile(); } catch { return false; } }): string | null {
  return chromiumCandidates(env, platform).find(exists) ?? null;
}

/** The headless command line: print to PDF with the page's own @page size and footer, nothing else. */
export function chromiumArgs(htmlFile: string, pdfFile: string, profileDir: string): string[] {
  return [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', '--print-to-pdf-no-header',
    '--disable-background-networking', '--disable-component-update', '--disable-extensions', '--disable-sync',
    '--no-first-run', '--no-default-browser-check', '--mute-audio', '--hide-scrollbars',
    `--user-data-dir=${profileDir}`, `--print-to-pdf=${pdfFile}`, pathToFileURL(htmlFile).href,
  ];
}

export interface PdfResult { pdf: Buffer; browser: string }

/** Renders a whole HTML page to PDF bytes; throws a Chinese AppError when no browser or it fails. */
export async function htmlToPdf(html: string, opts: { browser?: string | null; timeoutMs?: number } = {}): Promise<PdfResult> {
  const browser = opts.browser === undefined ? findChromium() : opts.browser;
  if (!browser) {
    throw new AppError('NOT_FOUND', '这台电脑上没有找到 Chromium、Chrome 或 Edge 浏览器，无法直接生成 PDF。请用“打印”在打印对话框中选择“另存为 PDF”，或安装浏览器后重试。');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-print-'));
  const htmlFile = path.join(dir, 'page.html');
  const pdfFile = path.join(dir, 'page.pdf');
  try {
    fs.writeFileSync(htmlFile, html, 'utf8');
    const args = chromiumArgs(htmlFile, pdfFile, path.join(dir, 'profile'));
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(browser, args, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
      let err = '';
      child.stderr.on('data', (d: Buffer) => { if (err.length < 8000) err += d.toString('utf8'); });
      const timer = setTimeout(() => { child.kill('SIGKILL'); }, opts.timeoutMs ?? 120_000);
      child.on('error', (e) => { clearTimeout(timer); reject(e); });
      child.on('close', (c) => { clearTimeout(timer); resolve({ code: c, stderr: err }); });
    });
    let pdf: Buffer | null = null;
    try { pdf = fs.readFileSync(pdfFile); } catch { /* reported below */ }
    if (!pdf || pdf.length < 100 || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
      const tail = stderr.split('\n').filter((l) => l.trim() && !/dbus|unexpected operator/i.test(l)).slice(-3).join(' ');
      throw new AppError('INTERNAL', `浏览器生成 PDF 失败（${path.basename(browser)}，退出码 ${code ?? '超时'}）${tail ? `：${tail}` : ''}`);
    }
    return { pdf, browser };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('INTERNAL', `无法启动浏览器生成 PDF（${browser}）：${e instanceof Error ? e.message : String(e)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
  }
}
