/**
 * Electron main process: thin. One window showing the built UI from app://ledger/, one IPC
 * handler ('api') that forwards to the same backend the browser mode and the CLI use. Every
 * security decision lives in ./policy (pure, unit-tested); this file only wires it to Electron.
 *
 * No network: no update checks, no telemetry, no crash upload, no remote content; the session
 * cancels every request that is not app://ledger/, data: or blob:.
 *
 * Written against ./electron-shim (the electron package may be absent where this is type-checked
 * and tested); the real module is required only when running inside Electron.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Backend } from './backend/index';
import { openBackend } from './backend/index';
import { APP_DIR_NAME, resolveDataDir } from './backend/datadir';
import type { BrowserWindow, BrowserWindowOptions, ElectronMain, IpcMainInvokeEvent, MenuItemOptions, WebContents } from './electron-shim';
import * as policy from './policy';
import { printHtmlToPdf } from './printPdf';

export const APP_TITLE = '乡镇帮扶台账';
/** Same as appId in build/electron-builder.yml (Windows taskbar grouping and shortcuts). */
export const APP_ID = 'cn.townshipledger.app';
/** The only IPC channel; the backend channel name travels as its first argument. */
export const IPC_CHANNEL = 'api';
/** Set by scripts/start.mjs: better-sqlite3 rebuilt for Electron's ABI in .electron-native/. */
export const NATIVE_BINDING_ENV = 'LEDGER_NATIVE_BINDING';

/**
 * The BrowserWindow options; webPreferences come from policy and nowhere else. A packaged app
 * has no developer tools at all (a clerk's keyboard shortcut must not open a console on the ledger).
 */
export function createWindowOptions(preloadPath: string, opts: { packaged?: boolean } = {}): BrowserWindowOptions {
  return {
    title: APP_TITLE,
    width: 1366,
    height: 820,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: false,
    webPreferences: { ...policy.webPreferences(preloadPath), ...(opts.packaged ? { devTools: false } : {}) },
  };
}

/** Where the shell finds the built UI and the preload, relative to app.getAppPath(). */
export function shellPaths(appRoot: string): { staticDir: string; preloadPath: string } {
  return {
    staticDir: path.join(appRoot, 'dist', 'renderer'),
    preloadPath: path.join(appRoot, 'dist-electron', 'preload.js'),
  };
}

/** `--data DIR` beats LEDGER_DATA_DIR beats Electron's userData directory. */
export function ledgerDataDir(argv: string[], env: NodeJS.ProcessEnv, userData: string): string {
  return resolveDataDir(argv, { ...env, LEDGER_DATA_DIR: env.LEDGER_DATA_DIR || userData });
}

/**
 * The better-sqlite3 binding built for Electron by scripts/start.mjs. Only honoured when running
 * from the source tree: a packaged app loads the one electron-builder rebuilt, and never a native
 * file named by an environment variable.
 */
export function nativeBindingFor(env: NodeJS.ProcessEnv, isPackaged: boolean): string | undefined {
  if (isPackaged) return undefined;
  const p = env[NATIVE_BINDING_ENV];
  return p && path.isAbsolute(p) && fs.existsSync(p) ? p : undefined;
}

/** A minimal Chinese menu: the edit roles (copy/paste shortcuts), zoom for small screens, about. */
export function menuTemplate(opts: { isDev: boolean; onAbout: () => void }): MenuItemOptions[] {
  return [
    { label: '文件', submenu: [{ label: '退出', role: 'quit' }] },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { label: '实际大小', role: 'resetZoom' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
        ...(opts.isDev
          ? [{ type: 'separator' } as MenuItemOptions, { label: '重新加载', role: 'reload' }, { label: '开发者工具', role: 'toggleDevTools' }]
          : []),
      ],
    },
    { label: '帮助', submenu: [{ label: `关于${APP_TITLE}`, click: opts.onAbout }] },
  ];
}

/** Serves one app:// request from the built UI, with the CSP header; anything else is 404. */
export async function serveApp(request: { url: string; method?: string }, staticDir: string): Promise<Response> {
  const plain = (status: number, text: string) =>
    new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': policy.CSP, 'x-content-type-options': 'nosniff' } });
  const method = (request.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return plain(405, '不支持的请求');
  const file = policy.resolveAppUrlToFile(request.url, staticDir);
  if (!file) return plain(404, '未找到');
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = new Uint8Array(await fs.promises.readFile(file));
  } catch {
    return plain(404, '未找到');
  }
  return new Response(method === 'HEAD' ? null : body, { status: 200, headers: policy.appResponseHeaders(file) });
}

/** Applies the navigation, webview and window.open policy to a webContents. */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => void): void {
  const onNavigate = (event: { preventDefault(): void; url?: string }, url?: string) => {
    const target = event.url ?? url ?? '';
    if (policy.isAllowedNavigation(target)) return;
    event.preventDefault();
    const d = policy.windowOpenDecision(target);
    if (d.openExternal) openExternal(d.openExternal);
  };
  contents.on('will-navigate', onNavigate);
  contents.on('will-frame-navigate', (event, url) => {
    if (!policy.isAllowedFrameNavigation(event.url ?? url ?? '', event.isMainFrame ?? true)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!policy.isAllowedNavigation(event.url ?? url ?? '')) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const d = policy.windowOpenDecision(url);
    if (d.openExternal) openExternal(d.openExternal);
    return { action: d.action };
  });
}

/** The one IPC handler: refuses senders that are not our UI, then hands over to the backend. */
export function createIpcHandler(getBackend: () => Backend | null) {
  return async (event: IpcMainInvokeEvent, channel: unknown, params: unknown) => {
    if (!policy.isTrustedSender(event.senderFrame?.url)) {
      throw new Error('拒绝：请求不是来自本程序的界面。');
    }
    if (typeof channel !== 'string' || channel.length === 0 || channel.length > 100) {
      throw new Error('无效的请求通道。');
    }
    const backend = getBackend();
    if (!backend) throw new Error('台账数据尚未打开。');
    return backend.invoke(channel, params ?? {});
  };
}

