import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as policy from '../../electron/policy';
import { CSP as WEB_CSP } from '../../electron/web';

const ROOT = path.resolve('/srv/ledger/dist/renderer');

describe('webPreferences', () => {
  it('isolates and sandboxes the page, with the preload set', () => {
    const preload = path.resolve('/app/dist-electron/preload.js');
    const p = policy.webPreferences(preload);
    expect(p).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      preload,
    });
  });
  it('refuses a relative or empty preload path', () => {
    expect(() => policy.webPreferences('preload.js')).toThrow();
    expect(() => policy.webPreferences('')).toThrow();
  });
});

describe('isAllowedNavigation', () => {
  it.each([
    'app://ledger/',
    'app://ledger/index.html',
    'app://ledger/persons?page=2#top',
  ])('allows %s', (url) => expect(policy.isAllowedNavigation(url)).toBe(true));

  it.each([
    'https://example.com/',
    'http://127.0.0.1:5178/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://ledger.evil.com/',
    'app://ledger:8080/',
    'app://user:pw@ledger/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'chrome://settings',
    'app://ledger/\nindex.html',
    '',
    'not a url',
  ])('refuses %s', (url) => expect(policy.isAllowedNavigation(url)).toBe(false));
});

describe('isAllowedFrameNavigation', () => {
  it('keeps the main frame inside the app', () => {
    expect(policy.isAllowedFrameNavigation('app://ledger/persons', true)).toBe(true);
    for (const url of ['about:blank', 'about:srcdoc', 'blob:app://ledger/1', 'https://example.com/']) {
      expect(policy.isAllowedFrameNavigation(url, true)).toBe(false);
    }
  });
  it('lets sub-frames hold blank, srcdoc and our own blob: documents only', () => {
    for (const url of ['app://ledger/print.html', 'about:blank', 'about:srcdoc', 'blob:app://ledger/6f1c']) {
      expect(policy.isAllowedFrameNavigation(url, false)).toBe(true);
    }
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'blob:https://evil.example/1', 'javascript:alert(1)', 'data:text/html,x', 'about:config']) {
      expect(policy.isAllowedFrameNavigation(url, false)).toBe(false);
    }
  });
});

describe('isTrustedSender', () => {
  it('trusts frames on app://ledger only', () => {
    expect(policy.isTrustedSender('app://ledger/index.html')).toBe(true);
    expect(policy.isTrustedSender('app://ledger/persons')).toBe(true);
  });
  it.each([
    [null], [undefined], [''], ['about:blank'], ['https://ledger/'], ['http://127.0.0.1/'], ['file:///C:/app/index.html'],
    ['app://other/'], ['app://ledger@evil/'], ['devtools://devtools/bundled/inspector.html'],
  ])('refuses %s', (url) => expect(policy.isTrustedSender(url)).toBe(false));
});

describe('permissionDecision', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb', 'unknown-new-thing'])(
    'denies %s', (p) => expect(policy.permissionDecision(p)).toBe(false),
  );
});

describe('isSafeExternalUrl', () => {
  it.each(['https://www.gov.cn/', 'https://example.com/a?b=1#c', 'https://例子.中国/', 'https://10.0.0.1/x'])(
    'allows %s', (url) => expect(policy.isSafeExternalUrl(url)).toBe(true),
  );
  it.each([
    'http://www.gov.cn/',
    'file:///C:/Windows/System32/calc.exe',
    'javascript:alert(1)',
    'data:text/html,hi',
    'blob:app://ledger/123',
    'ms-settings:privacy',
    'smb://server/share',
    'mailto:a@b.cn',
    'vbscript:msgbox',
    'app://ledger/',
    'https://user:pass@example.com/',
    'https://user@example.com/',
    'https://localhost/',
    'https://a.localhost/',
    'https://exa mple.com/',
    'https://example.com/\u0000',
    'https://',
    'https://[::1',
    '',
    'example.com',
  ])('refuses %s', (url) => expect(policy.isSafeExternalUrl(url)).toBe(false));
});

describe('windowOpenDecision', () => {
  it('always denies a new window, and hands safe https links to the system browser', () => {
    expect(policy.windowOpenDecision('https://www.gov.cn/zhengce')).toEqual({ action: 'deny', openExternal: 'https://www.gov.cn/zhengce' });
  });
  it.each(['http://www.gov.cn/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://ledger/index.html', 'about:blank', 'custom-proto://x'])(
    'denies %s without opening anything', (url) => expect(policy.windowOpenDecision(url)).toEqual({ action: 'deny', openExternal: null }),
  );
});

