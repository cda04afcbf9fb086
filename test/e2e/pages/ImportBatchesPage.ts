import { expect, type Locator, type Page } from '@playwright/test';
import { Grid } from './Grid';

export class ImportBatchesPage {
  readonly grid: Grid;
  constructor(readonly page: Page) {
    this.grid = new Grid(page, 'batches-grid');
  }

  get heading(): Locator { return this.page.getByRole('heading', { name: '导入记录' }); }

  batch(fileName: string): Locator { return this.grid.row(fileName); }

  async undo(fileName: string): Promise<void> {
    await this.batch(fileName).getByRole('button', { name: '撤销本批' }).click();
    await this.page.locator('.ant-popconfirm:visible').getByRole('button', { name: '撤销本批' }).click();
    await expect(this.grid.cell(this.batch(fileName), 'status')).toContainText('已撤销');
  }
}
