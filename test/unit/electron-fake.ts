/**
 * A recording stand-in for the parts of Electron that electron/main.ts uses (see
 * electron/electron-shim.ts), so the shell's wiring is tested without the Electron binary.
 */
import type {
  BrowserWindowOptions, ElectronEvent, ElectronMain, HandlerDetails, IpcMainInvokeEvent, MenuItemOptions, PrintToPDFOptions, PrivilegedScheme, Session,
} from '../../electron/electron-shim';

type Listener = (...args: any[]) => any;

export class FakeEmitter {
  listeners = new Map<string, Listener[]>();
  on(event: string, fn: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  once(event: string, fn: Listener) {
    const wrap = (...a: unknown[]) => { this.listeners.set(event, (this.listeners.get(event) ?? []).filter((f) => f !== wrap)); fn(...a); };
    return this.on(event, wrap);
  }
  emit(event: string, ...args: unknown[]) {
    for (const fn of this.listeners.get(event) ?? []) fn(...args);
  }
}

export function fakeEvent(url?: string): ElectronEvent & { prevented: boolean } {
  const e = { prevented: false, url, preventDefault() { e.prevented = true; } };
  return e;
}

export class FakeWebContents extends FakeEmitter {
  windowOpenHandler: ((d: HandlerDetails) => { action: string }) | null = null;
  setWindowOpenHandler(h: (d: HandlerDetails) => { action: 'deny' } | { action: 'allow' }) { this.windowOpenHandler = h; }
  /** Options of every printToPDF call; `pdf` answers them (a small valid-looking PDF by default). */
  printed: PrintToPDFOptions[] = [];
  pdf: (o: PrintToPDFOptions) => Promise<Uint8Array> = async () => Buffer.from(`%PDF-1.7\n${'%'.repeat(200)}\n%%EOF\n`, 'latin1');
  printToPDF(o: PrintToPDFOptions) { this.printed.push(o); return this.pdf(o); }
  /** Emits a navigation-style event and reports whether it was prevented. */
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', url: string, isMainFrame = true): boolean {
    const e = { ...fakeEvent(url), isMainFrame };
    e.preventDefault = () => { e.prevented = true; };
    this.emit(event, e, url);
    return e.prevented;
  }
}

export class FakeWindow extends FakeEmitter {
  static all: FakeWindow[] = [];
  webContents = new FakeWebContents();
  loaded: string[] = [];
  shown = false;
  destroyed = false;
  constructor(public options: BrowserWindowOptions) { super(); FakeWindow.all.push(this); }
  loadURL(url: string) { this.loaded.push(url); return Promise.resolve(); }
  show() { this.shown = true; }
  focus() {}
  restore() {}
  isMinimized() { return false; }
  isDestroyed() { return this.destroyed; }
  destroy() { this.destroyed = true; }
}

/** A session that records what was set on it. */
export class FakeSession implements Session {
  permissionRequest: Parameters<Session['setPermissionRequestHandler']>[0] = null;
  permissionCheck: Parameters<Session['setPermissionCheckHandler']>[0] = null;
  beforeRequest: ((details: { url: string }, cb: (r: { cancel?: boolean }) => void) => void) | null = null;
  beforeRequestFilter: { urls: string[] } | null = null;
  setPermissionRequestHandler(h: Parameters<Session['setPermissionRequestHandler']>[0]) { this.permissionRequest = h; }
  setPermissionCheckHandler(h: Parameters<Session['setPermissionCheckHandler']>[0]) { this.permissionCheck = h; }
  webRequest = {
    onBeforeRequest: (filter: { urls: string[] }, listener: (details: { url: string }, cb: (r: { cancel?: boolean }) => void) => void) => {
      this.beforeRequestFilter = filter; this.beforeRequest = listener;
    },
  };
  /** Whether the session's request filter lets `url` through. */
  allows(url: string): boolean {
    let cancel: boolean | undefined;
    this.beforeRequest?.({ url }, (r) => { cancel = r.cancel; });
    return cancel === false;
  }
}

