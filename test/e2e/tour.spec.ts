import type { Locator, Page } from '@playwright/test';
import { attachScreenshot, expect, importThroughApi, rpc, test } from './fixtures';
import type { AppShell, NavLabel } from './pages/AppShell';
import { AuditPage } from './pages/AuditPage';
import { AttendanceSheet } from './pages/PostsPage';
import { LoansPage } from './pages/LoansPage';
import { WorkshopsPage } from './pages/WorkshopsPage';
import { sample } from '../samples';

// A clerk's quick walk through every page, first on an empty ledger, then with the county samples:
// nothing may log a console error, fail a request, reach beyond 127.0.0.1 or show raw code words.
test.describe.configure({ mode: 'serial' });

const NAV: NavLabel[] = ['概览', '人员名单', '公益岗位', '帮扶车间', '小额信贷', '问题清单', '导入记录', '操作日志', '备份与恢复', '设置'];
/** Pages reached from buttons rather than the navigation. */
const EXTRA_ROUTES = ['import', 'print', 'exchange'];
/** What a clerk must never read: leaked JS values and ISO timestamps. */
const RAW_WORDS = /undefined|\bnull\b|NaN|Invalid Date|\[object|\d{4}-\d{2}-\d{2}T\d{2}/;

/** Console errors, failed or refused requests and any request that leaves this machine. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    // The print preview frame is sandboxed without scripts on purpose; Playwright's trace recorder
    // tries to run its snapshot script there and Chromium reports that, not anything of ours.
    if (m.type() === 'error' && !/^Blocked script execution in 'about:srcdoc'/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['data:', 'blob:'].includes(u.protocol) && u.hostname !== '127.0.0.1') problems.push(`external: ${r.url()}`);
  });
  return problems;
}

async function tour(page: Page, app: AppShell): Promise<void> {
  await app.open('overview');
  for (const label of NAV) {
    await app.go(label);
    await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    const text = await page.locator('.app-content').innerText();
    expect(text, `${label} 页面上有程序内部的字样`).not.toMatch(RAW_WORDS);
  }
  for (const route of EXTRA_ROUTES) {
    await app.open(route);
    await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('.app-content').innerText(), `${route} 页面上有程序内部的字样`).not.toMatch(RAW_WORDS);
  }
}

test('an empty ledger: every page opens without console errors or outside requests', async ({ app, page }) => {
  const problems = watch(page);
  await tour(page, app);
  expect(problems).toEqual([]);
});

// Runs while this file's ledger is still empty (tests in a file share one ledger, in order).
test('问题清单 on an empty ledger points to the import instead of claiming all is well', async ({ app, page, ledger }) => {
  await app.open('issues');
  await expect(page.getByTestId('issues-summary')).toContainText('请先在“导入”里导入名单');
  await importThroughApi(ledger, sample('persons-county-export.xlsx'), 'persons');
  await page.reload();
  await expect(page.getByTestId('issues-summary')).not.toContainText('请先在“导入”');
});

test('with the county samples: every page opens cleanly and speaks the clerk\'s words', async ({ app, page, ledger }) => {
  test.setTimeout(180_000);
  await rpc(ledger, 'settings.update', { county: '昔阳县', township: '乐平镇' });
  await importThroughApi(ledger, sample('persons-county-export.xlsx'), 'persons');
  await importThroughApi(ledger, sample('workshops-ledger.xlsx'), 'workshops');
  await importThroughApi(ledger, sample('microloans-ledger.xlsx'), 'loans');
  await importThroughApi(ledger, sample('posts-roster-township.xlsx'), 'posts');
  await importThroughApi(ledger, sample('monitoring-objects.xlsx'), 'monitoring');
  const problems = watch(page);
  await tour(page, app);
  expect(problems).toEqual([]);
});

test('操作日志 names fields in Chinese, money in 元 and import kinds by name, never the code keys', async ({ app, page }) => {
  await app.open('audit');
  const audit = new AuditPage(page);
  await audit.grid.filterSelect('对象', '导入批次');
  await expect(audit.grid.cell(audit.grid.row('microloans-ledger.xlsx'), 'summary')).toContainText('类型：小额信贷台账');
  await audit.grid.filterSelect('对象', '贷款');
  const loan = audit.grid.rows.first();
  await expect(audit.grid.cell(loan, 'summary')).toContainText('贷款银行：');
  await audit.grid.cell(loan, 'summary').click();
  await expect(audit.drawer).toContainText('贷款金额');
  await expect(audit.drawer).toContainText(/\d{1,3}(,\d{3})*\.\d{2} 元/);
  // camelCase keys (contractNo, amountFen …) were shown as they are stored.
  await expect(audit.drawer).not.toContainText(/[a-z]+[A-Z][A-Za-z]*/);
  await expect(audit.drawer).not.toContainText('（分）');
});

