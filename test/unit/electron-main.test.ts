/**
 * The Electron shell (electron/main.ts, electron/preload.ts) against a recording fake of Electron:
 * window options, app:// protocol, permissions, navigation, the IPC sender check, the backend
 * wiring — and the esbuild bundles that actually run inside Electron.
 */
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../support/tempDirs';
import * as main from '../../electron/main';
import * as policy from '../../electron/policy';
import { createFakeElectron, FakeWebContents, fakeEvent, type FakeElectron } from './electron-fake';

const ROOT = path.resolve(__dirname, '..', '..');
const tmp = tempDirs();

/** A fake installed app: appRoot with dist/renderer and dist-electron/preload.js. */
function fakeAppRoot() {
  const appRoot = tmp('ledger-app-');
  fs.mkdirSync(path.join(appRoot, 'dist', 'renderer', 'assets'), { recursive: true });
  fs.mkdirSync(path.join(appRoot, 'dist-electron'), { recursive: true });
  fs.writeFileSync(path.join(appRoot, 'dist', 'renderer', 'index.html'), '<!doctype html><title>乡镇帮扶台账</title>');
  fs.writeFileSync(path.join(appRoot, 'dist', 'renderer', 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(appRoot, 'dist-electron', 'preload.js'), '');
  fs.writeFileSync(path.join(appRoot, 'secret.txt'), 'outside the static root');
  return appRoot;
}

const trusted = { senderFrame: { url: 'app://ledger/index.html' } };

let started: { fake: FakeElectron } | null = null;
afterEach(() => {
  // Quitting closes the backend's database.
  started?.fake.rec.appEvents.emit('will-quit');
  started = null;
});

async function boot(o: { argv?: string[]; env?: NodeJS.ProcessEnv; lock?: boolean; isPackaged?: boolean; switches?: string[]; start?: typeof main.start; openBackend?: main.StartOptions['openBackend'] } = {}) {
  const appRoot = fakeAppRoot();
  const appData = tmp('ledger-appdata-');
  const fake = createFakeElectron({ appPath: appRoot, appData, lock: o.lock, isPackaged: o.isPackaged, switches: o.switches });
  const logs: string[] = [];
  const shell = (o.start ?? main.start)(fake, { argv: o.argv ?? ['electron', '.'], env: o.env ?? {}, openBackend: o.openBackend, log: (l) => logs.push(l) });
  const beforeReady = [...fake.rec.order];
  fake.makeReady();
  await shell.ready;
  started = { fake };
  return { fake, shell, appRoot, appData, beforeReady, logs };
}

describe('createWindowOptions', () => {
  it('uses the policy webPreferences: isolated, sandboxed, no Node, preload set', () => {
    const preload = path.resolve('/opt/ledger/resources/app.asar/dist-electron/preload.js');
    const o = main.createWindowOptions(preload);
    expect(o.webPreferences).toEqual(policy.webPreferences(preload));
    expect(o.webPreferences.contextIsolation).toBe(true);
    expect(o.webPreferences.sandbox).toBe(true);
    expect(o.webPreferences.nodeIntegration).toBe(false);
    expect(o.webPreferences.webviewTag).toBe(false);
    expect(o.webPreferences.preload).toBe(preload);
    expect(o.title).toBe('乡镇帮扶台账');
    expect(o.show).toBe(false);
    expect(o.webPreferences.devTools).toBeUndefined(); // from the source tree: tools allowed
  });
  it('turns developer tools off in a packaged app', () => {
    const preload = path.resolve('/opt/ledger/resources/app.asar/dist-electron/preload.js');
    const o = main.createWindowOptions(preload, { packaged: true });
    expect(o.webPreferences.devTools).toBe(false);
    expect(o.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload });
  });
});

