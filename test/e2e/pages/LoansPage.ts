import { expect, type Locator, type Page } from '@playwright/test';
import { Grid } from './Grid';

export interface LoanFields {
  borrower: string; // a name typed into the picker; the first match is chosen
  bank: string;
  contractNo: string;
  amountYuan: string;
  issueDate: string; // YYYY-MM-DD
  termMonths?: string;
}

/** 小额信贷: ledger grid, loan drawer (repayments, 展期), alerts, 户贷率, 贴息. */
export class LoansPage {
  readonly grid: Grid;
  constructor(readonly page: Page) {
    this.grid = new Grid(page, 'loans-grid');
  }

  get actions(): Locator { return this.page.getByTestId('loans-actions'); }
  get form(): Locator { return this.page.getByTestId('loan-form'); }
  get formError(): Locator { return this.page.getByTestId('loan-form-error'); }
  get drawer(): Locator { return this.page.getByRole('dialog').filter({ has: this.form }); }
  get repayments(): Locator { return this.page.getByTestId('repayments'); }
  get alerts(): Locator { return this.page.getByTestId('loans-alerts'); }
  get subsidy(): Locator { return this.page.getByTestId('loans-subsidy'); }
  field(label: string): Locator { return this.form.getByLabel(label, { exact: true }); }

  async expectLoaded(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: '小额信贷' })).toBeVisible();
  }

  async tab(label: '贷款台账' | '到期与逾期' | '户贷率' | '贴息计算'): Promise<void> {
    await this.page.getByTestId('loans-tabs').getByRole('tab', { name: label, exact: true }).click();
  }

  /** Types a date into an antd DatePicker and confirms it. */
  async pickDate(input: Locator, date: string): Promise<void> {
    await input.click();
    await input.fill(date);
    await input.press('Enter');
    await expect(input).toHaveValue(date);
  }

  async openNew(): Promise<void> {
    await this.actions.getByRole('button', { name: '新增贷款' }).click();
    await expect(this.form).toBeVisible();
  }

  async chooseBorrower(name: string): Promise<void> {
    const picker = this.field('借款人');
    await picker.click();
    await picker.fill(name);
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).first().click();
    await expect(this.page.getByTestId('borrower-derived')).toBeVisible();
  }

  async fill(f: LoanFields): Promise<void> {
    await this.chooseBorrower(f.borrower);
    await this.field('贷款银行').fill(f.bank);
    await this.field('合同编号').fill(f.contractNo);
    await this.field('贷款金额').fill(f.amountYuan);
    await this.pickDate(this.field('放款日期'), f.issueDate);
    if (f.termMonths) await this.field('期限').fill(f.termMonths);
  }

  async save(): Promise<void> {
    await this.drawer.getByRole('button', { name: '保存', exact: true }).click();
  }

  async close(): Promise<void> {
    await this.drawer.locator('.ant-drawer-footer').getByRole('button', { name: '关闭', exact: true }).click();
    await expect(this.form).toBeHidden();
  }

  async recordRepayment(date: string, principalYuan: string): Promise<void> {
    const form = this.page.getByTestId('repayment-form');
    await this.pickDate(form.getByLabel('还款日期'), date);
    await form.getByLabel('本金', { exact: true }).fill(principalYuan);
    await form.getByRole('button', { name: '记录还款' }).click();
  }

  async alertsAsOf(date: string): Promise<void> {
    await this.pickDate(this.alerts.locator('.ant-picker input').first(), date);
  }

  async subsidyQuarter(year: string, quarter: '第一季度' | '第二季度' | '第三季度' | '第四季度' | '全年'): Promise<void> {
    await this.subsidy.getByLabel('贴息年度').fill(year);
    await this.subsidy.getByLabel('贴息年度').press('Tab');
    await this.page.getByTestId('subsidy-span').getByText(quarter, { exact: true }).click();
  }
}
