/**
 * The small part of Electron's API that main.ts and preload.ts use, typed locally.
 *
 * The electron package is an optionalDependency whose binary cannot be installed everywhere we
 * type-check and test, so the shell is written against these interfaces and gets the real module
 * with require('electron') at run time (esbuild keeps `electron` external). These are plain
 * exported types, not an ambient `declare module 'electron'`, so they never clash with Electron's
 * own typings where the package is installed. Signatures follow Electron 40.
 */

export interface PrivilegedScheme {
  scheme: string;
  privileges: {
    standard?: boolean;
    secure?: boolean;
    bypassCSP?: boolean;
    allowServiceWorkers?: boolean;
    supportFetchAPI?: boolean;
    corsEnabled?: boolean;
    stream?: boolean;
    codeCache?: boolean;
  };
}

export interface ElectronEvent {
  preventDefault(): void;
  /** Present on navigation events (will-navigate, will-redirect, will-frame-navigate) since Electron 25. */
  url?: string;
  /** Present on will-frame-navigate. */
  isMainFrame?: boolean;
}

export interface IpcMainInvokeEvent {
  /** null when the frame has navigated away or been destroyed before the message was handled. */
  senderFrame: { url: string } | null;
}

export interface HandlerDetails {
  url: string;
}

export interface WebContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: ElectronEvent, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: ElectronEvent, ...rest: unknown[]) => void): unknown;
  on(event: 'page-title-updated', listener: (event: ElectronEvent, title: string) => void): unknown;
  on(event: 'render-process-gone', listener: (event: ElectronEvent, details: { reason: string; exitCode: number }) => void): unknown;
  on(event: string, listener: (...args: any[]) => void): unknown;
  setWindowOpenHandler(handler: (details: HandlerDetails) => { action: 'deny' } | { action: 'allow' }): void;
  openDevTools?(): void;
  /** Resolves with the PDF bytes (a Buffer). Used by ./printPdf. */
  printToPDF(options: PrintToPDFOptions): Promise<Uint8Array>;
}

export interface PrintToPDFOptions {
  landscape?: boolean;
  displayHeaderFooter?: boolean;
  printBackground?: boolean;
  scale?: number;
  pageSize?: 'A3' | 'A4' | 'A5' | 'Legal' | 'Letter' | 'Tabloid' | { width: number; height: number };
  margins?: { top?: number; bottom?: number; left?: number; right?: number };
  pageRanges?: string;
  preferCSSPageSize?: boolean;
}

export interface BrowserWindowOptions {
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  title?: string;
  show?: boolean;
  backgroundColor?: string;
  autoHideMenuBar?: boolean;
  icon?: string;
  webPreferences: Record<string, unknown>;
}

export interface BrowserWindow {
  webContents: WebContents;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  on(event: 'page-title-updated', listener: (event: ElectronEvent, title: string) => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  destroy(): void;
}

export interface BrowserWindowConstructor {
  new (options: BrowserWindowOptions): BrowserWindow;
}

export interface Session {
  setPermissionRequestHandler(handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void) | null): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string, requestingOrigin?: string, details?: unknown) => boolean) | null): void;
  setDevicePermissionHandler?(handler: ((details: unknown) => boolean) | null): void;
  webRequest: {
    onBeforeRequest(filter: { urls: string[] }, listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void): void;
  };
}

export interface MenuItemOptions {
  label?: string;
  role?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemOptions[];
}

export interface ElectronMain {
  app: {
    readonly isPackaged: boolean;
    requestSingleInstanceLock(): boolean;
    quit(): void;
    exit(code?: number): void;
    whenReady(): Promise<void>;
    on(event: 'second-instance' | 'window-all-closed' | 'will-quit', listener: (...args: any[]) => void): unknown;
    on(event: 'web-contents-created', listener: (event: ElectronEvent, contents: WebContents) => void): unknown;
    on(event: string, listener: (...args: any[]) => void): unknown;
    getPath(name: 'appData' | 'userData' | 'sessionData' | 'temp' | 'documents'): string;
    setPath(name: 'userData' | 'sessionData', value: string): void;
    getAppPath(): string;
    getVersion(): string;
    enableSandbox(): void;
    setAppUserModelId?(id: string): void;
    commandLine: { appendSwitch(name: string, value?: string): void; hasSwitch(name: string): boolean };
  };
  protocol: {
    registerSchemesAsPrivileged(schemes: PrivilegedScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  };
  BrowserWindow: BrowserWindowConstructor;
  session: { defaultSession: Session; fromPartition(partition: string): Session };
  ipcMain: {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  };
  shell: { openExternal(url: string): Promise<void> };
  Menu: {
    buildFromTemplate(template: MenuItemOptions[]): unknown;
    setApplicationMenu(menu: unknown): void;
  };
  dialog: {
    showErrorBox(title: string, content: string): void;
    showMessageBox(options: { type?: string; title?: string; message: string; detail?: string; buttons?: string[] }): Promise<unknown>;
  };
}

export interface ElectronPreload {
  contextBridge: { exposeInMainWorld(apiKey: string, api: unknown): void };
  ipcRenderer: { invoke(channel: string, ...args: unknown[]): Promise<any> };
}