export interface StartOptions {
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** Defaults to app.getAppPath(). */
  appRoot?: string;
  staticDir?: string;
  preloadPath?: string;
  /** For tests. */
  openBackend?: typeof openBackend;
  log?: (line: string) => void;
}

export interface Shell {
  /** Resolves when the window has been created (or start gave up). */
  ready: Promise<void>;
  window(): BrowserWindow | null;
  backend(): Backend | null;
  dataDir: string | null;
}

/** Wires the app; everything before `whenReady` must run synchronously at startup. */
export function start(electron: ElectronMain, opts: StartOptions): Shell {
  const { app, protocol, dialog } = electron;
  const log = opts.log ?? ((line: string) => console.log(line));
  let win: BrowserWindow | null = null;
  let backend: Backend | null = null;
  const shell: Shell = { ready: Promise.resolve(), window: () => win, backend: () => backend, dataDir: null };

  // Profile next to the browser-mode/CLI data (…/township-ledger) unless a test or the user
  // chose --user-data-dir; Chromium's own files go into a subfolder so the data folder stays
  // readable for the clerk. Must precede the single-instance lock, which lives in userData.
  if (!app.commandLine.hasSwitch('user-data-dir')) {
    app.setPath('userData', path.join(app.getPath('appData'), APP_DIR_NAME));
  }
  app.setPath('sessionData', path.join(app.getPath('userData'), 'electron-session'));

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return shell;
  }

  protocol.registerSchemesAsPrivileged([
    { scheme: policy.APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
  app.enableSandbox();
  app.commandLine.appendSwitch('lang', 'zh-CN');
  if (process.platform === 'win32') app.setAppUserModelId?.(APP_ID);

  const appRoot = opts.appRoot ?? app.getAppPath();
  const paths = shellPaths(appRoot);
  const staticDir = opts.staticDir ?? paths.staticDir;
  const preloadPath = opts.preloadPath ?? paths.preloadPath;
  const dataDir = ledgerDataDir(opts.argv, opts.env, app.getPath('userData'));
  shell.dataDir = dataDir;
  const isDev = !app.isPackaged;

  const openExternal = (url: string) => {
    electron.shell.openExternal(url).catch(() => { /* no browser: nothing to do */ });
  };

  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    try { backend?.close(); } catch { /* already closed */ }
    backend = null;
  });

  const fail = (title: string, message: string) => {
    log(`${title}：${message}`);
    dialog.showErrorBox(title, message);
    app.exit(1);
  };

  shell.ready = app.whenReady().then(() => {
    const ses = electron.session.defaultSession;
    ses.setPermissionRequestHandler((_wc, permission, callback) => callback(policy.permissionDecision(permission)));
    ses.setPermissionCheckHandler((_wc, permission) => policy.permissionDecision(permission));
    ses.setDevicePermissionHandler?.(() => false);
    ses.webRequest.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) => {
      callback({ cancel: !policy.isAllowedRequest(details.url, { devtools: isDev }) });
    });
    protocol.handle(policy.APP_SCHEME, (request) => serveApp(request, staticDir));

    if (!fs.existsSync(preloadPath) || !fs.existsSync(path.join(staticDir, 'index.html'))) {
      return fail('程序文件不完整', `缺少界面文件，请重新安装。\n${preloadPath}\n${staticDir}`);
    }
    try {
      backend = (opts.openBackend ?? openBackend)({
        dataDir, mode: 'electron', nativeBinding: nativeBindingFor(opts.env, app.isPackaged),
        // 导出PDF ('print.pdf') renders with Electron itself, not a browser looked for on the computer.
        htmlToPdf: async (html, o) => ({ pdf: await printHtmlToPdf({ BrowserWindow: electron.BrowserWindow, session: electron.session }, html, o), browser: 'Electron' }),
      });
    } catch (e) {
      return fail('无法打开台账数据', `${e instanceof Error ? e.message : String(e)}\n数据目录：${dataDir}`);
    }
    const handler = createIpcHandler(() => backend);
    electron.ipcMain.handle(IPC_CHANNEL, (event, channel, params) => handler(event, channel, params));

    const onAbout = () => {
      void dialog.showMessageBox({
        type: 'info', title: '关于', message: APP_TITLE, buttons: ['确定'],
        detail: `版本 ${app.getVersion()}\n数据目录：${dataDir}\n本程序离线运行，不连接网络。`,
      });
    };
    electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(menuTemplate({ isDev, onAbout })));

    win = new electron.BrowserWindow(createWindowOptions(preloadPath, { packaged: app.isPackaged }));
    const w = win;
    w.on('page-title-updated', (event) => event.preventDefault());
    w.once('ready-to-show', () => w.show());
    w.on('closed', () => { win = null; });
    w.webContents.on('render-process-gone', (_event, details) => log(`界面进程异常退出：${details.reason}`));
    log(`${APP_TITLE}已启动，数据目录：${dataDir}`);
    return w.loadURL(policy.APP_START_URL)
      .catch((e: unknown) => log(`界面加载失败：${e instanceof Error ? e.message : String(e)}`))
      // Never leave a hidden window behind if ready-to-show did not come.
      .finally(() => { if (!w.isDestroyed()) w.show(); });
  });
  return shell;
}

// Inside Electron's main process only; importing this file elsewhere (tests) has no side effects.
if (process.versions.electron && (process as { type?: string }).type === 'browser') {
  start(require('electron') as ElectronMain, { argv: process.argv, env: process.env });
}
