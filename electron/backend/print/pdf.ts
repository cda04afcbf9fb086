/**
 * HTML → PDF with a Chromium-family browser already on the computer (Debian/UOS/Kylin chromium,
 * Chrome, or the Edge every Windows 10+ has), run headless from the command line. Nothing is
 * downloaded; without such a browser the caller falls back to the HTML and the browser's own
 * print dialog. LEDGER_CHROMIUM names the browser explicitly.
 */
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
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

const NO_BROWSER = '这台电脑上没有找到 Chromium、Chrome 或 Edge 浏览器，无法直接生成 PDF。请用“打印”在打印对话框中选择“另存为 PDF”，或安装浏览器后重试。';

/**
 * Renders a whole HTML page to PDF bytes; throws a Chinese AppError when no browser or it fails.
 * One headless browser is started on the first call and kept for the process (starting one is
 * most of the time a PDF takes: 9.5 s for a 6-page 公示 under load, against well under a second to
 * lay it out in a warm one); closePdfBrowser() ends it, and it never outlives the process.
 */
export async function htmlToPdf(html: string, opts: { browser?: string | null; timeoutMs?: number } = {}): Promise<PdfResult> {
  const browser = opts.browser === undefined ? findChromium() : opts.browser;
  if (!browser) throw new AppError('NOT_FOUND', NO_BROWSER);
  let warm: WarmBrowser;
  try {
    warm = await warmBrowser(browser);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('INTERNAL', `无法启动浏览器生成 PDF（${browser}）：${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return { pdf: await warm.print(html, opts.timeoutMs ?? 120_000), browser };
  } catch (e) {
    // A browser that failed mid-page is not trusted with the next one: the next call starts afresh.
    if (current === warm) void closePdfBrowser();
    if (e instanceof AppError) throw e;
    const tail = warm.stderrTail();
    throw new AppError('INTERNAL', `浏览器生成 PDF 失败（${path.basename(browser)}）：${e instanceof Error ? e.message : String(e)}${tail ? `；${tail}` : ''}`);
  }
}

/** Starts the browser now (without waiting), so the first PDF of a session does not pay for it. */
export function prewarmPdfBrowser(browser: string | null = findChromium()): void {
  if (browser) warmBrowser(browser).catch(() => { /* reported by the PDF that needs it */ });
}

/** Ends the kept browser (server shutdown, end of a CLI run, tests). Safe to call at any time. */
export async function closePdfBrowser(): Promise<void> {
  const w = current;
  current = null;
  if (w) await w.close();
}

// ───────────────────────────── the kept browser ─────────────────────────────

interface WarmBrowser { path: string; print(html: string, timeoutMs: number): Promise<Buffer>; close(): Promise<void>; stderrTail(): string; alive(): boolean }

let current: WarmBrowser | null = null;
let starting: Promise<WarmBrowser> | null = null;

async function warmBrowser(browser: string): Promise<WarmBrowser> {
  if (current && current.path === browser && current.alive()) return current;
  if (current) await closePdfBrowser();
  if (!starting) starting = launch(browser).then((w) => { current = w; return w; }).finally(() => { starting = null; });
  return starting;
}

interface CdpMessage { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string }; sessionId?: string }

/**
 * Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: fd 3 in,
 * fd 4 out, NUL-separated JSON), so no port is opened and nothing beyond Node is needed. Each PDF
 * gets its own tab on a file in the session's temporary folder, printed with the page's own @page
 * size and no browser header/footer, exactly as the command-line --print-to-pdf did.
 */
async function launch(browser: string): Promise<WarmBrowser> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-print-'));
  const args = chromiumArgs(path.join(dir, 'blank.html'), path.join(dir, 'unused.pdf'), path.join(dir, 'profile'))
    // The print switches belong to the one-shot --print-to-pdf run (with the pipe they crash the page);
    // displayHeaderFooter: false below does what --no-pdf-header-footer did.
    .filter((a) => !a.startsWith('--print-to-pdf') && a !== '--no-pdf-header-footer' && !a.startsWith('file:'));
  const child = spawn(browser, [...args, '--remote-debugging-pipe', 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], windowsHide: true });
  const toBrowser = child.stdio[3] as Writable & { unref?(): void; ref?(): void };
  const fromBrowser = child.stdio[4] as Readable & { unref?(): void; ref?(): void };
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err = (err + d.toString('utf8')).slice(-8000); });
  let exited = false;
  const pending = new Map<number, { resolve: (m: CdpMessage) => void; reject: (e: Error) => void }>();
  const waiters = new Set<(m: CdpMessage) => void>();
  let nextId = 1, buf = Buffer.alloc(0), inFlight = 0;
  // Idle, the browser must not keep the CLI or a test process alive; busy, the process waits for it.
  const hold = (on: boolean) => { for (const h of [child, toBrowser, fromBrowser] as { ref?(): void; unref?(): void }[]) (on ? h.ref : h.unref)?.call(h); };
  const killNow = () => { try { child.kill('SIGKILL'); } catch { /* gone */ } };
  process.once('exit', killNow);
  const fail = (e: Error) => { for (const p of pending.values()) p.reject(e); pending.clear(); };
  child.on('error', (e) => fail(e));
  child.on('exit', (code) => {
    exited = true;
    process.off('exit', killNow);
    fail(new Error(`浏览器已退出（退出码 ${code ?? '无'}）`));
    fs.rm(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 }, () => { /* best effort */ });
  });
  fromBrowser.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (let i = buf.indexOf(0); i >= 0; i = buf.indexOf(0)) {
      const msg = JSON.parse(buf.subarray(0, i).toString('utf8')) as CdpMessage;
      buf = buf.subarray(i + 1);
      if (msg.id != null && pending.has(msg.id)) {
        const p = pending.get(msg.id)!; pending.delete(msg.id);
        if (msg.error) p.reject(new Error(msg.error.message)); else p.resolve(msg);
      } else for (const w of waiters) w(msg);
    }
  });
  fromBrowser.on('error', () => { /* the exit handler reports */ });
  toBrowser.on('error', () => { /* the exit handler reports */ });
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) => new Promise<CdpMessage>((resolve, reject) => {
    if (exited) { reject(new Error('浏览器已退出')); return; }
    const id = nextId++;
    pending.set(id, { resolve, reject });
    toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
  });
  const withTimeout = <T>(p: Promise<T>, ms: number, what: string) => new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}超过 ${Math.round(ms / 1000)} 秒未完成`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });

  hold(true);
  try {
    await withTimeout(send('Browser.getVersion'), 60_000, '启动浏览器');
  } catch (e) {
    killNow();
    const tail = err.split('\n').filter((l) => l.trim() && !/dbus|unexpected operator/i.test(l)).slice(-3).join(' ');
    throw new AppError('INTERNAL', `无法启动浏览器生成 PDF（${browser}）：${e instanceof Error ? e.message : String(e)}${tail ? `；${tail}` : ''}`);
  } finally { hold(false); }

  // One tab, kept too: a new tab is a new renderer process, a second or more under load. PDFs take turns in it.
  let tab: Promise<string> | null = null;
  const openTab = () => (tab ??= (async () => {
    const targetId = (await send('Target.createTarget', { url: 'about:blank' })).result!.targetId as string;
    const sessionId = (await send('Target.attachToTarget', { targetId, flatten: true })).result!.sessionId as string;
    await send('Page.enable', {}, sessionId);
    return sessionId;
  })());
  hold(true);
  try { await withTimeout(openTab(), 60_000, '打开浏览器页面'); } catch (e) { killNow(); throw e; } finally { hold(false); }
  let page = 0;
  let turn: Promise<unknown> = Promise.resolve();
  return {
    path: browser,
    alive: () => !exited,
    stderrTail: () => err.split('\n').filter((l) => l.trim() && !/dbus|unexpected operator/i.test(l)).slice(-3).join(' '),
    print(html, timeoutMs) {
      const run = async () => {
        inFlight++; hold(true);
        const file = path.join(dir, `page-${++page}.html`);
        try {
          fs.writeFileSync(file, html, 'utf8');
          const work = (async () => {
            const sessionId = await openTab();
            const loaded = new Promise<void>((resolve) => {
              const w = (m: CdpMessage) => { if (m.sessionId === sessionId && m.method === 'Page.loadEventFired') { waiters.delete(w); resolve(); } };
              waiters.add(w);
            });
            const nav = await send('Page.navigate', { url: pathToFileURL(file).href }, sessionId);
            if (nav.result?.errorText) throw new Error(String(nav.result.errorText));
            await loaded;
            await send('Runtime.evaluate', { expression: 'document.fonts ? document.fonts.ready.then(() => true) : true', awaitPromise: true }, sessionId);
            const r = await send('Page.printToPDF', { preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false, transferMode: 'ReturnAsBase64' }, sessionId);
            return Buffer.from(r.result!.data as string, 'base64');
          })();
          const pdf = await withTimeout(work, timeoutMs, '生成 PDF');
          if (pdf.length < 100 || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('浏览器返回的不是 PDF 文件');
          return pdf;
        } finally {
          fs.rm(file, { force: true }, () => { /* best effort */ });
          if (--inFlight === 0) hold(false);
        }
      };
      const mine = turn.then(run, run);
      turn = mine.catch(() => { /* the next PDF takes its turn regardless */ });
      return mine;
    },
    async close() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      send('Browser.close').catch(() => { /* exiting */ });
      const t = setTimeout(killNow, 3000);
      await gone;
      clearTimeout(t);
    },
  };
}
