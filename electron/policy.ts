/**
 * The Electron shell's security decisions, as pure functions with no electron import, so each
 * one is unit-tested (test/unit/policy.test.ts) and main.ts only wires them to Electron events.
 *
 * The UI is served from app://ledger/ (a privileged, standard, secure custom scheme) instead of
 * file://; nothing else may be loaded, navigated to, opened or asked for.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'ledger';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * CSP sent with every app:// response. Same policy as the browser-mode server (electron/web.ts,
 * kept equal by a unit test): only the app's own origin, no remote origins, no eval, no plugins,
 * no framing, no form posts.
 */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export interface LedgerWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  preload: string;
}

/**
 * The hardening every window gets, with or without a preload (the hidden print window of
 * ./printPdf has none): isolated, sandboxed, no Node in the page.
 */
export function hardenedWebPreferences(): Omit<LedgerWebPreferences, 'preload'> {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    // The spellchecker would download dictionaries: no network, ever.
    spellcheck: false,
    // Dropping a file on the window must not navigate to file://.
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}

/** webPreferences for the app's window: the hardening plus our preload (which exposes only api.invoke). */
export function webPreferences(preloadPath: string): LedgerWebPreferences {
  if (!preloadPath || !path.isAbsolute(preloadPath)) throw new Error('preload 必须是绝对路径');
  return { ...hardenedWebPreferences(), preload: preloadPath };
}

function parse(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return null;
  // Control characters and whitespace have no business in a URL we act on.
  if (/[\u0000-\u0020\u007f]/.test(url)) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for app://ledger/... (no port, no credentials). */
function isAppUrl(u: URL | null): boolean {
  return !!u && u.protocol === `${APP_SCHEME}:` && u.hostname === APP_HOST && u.port === '' && u.username === '' && u.password === '';
}

/** Navigation (will-navigate, will-redirect, will-frame-navigate) is allowed only inside app://ledger/. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(parse(url));
}

/**
 * Frame navigation (will-frame-navigate): the main frame stays inside app://ledger/; a sub-frame
 * may also be a blank or srcdoc document or one of our own blob: URLs (what an in-page print
 * preview uses), never a remote or file: page.
 */
export function isAllowedFrameNavigation(url: string, isMainFrame: boolean): boolean {
  if (isAllowedNavigation(url)) return true;
  if (isMainFrame) return false;
  if (url === 'about:blank' || url === 'about:srcdoc') return true;
  const u = parse(url);
  return !!u && u.protocol === 'blob:' && isAppUrl(parse(u.pathname));
}

/** IPC is answered only for frames showing our own UI (event.senderFrame.url). */
export function isTrustedSender(frameUrl: string | null | undefined): boolean {
  return isAppUrl(parse(frameUrl));
}

/** Every permission (camera, geolocation, notifications, clipboard-read, HID, …) is denied. */
export function permissionDecision(_permission: string): false {
  return false;
}

/**
 * External links: https only, to a real host name, with no credentials. Refuses file:,
 * javascript:, data:, blob:, custom schemes (which would start other programs), plain http and
 * anything unparsable.
 */
export function isSafeExternalUrl(url: string): boolean {
  const u = parse(url);
  if (!u || u.protocol !== 'https:') return false;
  if (u.username !== '' || u.password !== '') return false;
  if (!u.hostname || u.hostname === 'localhost' || u.hostname.endsWith('.localhost')) return false;
  // A host must look like a domain name or an address, not an encoded trick.
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/i.test(u.hostname)) return false;
  return true;
}

export interface WindowOpenDecision {
  /** What setWindowOpenHandler must return: never a new Electron window. */
  action: 'deny';
  /** The checked https URL to hand to shell.openExternal, or null to do nothing. */
  openExternal: string | null;
}

/** window.open and target=_blank: no new windows; safe https links go to the system browser. */
export function windowOpenDecision(url: string): WindowOpenDecision {
  return { action: 'deny', openExternal: isSafeExternalUrl(url) ? new URL(url).href : null };
}

/**
 * Requests the session may make (webRequest.onBeforeRequest): the app's own origin and in-memory
 * data (blob:, data:) only; devtools only when not packaged. Defence in depth behind the CSP:
 * nothing reaches the network.
 */
export function isAllowedRequest(url: string, opts: { devtools?: boolean } = {}): boolean {
  const u = parse(url);
  if (!u) return false;
  if (isAppUrl(u)) return true;
  if (u.protocol === 'data:') return true;
  if (u.protocol === 'blob:') return isAppUrl(parse(u.pathname));
  if (opts.devtools && (u.protocol === 'devtools:' || u.protocol === 'chrome-devtools:')) return true;
  return false;
}

/**
 * Maps an app://ledger/... URL to a file under rootDir (the built UI), or null when the URL is
 * not ours or tries to leave rootDir: `..` (also encoded as %2e%2e or %2f), backslashes, NUL,
 * drive letters, absolute or UNC paths. Paths without an extension are the single-page app's
 * routes and get index.html.
 */
export function resolveAppUrlToFile(url: string, rootDir: string): string | null {
  const u = parse(url);
  if (!isAppUrl(u)) return null;
  // The URL parser would quietly resolve `..` and `%2e%2e`; a request that carries them at all
  // is not one our UI makes, so it is refused rather than normalised.
  const rawPath = url.replace(/^[a-z]+:\/\/[^/]*/i, '').split(/[?#]/, 1)[0];
  if (/\.\.|%2e|\\/i.test(rawPath)) return null;
  const raw = u!.pathname;
  // Refuse encoded separators/dots and backslashes before decoding, so no decoding order matters.
  if (/%2f|%5c|%2e|%00|\\/i.test(raw)) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\') || rel.includes('%')) return null;
  if (!rel.startsWith('/')) return null;
  rel = rel.slice(1);
  if (rel === '') rel = 'index.html';
  const segments = rel.split('/');
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..') return null; // also refuses '//etc/passwd'
    if (s.includes(':')) return null; // C:, \\?\, streams
  }
  if (path.posix.isAbsolute(rel) || path.win32.isAbsolute(rel)) return null;
  if (!path.posix.extname(rel)) rel = 'index.html';
  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...rel.split('/'));
  if (!file.startsWith(root + path.sep)) return null;
  return file;
}

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Headers for an app:// response: content type, the CSP, and no sniffing or caching surprises. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
    'cross-origin-opener-policy': 'same-origin',
  };
}
