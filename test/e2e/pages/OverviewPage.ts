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

  async setDate(iso: string): Promise<void> {
    const input = this.page.getByTestId('overview-date').locator('input');
    await input.click();
    await input.fill(iso);
    await input.press('Enter');
    await expect(input).toHaveValue(iso);
  }
}

/** 报表与交换: 月报, 交换包, and the county merge. */
export class ExchangePage {
  constructor(readonly page: Page) {}
  get root(): Locator { return this.page.getByTestId('exchange-page'); }
  get result(): Locator { return this.page.getByTestId('merge-result'); }

  async upload(files: string[]): Promise<void> {
    await this.root.locator('.ant-upload input[type="file"]').setInputFiles(files);
  }
}
