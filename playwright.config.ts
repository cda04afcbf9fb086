import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser: the offices this runs in have no internet either.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/global-setup.ts',
  outputDir: 'test-results/e2e',
  // Every spec file has its own server and data dir (fixtures.ts), so two files can run side by side;
  // the tests inside a file build on each other's data and stay in order (fullyParallel: false).
  workers: Number(process.env.LEDGER_E2E_WORKERS) || 2,
  fullyParallel: false,
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
    // A failed test keeps its trace: every action's DOM snapshot, network and console. The screencast
    // (a JPEG of every frame) is left out: encoding it took about a third of the suite's CPU on two cores,
    // and the snapshots plus the failure screenshot below show the same pages.
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: true, sources: true },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