export interface FakeElectron extends ElectronMain {
  rec: {
    order: string[];
    privileged: PrivilegedScheme[];
    protocolHandlers: Map<string, (req: Request) => Response | Promise<Response>>;
    ipc: Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>;
    appEvents: FakeEmitter;
    paths: Record<string, string>;
    switches: Array<[string, string | undefined]>;
    sandboxEnabled: boolean;
    quit: number;
    exitCodes: number[];
    errorBoxes: Array<[string, string]>;
    opened: string[];
    menu: MenuItemOptions[] | null;
    permissionRequest: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null;
    permissionCheck: ((wc: unknown, permission: string) => boolean) | null;
    deviceCheck: ((d: unknown) => boolean) | null;
    beforeRequest: ((details: { url: string }, cb: (r: { cancel?: boolean }) => void) => void) | null;
    beforeRequestFilter: { urls: string[] } | null;
    windows: FakeWindow[];
    /** Sessions handed out by session.fromPartition, by partition name. */
    partitions: Map<string, FakeSession>;
  };
  /** Resolves app.whenReady(). */
  makeReady(): void;
}

export function createFakeElectron(opts: { appPath: string; appData: string; lock?: boolean; isPackaged?: boolean; switches?: string[] }): FakeElectron {
  const appEvents = new FakeEmitter();
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => { resolveReady = r; });
  const windows: FakeWindow[] = [];
  const rec: FakeElectron['rec'] = {
    order: [], privileged: [], protocolHandlers: new Map(), ipc: new Map(), appEvents, paths: { appData: opts.appData },
    switches: [], sandboxEnabled: false, quit: 0, exitCodes: [], errorBoxes: [], opened: [], menu: null,
    permissionRequest: null, permissionCheck: null, deviceCheck: null, beforeRequest: null, beforeRequestFilter: null, windows,
    partitions: new Map(),
  };
  class BW extends FakeWindow {
    constructor(o: BrowserWindowOptions) { super(o); rec.order.push('BrowserWindow'); windows.push(this); }
  }
  const fake: FakeElectron = {
    rec,
    makeReady: () => { rec.order.push('ready'); resolveReady(); },
    app: {
      isPackaged: opts.isPackaged ?? false,
      requestSingleInstanceLock: () => { rec.order.push('lock'); return opts.lock ?? true; },
      quit: () => { rec.quit++; },
      exit: (code?: number) => { rec.exitCodes.push(code ?? 0); },
      whenReady: () => ready,
      on: (event: string, fn: Listener) => appEvents.on(event, fn),
      getPath: (name: string) => {
        if (name === 'userData' && !rec.paths.userData) return `${opts.appData}/乡镇帮扶台账`;
        const p = rec.paths[name];
        if (!p) throw new Error(`no path ${name}`);
        return p;
      },
      setPath: (name: string, value: string) => { rec.order.push(`setPath:${name}`); rec.paths[name] = value; },
      getAppPath: () => opts.appPath,
      getVersion: () => '0.1.0',
      enableSandbox: () => { rec.order.push('enableSandbox'); rec.sandboxEnabled = true; },
      commandLine: {
        appendSwitch: (name: string, value?: string) => { rec.switches.push([name, value]); },
        hasSwitch: (name: string) => (opts.switches ?? []).includes(name),
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes) => { rec.order.push('registerSchemesAsPrivileged'); rec.privileged.push(...schemes); },
      handle: (scheme, handler) => { rec.order.push(`protocol.handle:${scheme}`); rec.protocolHandlers.set(scheme, handler); },
    },
    BrowserWindow: BW,
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h) => { rec.permissionRequest = h; },
        setPermissionCheckHandler: (h) => { rec.permissionCheck = h; },
        setDevicePermissionHandler: (h) => { rec.deviceCheck = h; },
        webRequest: { onBeforeRequest: (filter, listener) => { rec.beforeRequestFilter = filter; rec.beforeRequest = listener; } },
      },
      fromPartition: (partition) => {
        if (!rec.partitions.has(partition)) rec.partitions.set(partition, new FakeSession());
        return rec.partitions.get(partition)!;
      },
    },
    ipcMain: { handle: (channel, listener) => { rec.order.push(`ipc:${channel}`); rec.ipc.set(channel, listener); } },
    shell: { openExternal: async (url) => { rec.opened.push(url); } },
    Menu: {
      buildFromTemplate: (t) => t,
      setApplicationMenu: (m) => { rec.menu = m as MenuItemOptions[]; },
    },
    dialog: {
      showErrorBox: (title, content) => { rec.errorBoxes.push([title, content]); },
      showMessageBox: async () => ({}),
    },
  };
  return fake;
}