describe('isAllowedRequest', () => {
  it('allows the app, data: and our own blob: URLs', () => {
    expect(policy.isAllowedRequest('app://ledger/assets/index.js')).toBe(true);
    expect(policy.isAllowedRequest('data:image/png;base64,AAAA')).toBe(true);
    expect(policy.isAllowedRequest('blob:app://ledger/0b6d4f3e-1')).toBe(true);
  });
  it('refuses the network and the file system', () => {
    for (const url of ['https://fonts.googleapis.com/css', 'http://127.0.0.1:5178/rpc/x', 'ws://127.0.0.1/', 'file:///etc/passwd', 'blob:https://evil.com/1', 'ftp://x/']) {
      expect(policy.isAllowedRequest(url)).toBe(false);
    }
  });
  it('allows devtools only when asked (development)', () => {
    expect(policy.isAllowedRequest('devtools://devtools/bundled/inspector.html')).toBe(false);
    expect(policy.isAllowedRequest('devtools://devtools/bundled/inspector.html', { devtools: true })).toBe(true);
  });
});

describe('CSP', () => {
  it('is the browser-mode CSP (one policy for both front doors)', () => {
    expect(policy.CSP).toBe(WEB_CSP);
  });
  it('names no remote origin and forbids eval, plugins and framing', () => {
    expect(policy.CSP).not.toMatch(/https?:|ws:|\*|unsafe-eval/);
    expect(policy.CSP).toContain("default-src 'self'");
    expect(policy.CSP).toContain("script-src 'self'");
    expect(policy.CSP).toContain("object-src 'none'");
    expect(policy.CSP).toContain("frame-ancestors 'none'");
    expect(policy.CSP).toContain("base-uri 'none'");
  });
  it('is sent with every app:// response', () => {
    const h = policy.appResponseHeaders(path.join(ROOT, 'index.html'));
    expect(h['content-security-policy']).toBe(policy.CSP);
    expect(h['content-type']).toBe('text/html; charset=utf-8');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(policy.appResponseHeaders('/x/a.js')['content-type']).toBe('text/javascript; charset=utf-8');
    expect(policy.appResponseHeaders('/x/a.WOFF2')['content-type']).toBe('font/woff2');
    expect(policy.appResponseHeaders('/x/a.unknown')['content-type']).toBe('application/octet-stream');
  });
});

describe('resolveAppUrlToFile', () => {
  it.each([
    ['app://ledger/', 'index.html'],
    ['app://ledger/index.html', 'index.html'],
    ['app://ledger/assets/index-CFCdnwpm.js', 'assets/index-CFCdnwpm.js'],
    ['app://ledger/assets/index.js?v=1#x', 'assets/index.js'],
    ['app://ledger/persons', 'index.html'],
    ['app://ledger/import/batches', 'index.html'],
    ['app://ledger/fonts/%E5%AE%8B%E4%BD%93.woff2', 'fonts/宋体.woff2'],
  ])('maps %s inside the root', (url, rel) => {
    expect(policy.resolveAppUrlToFile(url, ROOT)).toBe(path.join(ROOT, ...rel.split('/')));
  });

  it.each([
    'app://ledger/%2e%2e/%2e%2e/etc/passwd',
    'app://ledger/../../etc/passwd',
    'app://ledger/assets/../index.html',
    'app://ledger/.%2e/x.js',
    'app://ledger/%2E%2E%2Fsecret.txt',
    'app://ledger/..%2f..%2fetc%2fpasswd',
    'app://ledger/assets%2f..%2f..%2fsecret.js',
    'app://ledger/%252e%252e/secret.js',
    'app://ledger/..%5c..%5cwindows%5cwin.ini',
    'app://ledger/assets\\..\\..\\secret.js',
    'app://ledger//etc/passwd',
    'app://ledger/C:/Windows/win.ini',
    'app://ledger/C:%5CWindows%5Cwin.ini',
    'app://ledger/%00.html',
    'app://ledger/a%ZZ.js',
    'app://other/index.html',
    'app://ledger:99/index.html',
    'file:///etc/passwd',
    'https://ledger/index.html',
    '',
  ])('refuses %s', (url) => {
    expect(policy.resolveAppUrlToFile(url, ROOT)).toBeNull();
  });

  it('never returns a path outside the root', () => {
    const tricky = ['app://ledger/./a.js', 'app://ledger/a/./b.js', 'app://ledger/.%2e/x.js', 'app://ledger/%2e./x.js', 'app://ledger/x/..'];
    for (const url of tricky) {
      const f = policy.resolveAppUrlToFile(url, ROOT);
      if (f !== null) expect(f.startsWith(ROOT + path.sep)).toBe(true);
    }
  });
});