test('帮扶车间: a failed credit-code check shows its whole tag inside the column', async ({ app, page }) => {
  await app.open('workshops');
  const ws = new WorkshopsPage(page);
  const cell = ws.grid.rows.locator('[data-col="creditCode"]').filter({ has: page.locator('.ant-tag') }).first();
  const tag = cell.locator('.ant-tag');
  await expect(tag).toHaveText('校验不通过');
  const [t, c] = [await tag.boundingBox(), await cell.boundingBox()];
  expect(t!.x + t!.width, '标签被列宽截断').toBeLessThanOrEqual(c!.x + c!.width);
});

test('贴息计算 says what to do before the first calculation', async ({ app, page }) => {
  await app.open('loans');
  const loans = new LoansPage(page);
  await loans.tab('贴息计算');
  await expect(page.getByTestId('subsidy-hint')).toContainText('计算贴息');
  await loans.subsidyQuarter('2024', '全年');
  await loans.subsidy.getByRole('button', { name: '计算贴息' }).click();
  await expect(page.getByTestId('subsidy-total')).toBeVisible();
  await expect(page.getByTestId('subsidy-hint')).toBeHidden();
});

test('报表与交换: the merge button has no dangling count before files are chosen', async ({ app, page }) => {
  await app.open('exchange');
  await expect(page.getByTestId('merge-run')).toHaveText('仅合并查看');
});

/**
 * Every page a clerk reaches, with each of its tabs: where there is a wide table, the titles that must stay
 * in view (frozen) however far it is scrolled.
 */
interface Stop { route: string; tab?: string; segment?: string; grid?: string; sheet?: string }
const PAGES: Stop[] = [
  { route: 'overview' },
  { route: 'persons', grid: '[data-testid="persons-grid"]' },
  { route: 'posts', tab: '岗位库', grid: '[data-testid="posts-grid"]' },
  { route: 'posts', tab: '聘用', grid: '.grid-root' },
  { route: 'posts', tab: '考勤与工资', sheet: '[data-testid="attendance-grid"]' },
  { route: 'workshops', grid: '.grid-root' },
  { route: 'loans', tab: '贷款台账', grid: '.grid-root' },
  { route: 'loans', tab: '到期与逾期' },
  { route: 'loans', tab: '户贷率' },
  { route: 'loans', tab: '贴息计算' },
  { route: 'monitoring', segment: '监测户', grid: '.grid-root' },
  { route: 'monitoring', segment: '到期提醒' },
  { route: 'issues', segment: '按规则和村分组' },
  { route: 'issues', segment: '列表', grid: '[data-testid="issues-grid"]' },
  { route: 'imports' },
  { route: 'audit', grid: '.grid-root' },
  { route: 'backup' },
  { route: 'settings' },
  { route: 'import' },
  { route: 'print' },
  { route: 'exchange' },
];
const IDENTITY = ['序号', '村', '行政村', '姓名', '借款人', '车间名称', '岗位名称', '涉及', '户主姓名'];
/** Raw values a clerk must never read: a rate with four decimals, the 操作日志's bare record numbers. */
const RAW_VALUES = /\b\d\.\d{4}\b(?!%)|记录号/;
const stopName = (p: Stop) => `${p.route}${p.tab ? `-${p.tab}` : ''}${p.segment ? `-${p.segment}` : ''}`;

/** Scrolled all the way right, as a clerk reading the last columns would: the identity titles are still in the table's view. */
async function expectFrozen(page: Page, name: string, scroller: Locator, headers: Locator): Promise<void> {
  const box = (await scroller.boundingBox())!;
  const titles = (await headers.allInnerTexts()).map((t) => t.replace(/\s+/g, '').replace(/[▲▼]$/, ''));
  const identity = titles.filter((t) => IDENTITY.includes(t));
  expect(identity.length, `${name}: 没有身份列`).toBeGreaterThan(1);
  await scroller.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
  for (const t of identity) {
    const h = headers.filter({ hasText: new RegExp(`^${t}( [▲▼])?$`) }).first();
    const hb = (await h.boundingBox())!;
    expect(hb.x, `${name}: “${t}”列滚出了视野`).toBeGreaterThanOrEqual(box.x - 1);
    expect(hb.x + hb.width, `${name}: “${t}”列滚出了视野`).toBeLessThanOrEqual(box.x + box.width + 1);
  }
  await scroller.evaluate((el) => { el.scrollLeft = 0; });
}

