/**
 * 导出PDF in Electron (electron/printPdf.ts) against a recording fake of BrowserWindow and the
 * session module: the hidden window's options, what printToPDF is asked for per sheet, the page
 * loaded from data (or a temporary file when large) with nothing else let through, the window
 * destroyed on success and on every failure — and main.ts routing 'print.pdf' to it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../support/tempDirs';
import type { BrowserWindowOptions } from '../../electron/electron-shim';
import * as main from '../../electron/main';
import * as policy from '../../electron/policy';
import {
  DATA_URL_MAX, PRINT_PARTITION, isAllowedPrintRequest, printHtmlToPdf, printToPdfOptions, printWindowOptions, type PrintDeps,
} from '../../electron/printPdf';
import { createFakeElectron, FakeSession, FakeWindow } from './electron-fake';

const tmp = tempDirs();

const HTML = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>@page { size: A4 landscape; }</style></head><body><h1>乐平镇2024年乡村公益性岗位人员花名册</h1></body></html>';

/** Fresh fakes per test; `setup` adjusts each window as it is created (e.g. to fail). */
function fakes(setup: (w: FakeWindow) => void = () => {}) {
  const windows: FakeWindow[] = [];
  const sessions = new Map<string, FakeSession>();
  const deps: PrintDeps = {
    BrowserWindow: class extends FakeWindow {
      constructor(o: BrowserWindowOptions) { super(o); windows.push(this); setup(this); }
    },
    session: { fromPartition: (p) => { if (!sessions.has(p)) sessions.set(p, new FakeSession()); return sessions.get(p)!; } },
    tmpDir: tmp('ledger-print-test-'),
  };
  return { deps, windows, sessions };
}

const dataUrlText = (url: string) => Buffer.from(url.slice(url.indexOf(',') + 1), 'base64').toString('utf8');

describe('printWindowOptions', () => {
  it('hidden, with the main window’s hardening, no preload, no JavaScript, an in-memory session of its own', () => {
    const o = printWindowOptions();
    expect(o.show).toBe(false);
    const wp = o.webPreferences;
    const { preload: _preload, ...hardening } = policy.webPreferences(path.resolve('/x/preload.js'));
    for (const [k, v] of Object.entries(hardening)) expect(wp[k], k).toBe(v);
    expect(wp).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, javascript: false, devTools: false, partition: PRINT_PARTITION });
    expect('preload' in wp).toBe(false);
    expect(String(wp.partition)).not.toMatch(/^persist:/);
  });
});

describe('printToPdfOptions', () => {
  it('A4, backgrounds, the page’s own @page rule, no Chromium header/footer; landscape per sheet', () => {
    expect(printToPdfOptions('landscape')).toEqual({ pageSize: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false });
    expect(printToPdfOptions('portrait')).toMatchObject({ pageSize: 'A4', landscape: false, preferCSSPageSize: true, printBackground: true });
  });
});

