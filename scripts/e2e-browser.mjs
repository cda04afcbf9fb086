// Which Debian Chromium the browser tests drive. The old headless shell (apt: chromium-headless-shell)
// renders with the same Blink but without the full browser around it: the e2e suite takes about a third
// less CPU with it. The full chromium package is the fallback, and LEDGER_E2E_BROWSER names any other.
import fs from 'node:fs';

export const E2E_BROWSERS = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];

/** The browser binary for Playwright, or null when none is installed. */
export function e2eBrowser(env = process.env, exists = fs.existsSync) {
  if (env.LEDGER_E2E_BROWSER) return exists(env.LEDGER_E2E_BROWSER) ? env.LEDGER_E2E_BROWSER : null;
  return E2E_BROWSERS.find((p) => exists(p)) ?? null;
}