for (const [width, height] of [[1366, 768], [1920, 1080]] as const) {
  test(`at ${width}×${height}: every page and tab fits, identity columns stay in view, headers are whole, no raw values`, async ({ app, page }, testInfo) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width, height });
    for (const p of PAGES) {
      const name = stopName(p);
      await app.open(p.route);
      await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
      if (p.tab) await page.getByRole('tab', { name: p.tab, exact: true }).click();
      if (p.segment) await page.locator('.ant-segmented').getByText(p.segment, { exact: true }).click();
      if (p.grid) {
        const grid = page.locator(p.grid).filter({ visible: true }).first();
        await expect(grid.getByTestId('grid-total')).toHaveText(/^共 \d+ 条$/);
        const scroller = grid.getByRole('grid');
        const box = (await scroller.boundingBox())!;
        expect(box.x + box.width, `${name}: 表格超出窗口`).toBeLessThanOrEqual(width);
        await expectFrozen(page, name, scroller, grid.locator('.grid-header-row [role="columnheader"]'));
      }
      if (p.sheet) {
        await new AttendanceSheet(page).chooseMonth('2023-06'); // a month the sample roster's agreements cover
        const sheet = page.locator(p.sheet);
        await expect(sheet.locator('tbody tr[data-row-key]').first()).toBeVisible();
        await expectFrozen(page, name, sheet.locator('.ant-table-content, .ant-table-body').first(), sheet.locator('thead th'));
      }
      await page.waitForLoadState('networkidle');
      // The page itself never scrolls sideways: only a wide table does, inside its own frame.
      const overflow = await page.locator('.app-content').evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow, `${name}: 页面需要左右滚动`).toBeLessThanOrEqual(1);
      // No header text cut off: a long title wraps within its cell.
      const cut = await page.locator('.grid-header-row [role="columnheader"], .ant-table-thead th').filter({ visible: true })
        // The text's own box against the cell's: frozen cells carry a shadow element that would count as overflow.
        .evaluateAll((els) => els.filter((e) => {
          const range = document.createRange();
          range.selectNodeContents(e);
          const t = range.getBoundingClientRect(), c = e.getBoundingClientRect();
          const clipped = getComputedStyle(e).overflow !== 'visible' && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) && !e.matches('.ant-table-cell-fix-left, .ant-table-cell-fix-start, .grid-pinned');
          return t.width > 0 && (t.right > c.right + 1 || t.left < c.left - 1 || t.bottom > c.bottom + 1 || clipped);
        }).map((e) => e.textContent));
      expect(cut, `${name}: 表头文字被截断`).toEqual([]);
      const text = await page.locator('.app-content').innerText();
      expect(text, `${name}: 原始数值`).not.toMatch(RAW_VALUES);
      expect(text, `${name}: 程序内部的字样`).not.toMatch(RAW_WORDS);
      await attachScreenshot(page, testInfo, `${name}-${width}x${height}.png`);
    }
  });
}

test('at 1366×768 the 问题清单 counts fold to one line so findings are on the first screen; the choice is kept', async ({ app, page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.addInitScript(() => { if (!sessionStorage.getItem('tour-fold')) { localStorage.removeItem('ledger.summary.issues-counts.open'); sessionStorage.setItem('tour-fold', '1'); } });
  await app.open('issues');
  await page.locator('.ant-segmented').getByText('列表', { exact: true }).click();
  const counts = page.getByTestId('issues-counts');
  await expect(counts).toHaveAttribute('data-open', 'false');
  await expect(counts).toContainText(/\d+ 条规则，\d+ 个村/);
  await expect(page.getByTestId('issues-by-rule')).toHaveCount(0);
  await page.getByTestId('issues-counts-toggle').click();
  await expect(page.getByTestId('issues-by-rule')).toBeVisible();
  await page.reload();
  await page.locator('.ant-segmented').getByText('列表', { exact: true }).click();
  await expect(page.getByTestId('issues-counts')).toHaveAttribute('data-open', 'true');
});
