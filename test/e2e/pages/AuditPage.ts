import { expect, type Locator, type Page } from '@playwright/test';
import { Grid } from './Grid';

/** 操作日志. */
export class AuditPage {
  readonly grid: Grid;
  constructor(readonly page: Page) {
    this.grid = new Grid(page, 'audit-grid');
  }

  get heading(): Locator { return this.page.getByRole('heading', { name: '操作日志' }); }
  get drawer(): Locator { return this.page.getByRole('dialog').filter({ hasText: '操作详情' }); }

  async dateRange(from: string, to: string): Promise<void> {
    await this.grid.root.getByPlaceholder('开始日期').click();
    await this.grid.root.getByPlaceholder('开始日期').fill(from);
    await this.grid.root.getByPlaceholder('开始日期').press('Enter');
    await this.grid.root.getByPlaceholder('结束日期').fill(to);
    await this.grid.root.getByPlaceholder('结束日期').press('Enter');
    await expect(this.grid.root.getByPlaceholder('结束日期')).toHaveValue(to);
  }
}
