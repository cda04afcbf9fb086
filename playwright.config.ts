import { defineConfig } from '@playwright/test';
import { E2E_BROWSERS, e2eBrowser } from './scripts/e2e-browser.mjs';

// Debian's Chromium (its headless shell where installed), never a downloaded browser: the offices this
// runs in have no internet either.
const browser = e2eBrowser();
if (!browser) throw new Error(`找不到界面测试用的 Chromium（${process.env.LEDGER_E2E_BROWSER || E2E_BROWSERS.join(' 或 ')}）。请安装：sudo apt-get install -y chromium（可再装 chromium-headless-shell）`);

// The page runs in China's time zone (timezoneId below); so do the server the tests start and the test
// processes, as on a clerk's computer, where the window and the ledger share one clock. Otherwise, on a
// machine kept in UTC, "today" differs between page and ledger from 16:00 to midnight UTC, and a form's
// default date (the page's today) is refused as later than the ledger's today.
process.env.TZ = 'Asia/Shanghai';

/** The longest spec files (about a minute each on two cores). */
const LONG_FILES = ['**/tour.spec.ts', '**/posts.spec.ts', '**/clerk-day.spec.ts', '**/workshops.spec.ts'];

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/global-setup.ts',
  outputDir: 'test-results/e2e',
  // Every spec file has its own server and data dir (fixtures.ts), so two files can run side by side;
  // the tests inside a file build on each other's data and stay in order (fullyParallel: false).
  workers: Number(process.env.LEDGER_E2E_WORKERS) || 2,
  fullyParallel: false,
  // Files are handed to the workers in order (alphabetically within a project): the longest files' project
  // comes first, so the two workers finish close together instead of one running tour.spec alone at the end.
  projects: [
    { name: 'long', testMatch: LONG_FILES },
    { name: 'e2e', testIgnore: LONG_FILES },
  ],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : 'list',
  use: {
    headless: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    // The app turns antd's animations off for this, so clicks do not wait for drawers to slide in.
    contextOptions: { reducedMotion: 'reduce' },
    // A failed test always keeps a screenshot. The trace (every action's DOM snapshot, network, console)
    // is recorded on CI, where a failure cannot be run again, and where someone is chasing a failure —
    // LEDGER_E2E_TRACE=1 npx playwright test <spec> —
    // because recording it for every test was about a tenth of the suite's CPU on two cores (its screencast,
    // a JPEG of every frame, a third: it stays off even then).
    trace: process.env.CI || process.env.LEDGER_E2E_TRACE === '1' ? { mode: 'retain-on-failure', screenshots: false, snapshots: true, sources: true } : 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: browser,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
