import fs from 'node:fs';
import path from 'node:path';
import { ROOT, expect, rpc, test, type LedgerServer } from './fixtures';
import { ExchangePage, OverviewPage } from './pages/OverviewPage';

const SAMPLES = path.join(ROOT, '..', 'shared', 'samples');

interface Job { jobId: string; state: string }
/** Imports a county sample through the same channels the import wizard uses. */
async function importSample(server: LedgerServer, file: string, kind: string): Promise<void> {
  let job = await rpc<Job>(server, 'import.start', { kind, fileName: file, base64: fs.readFileSync(path.join(SAMPLES, file)).toString('base64') });
  for (let i = 0; i < 1200 && job.state === 'reading'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    job = await rpc<Job>(server, 'import.status', { jobId: job.jobId });
  }
  expect(job.state).toBe('ready');
  await rpc(server, 'import.commit', { jobId: job.jobId });
}

interface Stats {
  persons: number; households: number;
  posts: { active: number; holders: number };
  workshops: { count: number; employed: number };
  loans: { count: number };
  monitoring: { households: number; openHouseholds: number; noDevMeasure: number; overdue: number };
}

test.describe('概览', () => {
  test('is the start page, and a fresh ledger says where to begin', async ({ app, page, ledger }) => {
    await page.goto(ledger.url); // no route: the default
    const ov = new OverviewPage(page);
    await expect(ov.emptyState).toBeVisible();
    await expect(app.nav('概览')).toHaveClass(/ant-menu-item-selected/);
    await ov.emptyState.getByRole('button', { name: '导入人员名单' }).click();
    await expect(page).toHaveURL(/#\/import$/);
  });

  test('shows the figures of stats, each opening its list; a past date recomputes', async ({ app, page, ledger }) => {
    await rpc(ledger, 'settings.update', { county: '昔阳县', township: '乐平镇' });
    await importSample(ledger, 'persons-county-export.xlsx', 'persons');
    await importSample(ledger, 'posts-roster-township.xlsx', 'posts');
    await importSample(ledger, 'workshops-ledger.xlsx', 'workshops');
    await importSample(ledger, 'microloans-ledger.xlsx', 'loans');
    const stats = await rpc<Stats>(ledger, 'stats.get');

    await app.open('overview');
    const ov = new OverviewPage(page);
    await expect(ov.figure('ov-persons-total')).toBeVisible();
    expect(await ov.value('ov-persons-total')).toBe(stats.persons);
    expect(await ov.value('ov-persons-households')).toBe(stats.households);
    expect(await ov.value('ov-posts-active')).toBe(stats.posts.active);
    expect(await ov.value('ov-posts-holders')).toBe(stats.posts.holders);
    expect(await ov.value('ov-workshops-count')).toBe(stats.workshops.count);
    expect(await ov.value('ov-workshops-employed')).toBe(stats.workshops.employed);
    expect(await ov.value('ov-loans-count')).toBe(stats.loans.count);
    // 防返贫监测: the same four figures as stats.monitoring at the 统计日期.
    expect(await ov.value('ov-monitoring-households')).toBe(stats.monitoring.households);
    expect(await ov.value('ov-monitoring-open')).toBe(stats.monitoring.openHouseholds);
    expect(await ov.value('ov-monitoring-nodev')).toBe(stats.monitoring.noDevMeasure);
    expect(await ov.value('ov-monitoring-overdue')).toBe(stats.monitoring.overdue);
    const findings = await rpc<{ severity: string }[]>(ledger, 'checks.run', {});
    expect(await ov.value('ov-problems-error')).toBe(findings.filter((f) => f.severity === 'error').length);
    // Charts are drawn (ECharts, bundled, as SVG).
    await expect(page.getByTestId('ov-chart-households').locator('svg')).toBeVisible();
    await expect(page.getByTestId('ov-chart-villages').locator('svg')).toBeVisible();
    // The content scrolls inside the layout: a taller window shows every card in one picture.
    await page.setViewportSize({ width: 1440, height: 1200 });
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'overview.png') });
    await page.setViewportSize({ width: 1440, height: 900 });

    // Each figure opens the list behind it.
    await ov.figure('ov-persons-total').click();
    await expect(page).toHaveURL(/#\/persons$/);
    await app.go('概览');
    await ov.figure('ov-problems-error').click();
    await expect(page).toHaveURL(/#\/issues$/);
    await app.go('概览');
    await ov.figure('ov-loans-count').click();
    await expect(page).toHaveURL(/#\/loans$/);
    await app.go('概览');

    // Before the first appointment and loan, the same ledger had none.
    await ov.setDate('2015-01-01');
    await expect(ov.notes).toContainText('按 2015-01-01 的记录推算');
    await expect.poll(() => ov.value('ov-posts-active')).toBe(0);
    expect(await ov.value('ov-loans-count')).toBe(0);
    expect(await ov.value('ov-persons-total')).toBe(stats.persons);
  });

  test('报表与交换: exports the 月报 and the package, and merges a package with its figures and integrity', async ({ page, app, ledger }, testInfo) => {
    await rpc(ledger, 'settings.update', { county: '昔阳县', township: '乐平镇' }); // as before, should this test run on its own
    await app.open('overview');
    await page.getByRole('button', { name: '报表与交换' }).click();
    const ex = new ExchangePage(page);
    await expect(ex.root).toBeVisible();

    let download = page.waitForEvent('download');
    await page.getByTestId('export-report').click();
    expect((await download).suggestedFilename()).toMatch(/月报\.xlsx$/);

    download = page.waitForEvent('download');
    await page.getByTestId('export-package').click();
    // The package is a job with progress: the stage (in Chinese) and a bar while it is written, gone once the file is there.
    const progress = page.getByTestId('export-progress');
    await expect(progress).toContainText(/正在/);
    await expect(progress.locator('.ant-progress')).toBeVisible();
    const pkg = await download;
    await expect(progress).toHaveCount(0);
    expect(pkg.suggestedFilename()).toMatch(/^乐平镇交换包-.*\.xlsx$/);
    const file = testInfo.outputPath('乐平镇交换包.xlsx');
    await pkg.saveAs(file);

    await ex.upload([file]);
    await page.getByTestId('merge-run').click();
    await expect(ex.result).toBeVisible();
    await expect(page.getByTestId('merge-packages')).toContainText('校验通过');
    await expect(page.getByTestId('merge-figures')).toContainText('乐平镇');
    await expect(page.getByTestId('merge-findings')).toContainText('没有发现');
    await page.setViewportSize({ width: 1440, height: 1400 });
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'exchange.png') });
  });
});
