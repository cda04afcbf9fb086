import { expect, type Locator, type Page } from '@playwright/test';

/** The shared DataGrid, found by its data-testid. */
export class Grid {
  readonly root: Locator;
  constructor(readonly page: Page, testId: string) {
    this.root = page.getByTestId(testId);
  }

  get total(): Locator { return this.root.getByTestId('grid-total'); }
  get body(): Locator { return this.root.getByRole('grid'); }
  /** Data rows only (they carry data-row-index); header and filter rows are left out. */
  get rows(): Locator { return this.root.locator('[role="row"][data-row-index]'); }

  async expectTotal(n: number): Promise<void> {
    await expect(this.total).toHaveText(`共 ${n} 条`);
  }

  async totalCount(): Promise<number> {
    await expect(this.total).toHaveText(/^共 \d+ 条$/);
    return Number((await this.total.textContent())!.replace(/\D/g, ''));
  }

  row(text: string): Locator {
    return this.rows.filter({ hasText: text });
  }

  cell(row: Locator, columnKey: string): Locator {
    return row.locator(`[role="gridcell"][data-col="${columnKey}"]`);
  }

  columnHeader(title: string): Locator {
    return this.root.getByRole('columnheader', { name: new RegExp(`^${title}( [▲▼])?$`) });
  }

  textFilter(title: string): Locator {
    return this.root.getByLabel(`筛选${title}`);
  }

  async filterText(title: string, value: string): Promise<void> {
    await this.textFilter(title).fill(value);
  }

  async filterSelect(title: string, option: string): Promise<void> {
    await this.root.getByLabel(`筛选${title}`).click();
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${option}$`) }).click();
  }

  /** 导出当前列表: the downloaded workbook's file name, and its cells from the header row (row 3) down, as Excel reads them. */
  async exportXlsx(): Promise<{ fileName: string; rows: (string | number | null)[][] }> {
    const download = this.page.waitForEvent('download');
    await this.root.getByRole('button', { name: '导出当前列表' }).click();
    const d = await download;
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await d.path())!);
    const ws = wb.worksheets[0];
    const rows: (string | number | null)[][] = [];
    ws.eachRow((row, n) => { if (n >= 3) rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? null : typeof v === 'number' ? v : String(v)))); });
    return { fileName: d.suggestedFilename(), rows };
  }
}
