import fs from 'node:fs';
import path from 'node:path';
import { ROOT, expect, importThroughApi, rpc, test, type LedgerServer } from './fixtures';
import { Grid } from './pages/Grid';
import { ImportPage } from './pages/ImportPage';
import { fillDate } from './pages/WorkshopsPage';
import { monitoringDrawer, openHousehold } from './pages/MonitoringPage';

const SAMPLES = path.join(ROOT, '..', 'shared', 'samples');
const expected = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'monitoring.expected.json'), 'utf8')) as { asOf: string; M01: string[]; M06: string[] };

/** The 户主 name of a household by the 户主's ID, from the ledger. */
async function headName(server: LedgerServer, idNo: string): Promise<string> {
  const r = await rpc<{ rows: { name: string }[] }>(server, 'persons.query', { idNo, offset: 0, limit: 1 });
  return r.rows[0].name;
}

const drawer = monitoringDrawer;

test.describe('防返贫监测', () => {
  test('imports the samples, opens a household’s timeline, records a measure and a visit, and M01/M06 go away; the 到期提醒 board', async ({ app, page, ledger }) => {
    test.setTimeout(300_000);
    for (const [file, kind] of [['persons-county-export.xlsx', 'persons'], ['posts-roster-township.xlsx', 'posts'], ['microloans-ledger.xlsx', 'loans'],
      ['monitoring-objects.xlsx', 'monitoring'], ['monitoring-cases.xlsx', 'monitoring-cases'], ['migrant-work.xlsx', 'migrant-work']]) await importThroughApi(ledger, path.join(SAMPLES, file), kind);
    const m01 = await headName(ledger, expected.M01[0]);
    const m06 = await headName(ledger, expected.M06[0]);

    await app.open('monitoring');
    await expect(page.getByRole('heading', { name: '防返贫监测' })).toBeVisible();
    await fillDate(page.getByTestId('header-asof').locator('input'), expected.asOf);
    await expect(page.getByTestId('monitoring-summary')).toContainText('监测户 185 户 519 人，风险未消除 68 户');

    // The visit record goes through the page's own import wizard.
    await page.getByRole('button', { name: '导入' }).click();
    await page.getByTestId('import-kind').getByText('监测户走访记录').click();
    const imp = new ImportPage(page);
    await expect(page.getByRole('heading', { name: '导入监测户走访记录' })).toBeVisible();
    await page.locator('.ant-upload input[type="file"]').setInputFiles(path.join(SAMPLES, 'monitoring-visits.xlsx'));
    await imp.expectPreview();
    expect(await imp.count('new')).toBe(202);
    await imp.commit();
    await page.getByRole('button', { name: '查看监测户' }).click();

    const grid = new Grid(page, 'monitoring-grid');
    await grid.expectTotal(187); // 185 监测户 and 2 households of the cases ledger still being identified
    await grid.filterSelect('问题', 'M01 有劳动能力的风险户未落实开发式帮扶');
    await grid.expectTotal(expected.M01.length);
    await grid.filterSelect('问题', 'M06 监测户未按月走访');
    await grid.expectTotal(expected.M06.length);

    await grid.root.getByRole('button', { name: '清除筛选' }).click();
    await grid.expectTotal(187); // 185 监测户 and 2 households of the cases ledger still being identified

    // M01: a development measure recorded for the household takes the finding away.
    let d = await openHousehold(page, grid, m01);
    await expect(d.getByTestId('monitoring-finding-M01')).toBeVisible();
    await d.getByTestId('monitoring-add-measure').click();
    const measure = page.getByRole('dialog', { name: '新增帮扶措施' });
    await measure.getByLabel('措施内容').fill('发展养殖业（养羊5只）');
    await fillDate(measure.getByLabel('开始日期'), '2023-10-01');
    await measure.getByRole('button', { name: '保存' }).click();
    await expect(d.getByTestId('monitoring-finding-M01')).toHaveCount(0);
    await d.getByRole('tab', { name: '时间线' }).click();
    await expect(d.getByText('发展养殖业（养羊5只）')).toBeVisible();
    await d.locator('.ant-drawer-close').click();
    await expect(d).toBeHidden();

    // M06: a visit in September (the last complete month before the 统计日期) takes it away.
    d = await openHousehold(page, grid, m06);
    await expect(d.getByTestId('monitoring-finding-M06')).toBeVisible();
    await d.getByTestId('monitoring-add-visit').click();
    const visit = page.getByRole('dialog', { name: '记录走访' });
    await fillDate(visit.getByLabel('走访日期'), '2023-09-28');
    await visit.getByLabel('走访人').fill('王建国');
    await visit.getByRole('button', { name: '保存' }).click();
    await expect(d.getByTestId('monitoring-finding-M06')).toHaveCount(0);
    await expect(d.getByText('2023-09-28')).toBeVisible();
    await d.locator('.ant-drawer-close').click();
    await expect(d).toBeHidden();
    await expect(page.getByTestId('monitoring-summary')).toContainText(`无开发式帮扶 ${expected.M01.length - 1} 户`);

    // 到期提醒: the overdue steps of the cases ledger, by village.
    await page.getByText('到期提醒', { exact: true }).click();
    const board = page.getByTestId('monitoring-due');
    await expect(board).toContainText('已超期');
    await expect(board).toContainText('帮扶计划制定');

    // From the 问题清单, a monitoring finding opens its household on this page.
    await app.go('问题清单');
    await page.getByTestId('issues-tabs').getByText('防返贫监测', { exact: true }).click();
    await page.getByTestId('issues-group-M03').click();
    await page.getByTestId('issues-group-M03-红岭村').click();
    await page.getByTestId('issues-groups').getByRole('button', { name: '打开' }).first().click();
    await expect(drawer(page).locator('.ant-drawer-title')).toContainText('吕二虎户');
    await expect(drawer(page).getByTestId('monitoring-finding-M03')).toBeVisible();
  });

  test('records 风险消除 with the 驻村干部 sign-off, shown in the timeline, and prints the 风险消除公示', async ({ page, app, ledger }) => {
    test.setTimeout(180_000);
    await rpc(ledger, 'settings.update', { township: '乐平镇', supervisionPhone: '0354-4561234', maskIdsOnPrint: true });
    for (const [file, kind] of [['persons-county-export.xlsx', 'persons'], ['monitoring-objects.xlsx', 'monitoring']]) await importThroughApi(ledger, path.join(SAMPLES, file), kind);
    const open = await rpc<{ headName: string; headIdNo: string; identifying: boolean }[]>(ledger, 'monitoring.households', { openOnly: true });
    const h = open.find((r) => !r.identifying && open.filter((x) => x.headName === r.headName).length === 1)!;

    await app.open('monitoring');
    const d = await openHousehold(page, new Grid(page, 'monitoring-grid'), h.headName);
    await d.getByTestId('monitoring-eliminate').click();
    const dlg = page.getByRole('dialog', { name: '记录风险消除' });
    await dlg.getByRole('button', { name: '保存' }).click();
    await expect(dlg.getByText('请填写签字确认的驻村干部姓名')).toBeVisible(); // no sign-off, nothing saved
    await dlg.getByLabel('驻村干部（签字确认人）').fill('张驻村');
    await dlg.getByRole('button', { name: '保存' }).click();
    await expect(dlg).toBeHidden();
    await expect(d.getByTestId('monitoring-timeline-elimination')).toContainText('驻村干部 张驻村 签字确认');
    await expect(d.getByTestId('monitoring-eliminate')).toHaveCount(0);
    await d.locator('.ant-drawer-close').click();

    await page.getByTestId('monitoring-print-elimination').click();
    await expect(page.getByTestId('print-kind')).toContainText('风险消除公示');
    const frame = page.frameLocator('[data-testid=print-frame]');
    await expect(frame.locator('body')).toContainText(h.headName);
    await expect(frame.locator('body')).toContainText(`${h.headIdNo.slice(0, 6)}`);
    await expect(frame.locator('body')).not.toContainText(h.headIdNo);
    await expect(frame.locator('body')).toContainText('监督电话：0354-4561234');
    await expect(frame.locator('body')).toContainText('公示期');
    await page.getByRole('button', { name: '返回防返贫监测' }).click();
    await expect(page.getByRole('heading', { name: '防返贫监测' })).toBeVisible();
  });
});