describe('start (fake Electron)', () => {
  it('does the pre-ready work before ready and nothing else', async () => {
    const { fake, beforeReady, appData } = await boot();
    expect(beforeReady).toEqual(['setPath:userData', 'setPath:sessionData', 'lock', 'registerSchemesAsPrivileged', 'enableSandbox']);
    expect(fake.rec.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    expect(fake.rec.sandboxEnabled).toBe(true);
    expect(fake.rec.switches).toContainEqual(['lang', 'zh-CN']);
    // Same folder as the browser mode and the CLI (electron/backend/datadir.ts).
    expect(fake.rec.paths.userData).toBe(path.join(appData, 'township-ledger'));
    expect(fake.rec.paths.sessionData).toBe(path.join(appData, 'township-ledger', 'electron-session'));
  });

  it('keeps a --user-data-dir chosen on the command line', async () => {
    const { fake } = await boot({ switches: ['user-data-dir'] });
    expect(fake.rec.order).not.toContain('setPath:userData');
  });

  it('quits at once when another instance holds the lock', async () => {
    const { fake } = await boot({ lock: false });
    expect(fake.rec.quit).toBe(1);
    expect(fake.rec.privileged).toEqual([]);
    expect(fake.rec.windows).toEqual([]);
    expect(fake.rec.ipc.size).toBe(0);
  });

  it('opens one window on app://ledger with the policy options, title fixed', async () => {
    const { fake, appRoot } = await boot();
    expect(fake.rec.windows).toHaveLength(1);
    const w = fake.rec.windows[0];
    expect(w.options).toEqual(main.createWindowOptions(path.join(appRoot, 'dist-electron', 'preload.js')));
    expect(w.options.webPreferences.devTools).toBeUndefined();
    expect(w.loaded).toEqual(['app://ledger/index.html']);
    const t = fakeEvent();
    w.emit('page-title-updated', t, 'other');
    expect(t.prevented).toBe(true);
    w.emit('ready-to-show');
    expect(w.shown).toBe(true);
  });

  it('a packaged app opens its window without developer tools', async () => {
    const { fake } = await boot({ isPackaged: true });
    expect(fake.rec.windows[0].options.webPreferences.devTools).toBe(false);
  });

  it('denies every permission request and check', async () => {
    const { fake } = await boot();
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read']) fake.rec.permissionRequest!(null, p, (g) => answers.push(g));
    expect(answers).toEqual([false, false, false, false]);
    expect(fake.rec.permissionCheck!(null, 'clipboard-read')).toBe(false);
    expect(fake.rec.deviceCheck!({})).toBe(false);
  });

  it('cancels every request that would leave the app', async () => {
    const { fake } = await boot();
    expect(fake.rec.beforeRequestFilter).toEqual({ urls: ['<all_urls>'] });
    const cancel = (url: string) => { let r: { cancel?: boolean } = {}; fake.rec.beforeRequest!({ url }, (x) => { r = x; }); return r.cancel; };
    expect(cancel('https://fonts.googleapis.com/css')).toBe(true);
    expect(cancel('http://127.0.0.1:5178/')).toBe(true);
    expect(cancel('file:///etc/passwd')).toBe(true);
    expect(cancel('app://ledger/assets/app.js')).toBe(false);
    // Not packaged: devtools may load.
    expect(cancel('devtools://devtools/bundled/inspector.html')).toBe(false);
  });

  it('packaged: devtools requests are cancelled and no devtools menu', async () => {
    const { fake } = await boot({ isPackaged: true });
    let r: { cancel?: boolean } = {};
    fake.rec.beforeRequest!({ url: 'devtools://devtools/bundled/inspector.html' }, (x) => { r = x; });
    expect(r.cancel).toBe(true);
    expect(JSON.stringify(fake.rec.menu)).not.toContain('toggleDevTools');
  });

  it('serves the built UI on app:// with the CSP, and nothing outside it', async () => {
    const { fake } = await boot();
    const handle = fake.rec.protocolHandlers.get('app')!;
    const ok = await handle(new Request('app://ledger/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(policy.CSP);
    expect(ok.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await ok.text()).toContain('乡镇帮扶台账');
    const js = await handle(new Request('app://ledger/assets/app.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const route = await handle(new Request('app://ledger/persons'));
    expect(await route.text()).toContain('<title>');
    for (const bad of ['app://ledger/%2e%2e/%2e%2e/secret.txt', 'app://ledger/..%2fsecret.txt', 'app://ledger/assets/missing.js', 'app://other/index.html']) {
      const r = await handle(new Request(bad));
      expect(r.status, bad).toBe(404);
      expect(r.headers.get('content-security-policy')).toBe(policy.CSP);
    }
  });

  it('answers IPC from our UI through the backend, on the --data directory', async () => {
    const data = tmp('ledger-data-');
    const { fake, shell } = await boot({ argv: ['electron', '.', '--data', data] });
    expect(shell.dataDir).toBe(data);
    const api = fake.rec.ipc.get('api')!;
    expect([...fake.rec.ipc.keys()]).toEqual(['api']);
    const env = (await api(trusted, 'app.info', {})) as { ok: boolean; data: { mode: string; dataDir: string } };
    expect(env.ok).toBe(true);
    expect(env.data.mode).toBe('electron');
    expect(env.data.dataDir).toBe(data);
    expect(fs.existsSync(path.join(data, 'ledger.sqlite'))).toBe(true);
    const unknown = (await api(trusted, 'no.such.channel', {})) as { ok: boolean; error: { code: string } };
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('refuses IPC from any other sender, and malformed channels', async () => {
    const { fake } = await boot({ env: { LEDGER_DATA_DIR: tmp('ledger-data-') } });
    const api = fake.rec.ipc.get('api')!;
    for (const ev of [{ senderFrame: null }, { senderFrame: { url: 'https://evil.example/' } }, { senderFrame: { url: 'file:///C:/x.html' } }, { senderFrame: { url: 'about:blank' } }]) {
      await expect(Promise.resolve(api(ev, 'app.info', {}))).rejects.toThrow('拒绝');
    }
    for (const ch of [undefined, 42, '', 'x'.repeat(101)]) {
      await expect(Promise.resolve(api(trusted, ch, {}))).rejects.toThrow('无效的请求通道');
    }
  });

  it('defaults the ledger to the userData folder', async () => {
    const { shell, fake } = await boot({ env: {} });
    expect(shell.dataDir).toBe(fake.rec.paths.userData);
  });

  it('LEDGER_DATA_DIR is honoured, --data beats it', () => {
    expect(main.ledgerDataDir(['x'], { LEDGER_DATA_DIR: '/a' }, '/u')).toBe(path.resolve('/a'));
    expect(main.ledgerDataDir(['x', '--data', '/b'], { LEDGER_DATA_DIR: '/a' }, '/u')).toBe(path.resolve('/b'));
    expect(main.ledgerDataDir(['x', '--data=/c'], {}, '/u')).toBe(path.resolve('/c'));
    expect(main.ledgerDataDir(['x'], {}, '/u')).toBe(path.resolve('/u'));
  });

  it('shows a Chinese error and exits when the data cannot be opened', async () => {
    const { fake } = await boot({ openBackend: () => { throw new Error('数据文件的版本（9）比本程序（1）新'); } });
    expect(fake.rec.errorBoxes[0][0]).toBe('无法打开台账数据');
    expect(fake.rec.errorBoxes[0][1]).toContain('比本程序');
    expect(fake.rec.exitCodes).toEqual([1]);
    expect(fake.rec.windows).toEqual([]);
  });

  it('applies the navigation policy to every webContents', async () => {
    const { fake } = await boot();
    const wc = new FakeWebContents();
    fake.rec.appEvents.emit('web-contents-created', fakeEvent(), wc);
    expect(wc.navigate('will-navigate', 'app://ledger/persons')).toBe(false);
    expect(wc.navigate('will-navigate', 'https://www.gov.cn/')).toBe(true);
    expect(wc.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.navigate('will-redirect', 'http://evil.example/')).toBe(true);
    expect(wc.navigate('will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.navigate('will-frame-navigate', 'https://evil.example/', false)).toBe(true);
    expect(wc.navigate('will-frame-navigate', 'about:srcdoc', false)).toBe(false);
    expect(wc.navigate('will-frame-navigate', 'about:srcdoc', true)).toBe(true);
    const webview = fakeEvent();
    wc.emit('will-attach-webview', webview, {}, {});
    expect(webview.prevented).toBe(true);
    expect(wc.windowOpenHandler!({ url: 'https://www.gov.cn/zhengce' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'http://www.gov.cn/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'file:///C:/Windows/System32/calc.exe' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'app://ledger/index.html' })).toEqual({ action: 'deny' });
    // Only the https links (the will-navigate one and the window.open one) reached the system browser.
    expect(fake.rec.opened).toEqual(['https://www.gov.cn/', 'https://www.gov.cn/zhengce']);
  });

  it('sets a minimal Chinese menu', async () => {
    const { fake } = await boot();
    expect(fake.rec.menu!.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    expect(JSON.stringify(fake.rec.menu)).toContain('"role":"copy"');
    expect(JSON.stringify(fake.rec.menu)).toContain('toggleDevTools');
  });

  it('refuses to start without the UI files', async () => {
    const appRoot = tmp('ledger-empty-');
    const fake = createFakeElectron({ appPath: appRoot, appData: tmp('ledger-appdata-') });
    const shell = main.start(fake, { argv: ['electron', '.'], env: {}, log: () => {} });
    fake.makeReady();
    await shell.ready;
    expect(fake.rec.errorBoxes[0][0]).toBe('程序文件不完整');
    expect(fake.rec.exitCodes).toEqual([1]);
    expect(fake.rec.ipc.size).toBe(0);
  });
});

describe('serveApp', () => {
  it('answers HEAD without a body and refuses other methods', async () => {
    const root = path.join(fakeAppRoot(), 'dist', 'renderer');
    const head = await main.serveApp({ url: 'app://ledger/index.html', method: 'HEAD' }, root);
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await main.serveApp({ url: 'app://ledger/index.html', method: 'POST' }, root)).status).toBe(405);
  });
});

describe('nativeBindingFor', () => {
  it('uses LEDGER_NATIVE_BINDING only from the source tree, and only an existing absolute file', () => {
    const f = path.join(tmp('ledger-native-'), 'better_sqlite3.node');
    fs.writeFileSync(f, '');
    expect(main.nativeBindingFor({ LEDGER_NATIVE_BINDING: f }, false)).toBe(f);
    expect(main.nativeBindingFor({ LEDGER_NATIVE_BINDING: f }, true)).toBeUndefined();
    expect(main.nativeBindingFor({ LEDGER_NATIVE_BINDING: 'rel/x.node' }, false)).toBeUndefined();
    expect(main.nativeBindingFor({ LEDGER_NATIVE_BINDING: f + '.missing' }, false)).toBeUndefined();
    expect(main.nativeBindingFor({}, false)).toBeUndefined();
  });
});

describe('esbuild bundles (what Electron runs)', () => {
  // Inside the project so that require('better-sqlite3') resolves as it does from dist-electron/.
  const outdir = path.join(ROOT, 'node_modules', '.cache', `ledger-electron-test-${process.pid}`);
  let built: { main: string; preload: string };
  beforeAll(async () => {
    // A plain .mjs script: imported through a variable so the type checker does not want typings.
    const script = '../../scripts/build-electron.mjs';
    const { buildElectron } = await import(script);
    built = await buildElectron({ outdir, sourcemap: false, logLevel: 'error' });
  }, 120_000);
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('main.js requires nothing but electron, better-sqlite3 and Node built-ins', () => {
    const code = fs.readFileSync(built.main, 'utf8');
    expect(code.startsWith('"use strict";')).toBe(true);
    const required = new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const extra = [...required].filter((m) => !builtins.has(m) && m !== 'electron' && m !== 'better-sqlite3');
    expect(extra).toEqual([]);
    expect(required.has('electron')).toBe(true);
    const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(JSON.parse(fs.readFileSync(path.join(outdir, 'package.json'), 'utf8'))).toEqual({ name: rootPkg.name, version: rootPkg.version, private: true, type: 'commonjs' });
  });

  it('main.js loads as CommonJS outside Electron without side effects, and its start() works', async () => {
    const bundle = createRequire(import.meta.url)(built.main) as typeof main;
    expect(typeof bundle.start).toBe('function');
    expect(bundle.createWindowOptions('/x/preload.js').webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    const data = tmp('ledger-bundle-data-');
    const { fake } = await boot({ start: bundle.start, argv: ['electron', '.', `--data=${data}`] });
    const env = (await fake.rec.ipc.get('api')!(trusted, 'app.info', {})) as { ok: boolean; data: { mode: string; version: string } };
    expect(env).toMatchObject({ ok: true, data: { mode: 'electron' } });
    expect(env.data.version).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('preload.js exposes exactly api.invoke, forwarding to the one IPC channel', async () => {
    const code = fs.readFileSync(built.preload, 'utf8');
    const exposed: Record<string, unknown> = {};
    const sent: unknown[][] = [];
    const fakeRequire = (name: string) => {
      if (name !== 'electron') throw new Error(`preload may not require ${name}`);
      return {
        contextBridge: { exposeInMainWorld: (key: string, value: unknown) => { exposed[key] = value; } },
        ipcRenderer: { invoke: async (...args: unknown[]) => { sent.push(args); return { ok: true, data: 1 }; } },
      };
    };
    new Function('require', 'module', 'exports', code)(fakeRequire, { exports: {} }, {});
    expect(Object.keys(exposed)).toEqual(['api']);
    const api = exposed.api as { invoke: (c: string, p: unknown) => Promise<unknown> };
    expect(Object.keys(api)).toEqual(['invoke']);
    await expect(api.invoke('persons.query', { page: 1 })).resolves.toEqual({ ok: true, data: 1 });
    expect(sent).toEqual([['api', 'persons.query', { page: 1 }]]);
  });
});
