import fs from 'node:fs';
import path from 'node:path';
import { ROOT, expect, rpc, test, type LedgerServer } from './fixtures';
import { validId } from './ids';
import { IssuesPage } from './pages/IssuesPage';
import { ExchangePage } from './pages/OverviewPage';

const SHARED = validId(11, '19800101'); // 男: a post holder and a workshop worker in both townships

/**
 * Two townships' packages from one ledger: the ledger is set up once, exported as 甲乡, then
 * renamed to 乙镇 (another 乡镇代码) and exported again. Both carry the same person 在岗 on a post and
 * employed in a workshop, which is exactly what the county must see across townships.
 * (Packages from two separate data dirs are covered by test/integration/exchange.test.ts.)
 */
async function twoPackages(server: LedgerServer, dir: (name: string) => string): Promise<[string, string]> {
  const v = await rpc<{ id: number }>(server, 'villages.create', { name: '李家村', code: null });
  const person = await rpc<{ id: number }>(server, 'persons.create', {
    idNo: SHARED, name: '王建国', villageId: v.id, householdNo: 'HH-001', householdType: '脱贫户', monitorCategory: null, riskEliminated: null,
    exitYear: 2016, relation: '户主', laborSkill: '普通劳动力', phone: null,
  });
  const post = await rpc<{ id: number }>(server, 'posts.create', {
    villageId: v.id, name: '保洁员', category: '乡村公益岗', fundSource: '衔接资金', headcount: 1, duties: '村内保洁', workTime: '每天上午',
    wageFen: 50_000, councilDate: '2024-01-05', councilRecord: '村委会研究同意',
  });
  await rpc(server, 'appointments.create', {
    postId: post.id, personId: person.id, agreementNo: 'A-001', startDate: '2024-02-01', endDate: null, wageFen: 50_000,
    bankAccount: null, bankName: null, status: '在岗', remark: null,
  });
  const w = await rpc<{ id: number }>(server, 'workshops.create', {
    name: '李家村扶贫车间', villageId: v.id, entity: null, creditCode: null, leader: null, phone: null, industry: '服装加工', recognizedDate: '2023-06-01', note: null,
  });
  await rpc(server, 'employments.create', {
    workshopId: w.id, idNo: SHARED, name: '王建国', startDate: '2024-03-01', endDate: null, contractMonths: 12, monthlyWageFen: 250_000, channel: null, note: null,
  });
  const files: string[] = [];
  for (const [township, regionCode] of [['甲乡', '140724100000'], ['乙镇', '140724200000']]) {
    await rpc(server, 'settings.update', { county: '昔阳县', township, regionCode });
    const pkg = await rpc<{ fileName: string; base64: string }>(server, 'exchange.export', {});
    const file = dir(`${township}交换包.xlsx`);
    fs.writeFileSync(file, Buffer.from(pkg.base64, 'base64'));
    files.push(file);
  }
  return [files[0], files[1]];
}

test('县级汇总: two packages kept on the exchange page survive a reload; the 问题清单 shows 跨乡镇问题', async ({ app, page, ledger }, testInfo) => {
  const [a, b] = await twoPackages(ledger, (name) => testInfo.outputPath(name));

  await app.open('exchange');
  const ex = new ExchangePage(page);
  await expect(ex.workspace).toContainText('已保存 0 个乡镇');
  await ex.keep([a, b]);
  await expect(ex.importResult).toContainText('甲乡交换包.xlsx（甲乡）已存入');
  await expect(ex.importResult).toContainText('乙镇交换包.xlsx（乙镇）已存入');
  await expect(ex.packages).toHaveCount(2);

  // Kept in the database, not in the page: a reload shows the same workspace.
  await page.reload();
  await expect(ex.workspace).toContainText('已保存 2 个乡镇');
  await expect(ex.packages).toHaveCount(2);
  await expect(ex.package('甲乡')).toContainText('校验通过');
  await expect(ex.package('乙镇')).toContainText('140724200000');
  await expect(ex.figures).toContainText('甲乡');
  await expect(ex.figures).toContainText('乙镇');
  await expect(page.getByTestId('county-findings-summary')).toContainText('P01');
  await expect(page.getByTestId('county-findings-summary')).toContainText('W01');
  await page.setViewportSize({ width: 1440, height: 1600 });
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'county-workspace.png') });
  await page.setViewportSize({ width: 1440, height: 900 });

  // The same files again change nothing.
  await ex.keep([a]);
  await expect(ex.importResult).toContainText('相同，未变');
  await expect(ex.packages).toHaveCount(2);

  await page.getByTestId('county-findings-summary').getByRole('button', { name: '在问题清单中查看' }).click();
  await expect(page).toHaveURL(/#\/issues$/);
  const issues = new IssuesPage(page);
  await expect(issues.summary).toBeVisible();
  await expect(issues.countyAlert).toContainText('跨乡镇问题');
  await expect(issues.countyTab).toHaveText('跨乡镇问题（2）');
  await issues.countyTab.click();
  await expect(issues.countySummary).toContainText('县级汇总 2 个乡镇（甲乡、乙镇）');
  expect(await issues.countyRuleCount('P01')).toBe(1);
  expect(await issues.countyRuleCount('W01')).toBe(1);
  await issues.countyGrid.expectTotal(2);
  const w01 = issues.countyGrid.row('W01');
  await expect(issues.countyGrid.cell(w01, 'id')).toHaveText(SHARED);
  await expect(issues.countyGrid.cell(w01, 'name')).toHaveText('王建国');
  await expect(issues.countyGrid.cell(w01, 'townships')).toHaveText('甲乡、乙镇');
  await expect(issues.countyGrid.cell(w01, 'message')).toContainText('李家村扶贫车间');
  await expect(issues.countyGrid.cell(issues.countyGrid.row('P01'), 'message')).toContainText('一人只能聘一个岗位');
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'county-issues.png') });

  // Removing one township's package leaves nothing to compare: the tab goes.
  await app.open('exchange');
  await ex.remove('乙镇');
  await expect(ex.packages).toHaveCount(1);
  await app.go('问题清单');
  await expect(issues.summary).toBeVisible();
  await expect(issues.countyTab).toHaveText('跨乡镇问题（0）');
  await expect(issues.countyAlert).toHaveCount(0);
});
