import { test, expect, rpc, type LedgerServer } from './fixtures';
import { validId } from './ids';
import { chooseOption } from './pages/antd';
import { IssuesPage } from './pages/IssuesPage';
import { LoansPage } from './pages/LoansPage';

/**
 * 问题清单 built for work: grouped by rule and village, 批量续聘 of a village's expired agreements
 * (from the 聘用 tab and from the P13 group), a loan finding opening its loan, 已核实 hiding a finding.
 * The tests of this file share one ledger and run in order, as a clerk's session would.
 */
test.describe.configure({ mode: 'serial' });

const seeded = new Set<string>();

async function seed(ledger: LedgerServer): Promise<void> {
  if (seeded.has(ledger.url)) return;
  seeded.add(ledger.url);
  await rpc(ledger, 'settings.update', { township: '城关镇', operator: '测试员', supervisionPhone: '0354-1234567' });
  const west = await rpc<{ id: number }>(ledger, 'villages.create', { name: '西关村', code: '140724100202' });
  const sha = await rpc<{ id: number }>(ledger, 'villages.create', { name: '沙垴村', code: '140724100208' });
  const post = (villageId: number, name: string) => rpc<{ id: number }>(ledger, 'posts.create', {
    villageId, name, category: '乡村公益岗', fundSource: null, headcount: 10, duties: null, workTime: null, wageFen: 50000, councilDate: null, councilRecord: '村两委会议研究',
  });
  const cleaner = await post(west.id, '保洁员');
  const road = await post(sha.id, '护路员');
  const person = (seq: number, name: string, villageId: number) => rpc<{ id: number }>(ledger, 'persons.create', {
    idNo: validId(seq, '19700101'), name, villageId, householdNo: `H${seq}`, householdType: '脱贫户', monitorCategory: null, riskEliminated: null,
    exitYear: 2018, relation: '户主', laborSkill: '普通劳动力', phone: null,
  });
  const appoint = async (postId: number, personId: number, endDate: string, n: number) => rpc(ledger, 'appointments.create', {
    postId, personId, agreementNo: `XY-${n}`, startDate: '2023-01-01', endDate, wageFen: 50000, bankAccount: null, bankName: null, status: '在岗', remark: null,
  });
  await appoint(cleaner.id, (await person(11, '王建国', west.id)).id, '2024-06-30', 1);
  await appoint(cleaner.id, (await person(12, '李秀英', west.id)).id, '2024-12-31', 2);
  await appoint(cleaner.id, (await person(13, '张志刚', west.id)).id, '2030-12-31', 3);
  await appoint(road.id, (await person(14, '刘丽娟', sha.id)).id, '2024-06-30', 4);
  // 6万 on a first loan: L01, a loan finding.
  const borrower = await person(15, '陈保平', west.id);
  await rpc(ledger, 'loans.create', {
    personId: borrower.id, bank: '农商银行', contractNo: 'HT-2025-001', amountFen: 6_000_000, issueDate: '2025-01-10', dueDate: '2027-01-09',
    termMonths: 24, rateE6: null, purpose: '养殖', status: '正常', note: null,
  });
}

test('问题清单 groups findings by rule and village, with counts and the group’s bulk action', async ({ app, page, ledger }) => {
  await seed(ledger);
  await app.open('issues');
  const issues = new IssuesPage(page);
  await expect(issues.summary).toContainText('共发现');
  await expect(issues.groups).toBeVisible();
  await expect(issues.group('P13')).toContainText('聘用期满');
  await expect(issues.group('P13')).toContainText('共 3 条，2 个村');
  await expect(issues.groupActions('P13')).toHaveText('批量续聘（3 人）');
  await expect(issues.group('L01')).toContainText('共 1 条，1 个村');

  // Collapsible: a rule opens onto its villages, a village onto its findings.
  await issues.group('P13').click();
  await expect(issues.group('P13', '西关村')).toContainText('2 条');
  await expect(issues.group('P13', '沙垴村')).toContainText('1 条');
  await issues.group('P13', '西关村').click();
  await expect(issues.groups.getByRole('row').filter({ hasText: '王建国' })).toContainText('2024-06-30');
  await issues.group('P13').click();
  await expect(issues.group('P13', '西关村')).toBeHidden();

  // The list view is one click away and keeps the counts by rule.
  await issues.showList();
  expect(await issues.ruleCount('P13')).toBe(3);
  await page.screenshot({ path: 'test-results/issues-list.png' });
});

