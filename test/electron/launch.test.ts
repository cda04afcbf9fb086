/**
 * Launches the real Electron app (where the optional `electron` binary is installed) against a
 * temp data dir, through Playwright's Electron driver, and checks the window, the isolation of the
 * page, one round trip through window.api, and 导出PDF rendered by Electron's own printToPDF.
 * Skipped — visibly — where Electron is absent.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const requireHere = createRequire(import.meta.url);

function electronBinary(): string | null {
  try {
    const p = requireHere('electron') as unknown;
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const electronPath = electronBinary();
const hasElectron = electronPath !== null;
if (!hasElectron) {
  console.log('SKIP electron launch: Electron binary not installed on this machine (optionalDependency)');
}

// Plain .mjs scripts: imported through a variable so the type checker does not look for typings.
const scripts = { build: '../../scripts/build-electron.mjs', start: '../../scripts/start.mjs' };

describe('Electron app', () => {
  const tmpDirs: string[] = [];
  afterAll(() => { for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true }); });

  it.skipIf(!hasElectron)('starts, shows the UI from app://ledger, and answers window.api', async () => {
    const { buildElectron } = await import(scripts.build);
    const { ensureUiBuilt, ensureElectronNative, detectElectron } = await import(scripts.start);
    await buildElectron();
    await ensureUiBuilt();
    const electron = detectElectron();
    const binding: string = ensureElectronNative(electron);

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-electron-data-'));
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-electron-profile-'));
    tmpDirs.push(dataDir, userDataDir);
    const { _electron } = await import('@playwright/test');
    const env: Record<string, string> = { ...(process.env as Record<string, string>), LEDGER_NATIVE_BINDING: binding };
    delete env.ELECTRON_RUN_AS_NODE;
    const asRoot = process.platform === 'linux' && process.getuid?.() === 0;
    const app = await _electron.launch({
      executablePath: electronPath!,
      cwd: ROOT,
      // Chromium refuses to run as root with its sandbox (containers, CI); the page sandbox stays on.
      args: [...(asRoot ? ['--no-sandbox'] : []), '.', '--data', dataDir, `--user-data-dir=${userDataDir}`],
      env,
      timeout: 60_000,
    });
    try {
      const win = await app.firstWindow();
      await win.waitForLoadState('domcontentloaded');
      expect(win.url()).toMatch(/^app:\/\/ledger\//);
      const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].getTitle());
      expect(title).toBe('乡镇帮扶台账');

      const prefs = await app.evaluate(({ BrowserWindow }) => {
        // getLastWebPreferences is real at run time but missing from Electron's published typings.
        const wc = BrowserWindow.getAllWindows()[0].webContents as unknown as { getLastWebPreferences(): Record<string, unknown> };
        const p = wc.getLastWebPreferences();
        return { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration, webviewTag: p.webviewTag };
      });
      expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });

      const page = await win.evaluate(async () => {
        const w = window as unknown as { api?: Record<string, unknown>; require?: unknown; process?: unknown };
        const api = w.api as { invoke(c: string, p: unknown): Promise<{ ok: boolean; data?: { mode: string; dataDir: string } }> };
        const info = await api.invoke('app.info', {});
        let remoteBlocked = false;
        try { await fetch('https://example.com/'); } catch { remoteBlocked = true; }
        return {
          apiKeys: Object.keys(w.api ?? {}),
          hasRequire: typeof w.require !== 'undefined',
          hasProcess: typeof w.process !== 'undefined',
          info,
          popup: window.open('https://example.com/') === null,
          remoteBlocked,
        };
      });
      expect(page.apiKeys).toEqual(['invoke']);
      expect(page.hasRequire).toBe(false);
      expect(page.hasProcess).toBe(false);
      expect(page.info.ok).toBe(true);
      expect(page.info.data).toMatchObject({ mode: 'electron', dataDir });
      expect(page.popup).toBe(true);
      expect(page.remoteBlocked).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'ledger.sqlite'))).toBe(true);

      // 导出PDF: 'print.pdf' through window.api, rendered by printToPDF in a hidden window that is gone afterwards.
      const pdf = await win.evaluate(async () => {
        const api = (window as unknown as { api: { invoke(c: string, p: unknown): Promise<{ ok: boolean; data?: { base64: string; browser: string }; error?: { message: string } }> } }).api;
        return api.invoke('print.pdf', { kind: 'roster', startDate: '2024-07-01' });
      });
      expect(pdf.ok, pdf.error?.message).toBe(true);
      expect(pdf.data!.browser).toBe('Electron');
      const bytes = Buffer.from(pdf.data!.base64, 'base64');
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
      const file = path.join(dataDir, 'roster.pdf');
      fs.writeFileSync(file, bytes);
      const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
      if (info.status === 0) expect(info.stdout).toMatch(/Page size:\s+841\.\d+ x 595\.\d+ pts/); // A4 landscape, from @page
      const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      if (text.status === 0) expect(text.stdout).toMatch(/第\s*1\s*页\s*共\s*1\s*页/); // the @page margin box
    } finally {
      await app.close();
    }
  }, 600_000);

  it('reports whether the Electron launch ran', () => {
    // Keeps the outcome visible in the test list even when the launch test is skipped.
    expect(typeof hasElectron).toBe('boolean');
  });
});
