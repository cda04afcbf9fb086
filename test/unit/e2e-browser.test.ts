import { describe, expect, it } from 'vitest';
import { E2E_BROWSERS, e2eBrowser } from '../../scripts/e2e-browser.mjs';

describe('the browser the e2e suite drives', () => {
  it('prefers the headless shell, falls back to the full chromium, and says when neither is there', () => {
    expect(e2eBrowser({}, () => true)).toBe('/usr/bin/chromium-headless-shell');
    expect(e2eBrowser({}, (p) => p === '/usr/bin/chromium')).toBe('/usr/bin/chromium');
    expect(e2eBrowser({}, () => false)).toBeNull();
    expect(E2E_BROWSERS.every((p) => p.startsWith('/usr/bin/'))).toBe(true);
  });

  it('takes LEDGER_E2E_BROWSER when it exists, and never silently another browser', () => {
    expect(e2eBrowser({ LEDGER_E2E_BROWSER: '/opt/c/chrome' }, () => true)).toBe('/opt/c/chrome');
    expect(e2eBrowser({ LEDGER_E2E_BROWSER: '/opt/c/chrome' }, (p) => p !== '/opt/c/chrome')).toBeNull();
  });
});
