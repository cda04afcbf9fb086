import { expect, type Locator, type Page } from '@playwright/test';

/** 概览: figure buttons (each opens its list), the date picker, and 报表与交换. */
export class OverviewPage {
  constructor(readonly page: Page) {}

  get root(): Locator { return this.page.getByTestId('overview-page'); }
  get emptyState(): Locator { return this.page.getByTestId('overview-empty'); }
  get notes(): Locator { return this.root.locator('.ov-notes'); }

  figure(testId: string): Locator { return this.page.getByTestId(testId); }

  /** The number a figure shows, without its unit and thousands separators. */
  async value(testId: string): Promise<number> {
    const text = (await this.figure(testId).locator('.ov-figure-value').textContent()) ?? '';
    return Number(text.replace(/[^\d.]/g, ''));
  }

  /** The header's 统计日期 (it drives 概览 and the other pages alike). */
  async setDate(iso: string): Promise<void> {
    const input = this.page.getByTestId('header-asof').locator('input');
    await input.click();
    await input.fill(iso);
    await input.press('Enter');
    await expect(input).toHaveValue(iso);
  }
}

/** 报表与交换: 月报, 交换包, the county merge and the county workspace (县级汇总). */
export class ExchangePage {
  constructor(readonly page: Page) {}
  get root(): Locator { return this.page.getByTestId('exchange-page'); }
  get result(): Locator { return this.page.getByTestId('merge-result'); }
  get workspace(): Locator { return this.page.getByTestId('county-workspace'); }
  get importResult(): Locator { return this.page.getByTestId('county-import-result'); }
  get figures(): Locator { return this.page.getByTestId('county-figures'); }
  /** Data rows of the stored packages table. */
  get packages(): Locator { return this.page.getByTestId('county-packages').locator('tbody tr[data-row-key]'); }
  package(township: string): Locator { return this.packages.filter({ hasText: township }); }

  async upload(files: string[]): Promise<void> {
    await this.root.locator('.ant-upload input[type="file"]').setInputFiles(files);
  }

  /** 存入县级汇总 with the files chosen, waiting for the outcome. */
  async keep(files: string[]): Promise<void> {
    await this.upload(files);
    await this.page.getByTestId('county-import').click();
    await expect(this.importResult).toBeVisible();
  }

  async remove(township: string): Promise<void> {
    await this.package(township).getByRole('button', { name: '移除' }).click();
    await this.page.locator('.ant-popconfirm:visible').getByRole('button', { name: '移除' }).click();
    await expect(this.package(township)).toHaveCount(0);
  }
}
