/**
 * scripts/start.mjs (`npm start`): the browser-mode fallback where Electron is absent (forced with
 * LEDGER_FORCE_BROWSER where it is present), and the cache of the Electron-ABI better-sqlite3.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../support/tempDirs';

const ROOT = path.resolve(__dirname, '..', '..');
const START = path.join(ROOT, 'scripts', 'start.mjs');
const startModule = '../../scripts/start.mjs';

const tmp = tempDirs();

describe('npm start', () => {
  it('without Electron: one Chinese line, then the browser mode with the arguments passed through', async () => {
    const { FALLBACK_LINE } = await import(startModule);
    expect(FALLBACK_LINE).not.toContain('\n');
    expect(FALLBACK_LINE).toMatch(/Electron.*浏览器模式/);

    const data = tmp('ledger-start-data-');
    const child = spawn(process.execPath, [START, '--port', '0', '--data', data, '--no-open'], {
      cwd: ROOT, env: { ...process.env, LEDGER_FORCE_BROWSER: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (b) => { err += String(b); });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within the time limit:\n${out}\n${err}`)), 170_000);
      child.stdout.on('data', (b) => {
        out += String(b);
        const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
        if (m) { clearTimeout(timer); resolve(m[0]); }
      });
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}:\n${out}\n${err}`)); });
    });
    try {
      expect(out.split('\n')[0]).toBe(FALLBACK_LINE);
      const info = JSON.parse(out.split('\n').find((l) => l.startsWith('{'))!);
      expect(info.dataDir).toBe(data);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    // The browser-mode server went down with the start script.
    await expect(fetch(url)).rejects.toThrow();
  }, 180_000);

  it('reuses a cached Electron-ABI better-sqlite3 and never touches node_modules', async () => {
    const { ensureElectronNative } = await import(startModule);
    const nativeDir = tmp('ledger-native-');
    const bs3 = path.join(ROOT, 'node_modules', 'better-sqlite3');
    const version = JSON.parse(fs.readFileSync(path.join(bs3, 'package.json'), 'utf8')).version;
    const binding = path.join(nativeDir, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    fs.mkdirSync(path.dirname(binding), { recursive: true });
    fs.writeFileSync(binding, 'cached');
    fs.writeFileSync(path.join(nativeDir, 'better-sqlite3.stamp.json'),
      JSON.stringify({ electron: '40.10.2', betterSqlite3: version, platform: process.platform, arch: process.arch }));
    const nodeBinding = path.join(bs3, 'build', 'Release', 'better_sqlite3.node');
    const before = fs.statSync(nodeBinding).mtimeMs;
    const logs: string[] = [];
    const got = ensureElectronNative({ version: '40.10.2', path: '/nonexistent/electron' }, { nativeDir, log: (l: string) => logs.push(l) });
    expect(got).toBe(binding);
    expect(logs).toEqual([]);
    expect(fs.statSync(nodeBinding).mtimeMs).toBe(before);
  });
});