describe('printHtmlToPdf (fake Electron)', () => {
  it('loads the page from a data: URL in a hidden window, prints it, returns the bytes and destroys the window', async () => {
    const { deps, windows } = fakes();
    const pdf = await printHtmlToPdf(deps, HTML, { orientation: 'landscape' });
    expect(windows).toHaveLength(1);
    const w = windows[0];
    expect(w.options).toEqual(printWindowOptions());
    expect(w.shown).toBe(false);
    expect(w.loaded).toHaveLength(1);
    expect(w.loaded[0]).toMatch(/^data:text\/html;charset=utf-8;base64,/);
    expect(dataUrlText(w.loaded[0])).toBe(HTML);
    expect(w.webContents.printed).toEqual([{ pageSize: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false }]);
    expect(Buffer.isBuffer(pdf)).toBe(true);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.equals(Buffer.from(await w.webContents.pdf(printToPdfOptions('landscape'))))).toBe(true);
    expect(w.destroyed).toBe(true);
  });

  it('a portrait sheet is printed portrait', async () => {
    const { deps, windows } = fakes();
    await printHtmlToPdf(deps, HTML, { orientation: 'portrait' });
    expect(windows[0].webContents.printed[0].landscape).toBe(false);
    expect(windows[0].destroyed).toBe(true);
  });

  it('printToPDF failing: a Chinese error, the window destroyed', async () => {
    const { deps, windows } = fakes((w) => { w.webContents.pdf = async () => { throw new Error('Printing failed'); }; });
    await expect(printHtmlToPdf(deps, HTML, { orientation: 'landscape' })).rejects.toMatchObject({ code: 'INTERNAL', message: '生成 PDF 失败：Printing failed' });
    expect(windows[0].destroyed).toBe(true);
  });

  it('the page failing to load: nothing printed, the window destroyed', async () => {
    const { deps, windows } = fakes((w) => { w.loadURL = async () => { throw new Error('ERR_FAILED (-2) loading data:…'); }; });
    await expect(printHtmlToPdf(deps, HTML, { orientation: 'portrait' })).rejects.toThrow(/^生成 PDF 失败：ERR_FAILED/);
    expect(windows[0].webContents.printed).toEqual([]);
    expect(windows[0].destroyed).toBe(true);
  });

  it('printToPDF never answering: a timeout error, the window destroyed', async () => {
    const { deps, windows } = fakes((w) => { w.webContents.pdf = () => new Promise(() => {}); });
    await expect(printHtmlToPdf({ ...deps, timeoutMs: 50 }, HTML, { orientation: 'landscape' })).rejects.toThrow(/生成 PDF 超时/);
    expect(windows[0].destroyed).toBe(true);
  });

  it('bytes that are not a PDF are refused', async () => {
    const { deps, windows } = fakes((w) => { w.webContents.pdf = async () => new Uint8Array(0); });
    await expect(printHtmlToPdf(deps, HTML, { orientation: 'landscape' })).rejects.toThrow('得到的不是 PDF');
    expect(windows[0].destroyed).toBe(true);
  });

  it('a page too big for a data: URL goes through a private temporary file, removed afterwards, also on failure', async () => {
    const big = HTML.replace('</body>', `${'<p>王建国 140724********0011 50,000.00</p>'.repeat(Math.ceil(DATA_URL_MAX / 40))}</body>`);
    let seen: { url: string; text: string; mode: number; allowedDuring: boolean } | null = null;
    const { deps, windows, sessions } = fakes((w) => {
      w.loadURL = async (url: string) => {
        const file = fileURLToPath(url);
        seen = { url, text: fs.readFileSync(file, 'utf8'), mode: fs.statSync(file).mode & 0o777, allowedDuring: sessions.get(PRINT_PARTITION)!.allows(url) };
        w.loaded.push(url);
      };
    });
    await printHtmlToPdf(deps, big, { orientation: 'landscape' });
    expect(seen!.url).toMatch(/^file:\/\//);
    expect(seen!.text).toBe(big);
    if (process.platform !== 'win32') expect(seen!.mode).toBe(0o600);
    expect(seen!.allowedDuring).toBe(true);
    expect(fs.existsSync(fileURLToPath(seen!.url))).toBe(false);
    expect(fs.readdirSync(deps.tmpDir!)).toEqual([]);
    expect(isAllowedPrintRequest(seen!.url)).toBe(false);
    expect(windows[0].destroyed).toBe(true);

    const failing = fakes((w) => { w.webContents.pdf = async () => { throw new Error('boom'); }; });
    await expect(printHtmlToPdf({ ...failing.deps, tmpDir: deps.tmpDir }, big, { orientation: 'landscape' })).rejects.toThrow('boom');
    expect(fs.readdirSync(deps.tmpDir!)).toEqual([]);
    expect(failing.windows[0].destroyed).toBe(true);
  });

  it('locks its session down: every permission denied, no request but the page itself', async () => {
    const { deps, sessions } = fakes();
    await printHtmlToPdf(deps, HTML, { orientation: 'landscape' });
    const s = sessions.get(PRINT_PARTITION)!;
    expect([...sessions.keys()]).toEqual([PRINT_PARTITION]);
    expect(s.beforeRequestFilter).toEqual({ urls: ['<all_urls>'] });
    expect(s.allows(`data:text/html;charset=utf-8;base64,${Buffer.from(HTML).toString('base64')}`)).toBe(true);
    for (const url of ['https://fonts.googleapis.com/css?family=Noto+Serif+SC', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://ledger/index.html', 'data:image/svg+xml,<svg/>', 'ws://x/']) {
      expect(s.allows(url), url).toBe(false);
    }
    let granted: boolean | null = null;
    s.permissionRequest!({}, 'media', (g) => { granted = g; });
    expect(granted).toBe(false);
    expect(s.permissionCheck!({}, 'clipboard-read')).toBe(false);
  });
});

describe('main.ts: 导出PDF in Electron goes to printToPDF', () => {
  it("'print.pdf' over the one IPC channel renders in a hidden window, landscape per sheet, and returns the PDF", async () => {
    const appRoot = tmp('ledger-app-');
    fs.mkdirSync(path.join(appRoot, 'dist', 'renderer'), { recursive: true });
    fs.mkdirSync(path.join(appRoot, 'dist-electron'), { recursive: true });
    fs.writeFileSync(path.join(appRoot, 'dist', 'renderer', 'index.html'), '<!doctype html><title>乡镇帮扶台账</title>');
    fs.writeFileSync(path.join(appRoot, 'dist-electron', 'preload.js'), '');
    const fake = createFakeElectron({ appPath: appRoot, appData: tmp('ledger-appdata-') });
    const shell = main.start(fake, { argv: ['electron', '.', '--data', tmp('ledger-data-')], env: { LEDGER_CHROMIUM: 'none' }, log: () => {} });
    fake.makeReady();
    await shell.ready;
    try {
      const api = fake.rec.ipc.get('api')!;
      const trusted = { senderFrame: { url: 'app://ledger/index.html' } };
      const invoke = async (channel: string, params: unknown) => {
        const env = (await api(trusted, channel, params)) as { ok: boolean; data: any; error?: { message: string } };
        expect(env.ok, env.error?.message).toBe(true);
        return env.data;
      };
      // The screens tie every change to a named operator (audit refuses an unnamed one).
      await invoke('settings.update', { township: '乐平镇', operator: '测试员' });
      const village = await invoke('villages.create', { name: '东关村', code: null });

      const roster = await invoke('print.pdf', { kind: 'roster', startDate: '2024-07-01' });
      expect(roster).toMatchObject({ browser: 'Electron', fileName: expect.stringMatching(/花名册-2024-07-01\.pdf$/) });
      expect(Buffer.from(roster.base64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const printWin = fake.rec.windows[1];
      expect(printWin.options).toEqual(printWindowOptions());
      expect(dataUrlText(printWin.loaded[0])).toContain('乐平镇2024年乡村公益性岗位人员花名册');
      expect(printWin.webContents.printed).toEqual([printToPdfOptions('landscape')]);
      expect(printWin.destroyed).toBe(true);
      expect(fake.rec.windows[0].destroyed).toBe(false); // the app's own window stays

      // A village 公示 is narrow enough for portrait, and is printed so.
      await invoke('print.pdf', { kind: 'gongshi', villageId: village.id, startDate: '2024-07-01' });
      expect(fake.rec.windows[2].webContents.printed).toEqual([printToPdfOptions('portrait')]);
      expect(fake.rec.windows[2].destroyed).toBe(true);
    } finally {
      fake.rec.appEvents.emit('will-quit');
    }
  });
});