test('the P10 group prints the 聘用公示 of exactly the appointments it lists', async ({ app, page, ledger }) => {
  await seed(ledger);
  await app.open('issues');
  const issues = new IssuesPage(page);
  await issues.group('P10').click();
  await expect(issues.groupActions('P10', '沙垴村')).toHaveText('打印公示（1 人）');
  await issues.groupActions('P10', '沙垴村').click();
  await expect(page).toHaveURL(/#\/print$/);
  await expect(page.getByTestId('print-listed')).toContainText('只列选定的 1 人');
  await expect(page.getByTestId('print-summary')).toContainText('沙垴村');
  await expect(page.getByTestId('print-summary')).toContainText('共 1 条');
  await expect(page.frameLocator('[data-testid="print-frame"]').locator('body')).toContainText('刘丽娟');
  await page.getByRole('button', { name: '返回问题清单' }).click();
  await expect(issues.summary).toBeVisible();
});

test('批量续聘 of a village’s expired agreements from the 聘用 tab, then its 续聘公示', async ({ app, page, ledger }) => {
  await seed(ledger);
  await app.open('posts');
  await page.getByTestId('posts-tabs').getByRole('tab', { name: '聘用' }).click();
  await expect(page.getByTestId('appointments-due')).toContainText('3 条聘用协议已期满仍在岗');
  await page.getByTestId('appointments-actions').getByRole('button', { name: '批量续聘' }).click();
  const dialog = page.getByTestId('renewal-dialog');
  await expect(dialog.getByTestId('renewal-table').locator('tbody tr[data-row-key]')).toHaveCount(3);
  await chooseOption(page, dialog.getByTestId('renewal-village'), '西关村');
  const rows = dialog.getByTestId('renewal-table').locator('tbody tr[data-row-key]');
  await expect(rows).toHaveCount(2); // 张志刚's agreement runs to 2030
  await expect(rows.filter({ hasText: '王建国' })).toContainText('已期满');
  await dialog.getByTestId('renewal-table').locator('thead .ant-checkbox-input').check();
  await expect(dialog).toContainText('已选 2 / 2 人');
  const end = dialog.getByTestId('renewal-end').locator('input').or(dialog.locator('input[aria-label="新的聘用结束日期"]')).first();
  await end.click();
  await end.fill('2027-12-31');
  await end.press('Enter');
  await page.getByTestId('renewal-submit').click();
  await expect(dialog).toContainText('已续聘 2 人，聘用结束日期改为 2027-12-31');
  await page.screenshot({ path: 'test-results/renewal-done.png' });

  await page.getByTestId('renewal-print').click();
  await expect(page).toHaveURL(/#\/print$/);
  await expect(page.getByTestId('print-listed')).toContainText('只列续聘的 2 人');
  await expect(page.getByTestId('print-summary')).toContainText('西关村');
  await expect(page.getByTestId('print-summary')).toContainText('续聘的公示：共 2 条');
  const frame = page.frameLocator('[data-testid="print-frame"]');
  await expect(frame.locator('body')).toContainText('王建国');
  await expect(frame.locator('body')).toContainText('2023.01.01—2027.12.31');
  await expect(frame.locator('body')).not.toContainText('张志刚');

  // The 问题清单 agrees: only 沙垴村's expired agreement is left, and its group renews it preselected.
  await app.go('问题清单');
  const issues = new IssuesPage(page);
  await expect(issues.group('P13')).toContainText('共 1 条，1 个村');
  await issues.group('P13').click();
  await issues.groupActions('P13', '沙垴村').click();
  await expect(dialog).toContainText('已选 1 / 1 人');
  await expect(dialog.getByTestId('renewal-table')).toContainText('刘丽娟');
  await page.getByRole('dialog').filter({ has: dialog }).getByRole('button', { name: '取消' }).click();
  await expect(dialog).toBeHidden();
});

test('a loan finding opens the loan in its drawer', async ({ app, page, ledger }) => {
  await seed(ledger);
  await app.open('issues');
  const issues = new IssuesPage(page);
  await issues.group('L01').click();
  await issues.groups.getByRole('row').filter({ hasText: '陈保平' }).getByRole('button', { name: '打开' }).click();
  await expect(page).toHaveURL(/#\/loans$/);
  const loans = new LoansPage(page);
  await expect(loans.drawer).toBeVisible();
  await expect(loans.field('合同编号')).toHaveValue('HT-2025-001');
});

test('已核实 with a reason hides a finding until asked; the header’s 统计日期 re-judges the list', async ({ app, page, ledger }) => {
  await seed(ledger);
  await app.open('issues');
  const issues = new IssuesPage(page);
  await issues.group('L01').click();
  await issues.groups.getByRole('row').filter({ hasText: '陈保平' }).getByTestId('finding-review').click();
  const dlg = page.getByRole('dialog').filter({ has: page.getByTestId('review-dialog') });
  await dlg.getByRole('button', { name: '标记为已核实' }).click();
  await expect(page.getByText('请写明核实情况')).toBeVisible();
  await dlg.getByLabel('核实情况').fill('县里批准的追加额度，已电话核实');
  await dlg.getByRole('button', { name: '标记为已核实' }).click();
  await expect(dlg).toBeHidden();
  await expect(issues.group('L01')).toBeHidden();
  await expect(page.getByTestId('issues-reviewed-toggle')).toContainText('显示已核实（1）');

  await page.getByTestId('issues-show-reviewed').click();
  await expect(issues.group('L01')).toBeVisible();
  // The panel remembers it was open.
  if (!(await issues.group('L01', '西关村').isVisible())) await issues.group('L01').click();
  await expect(issues.groups.getByRole('row').filter({ hasText: '陈保平' }).getByTestId('finding-reviewed')).toBeVisible();

  // Still hidden after a re-check (it is kept in the ledger, not in the page).
  await page.getByTestId('issues-show-reviewed').click();
  await issues.rerun();
  await expect(issues.group('L01')).toBeHidden();

  // 统计日期 in the header re-judges the list: on 2024-06-01 刘丽娟's agreement (ending 2024-06-30) had not run out.
  await expect(issues.group('P13')).toContainText('共');
  const today = (await issues.group('P13').textContent())!;
  const input = page.getByTestId('header-asof').locator('input');
  await input.click();
  await input.fill('2024-06-01');
  await input.press('Enter');
  await expect(issues.summary).toContainText('统计日期 2024-06-01');
  await expect(issues.group('P13')).toBeHidden();
  await page.getByTestId('header-asof-today').click();
  await expect(issues.group('P13')).toHaveText(today);
});
