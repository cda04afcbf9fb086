import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { LoansPage } from './pages/LoansPage';
import { seedRoster } from './seed';

test.describe('小额信贷', () => {
  // Each step waits on the backend; on a shared, busy office PC (or CI box) a minute is not always enough.
  test.describe.configure({ timeout: 150_000 });

  test('adds a loan for a roster person and records a repayment', async ({ app, ledger, page }) => {
    await seedRoster(ledger, 12);
    await app.open('loans');
    const loans = new LoansPage(page);
    await loans.expectLoaded();

    await loans.openNew();
    await loans.fill({ borrower: '王建国', bank: '农商银行', contractNo: 'E2E-0001', amountYuan: '50000', issueDate: '2022-05-20', termMonths: '24' });
    // The due date follows from the issue date and the term; the age at issue is shown before saving.
    await expect(loans.field('到期日期（合同）')).toHaveValue('2024-05-20');
    await expect(page.getByTestId('borrower-derived')).toContainText('放款时');
    await loans.save();
    await expect(page.getByText('已新增贷款：王建国')).toBeVisible();
    await expect(page.getByTestId('loan-summary')).toContainText('50,000.00 元');

    await loans.recordRepayment('2023-05-20', '10000');
    await expect(page.getByText('已记录还款', { exact: true })).toBeVisible();
    await expect(loans.repayments).toContainText('2023-05-20');
    await expect(loans.repayments).toContainText('10,000.00');
    await expect(page.getByTestId('loan-summary')).toContainText('40,000.00 元');
    await loans.close();

    const row = loans.grid.row('E2E-0001');
    await expect(row).toHaveCount(1);
    await expect(loans.grid.cell(row, 'balanceFen')).toHaveText('40,000.00');
    await expect(loans.grid.cell(row, 'effectiveDueDate')).toHaveText('2024-05-20');
  });

  test('the loan shows in the due list, then as overdue', async ({ app, page }) => {
    await app.open('loans');
    const loans = new LoansPage(page);
    // Due 19 days after 2024-05-01: in the 30-day window.
    await loans.tab('到期与逾期');
    await loans.alertsAsOf('2024-05-01');
    await expect(page.getByTestId('due-30')).toContainText('1笔');
    await expect(page.getByTestId('due-list')).toContainText('E2E-0001');
    await expect(page.getByTestId('due-list')).toContainText('19 天');
    await expect(page.getByTestId('due-list')).toContainText('40,000.00');
    // A month after the due date it is overdue, 11–30 days.
    await loans.alertsAsOf('2024-06-10');
    await expect(page.getByTestId('overdue-list')).toContainText('E2E-0001');
    await expect(page.getByTestId('overdue-list')).toContainText('21 天（11–30天）');
  });

  test('computes a quarter’s 贴息 and exports the 贴息明细表', async ({ app, page }) => {
    await app.open('loans');
    const loans = new LoansPage(page);
    await loans.tab('贴息计算');
    await loans.subsidyQuarter('2023', '第一季度');
    await expect(page.getByTestId('subsidy-period')).toHaveText('2023-01-01 至 2023-03-31');
    await loans.subsidy.getByRole('button', { name: '计算贴息' }).click();
    // 50,000 元 × 3.45% × 90 / 360 = 431.25 元 (the 10,000 元 repayment came in May).
    await expect(page.getByTestId('subsidy-total')).toContainText('1 笔贷款，应贴息合计 431.25 元');
    await expect(page.getByTestId('subsidy-total')).toContainText('肆佰叁拾壹元贰角伍分');
    await expect(page.getByTestId('subsidy-table')).toContainText('2023-01-01 至 2023-03-31');

    const download = page.waitForEvent('download');
    await loans.subsidy.getByRole('button', { name: '导出贴息明细表' }).click();
    const file = await (await download).path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await readFile(file) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell('A1').value)).toContain('贴息明细表（2023-01-01 至 2023-03-31）');
    const header = ws.getRow(3).values as unknown[];
    let total: ExcelJS.Row | undefined;
    ws.eachRow((r) => { if (r.getCell(1).value === '合计') total = r; });
    expect(total!.getCell(header.indexOf('应贴息（元）')).value).toBe(431.25);
    expect(String(total!.getCell(header.length - 1).value)).toBe('大写：肆佰叁拾壹元贰角伍分');
  });

  test('户贷率 counts the household with the loan', async ({ app, page }) => {
    await app.open('loans');
    const loans = new LoansPage(page);
    await loans.tab('户贷率');
    await page.getByTestId('loans-rate').getByLabel('年度').fill('2022');
    await page.getByTestId('loans-rate').getByLabel('年度').press('Tab');
    const total = page.getByTestId('rate-total');
    await expect(total).toContainText('合计');
    // One 脱贫户/监测户 household lent to, in 2022.
    await expect(total.locator('td').nth(2)).toHaveText('1');
    await expect(total.locator('td').nth(4)).toHaveText('1');
  });
});
