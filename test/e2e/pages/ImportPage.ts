import { expect, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { chooseOption } from './antd';

export type PreviewCategory = 'new' | 'changed' | 'unchanged' | 'error';
const TAB_LABELS: Record<PreviewCategory, string> = { new: '新增', changed: '变更', unchanged: '未变', error: '错误' };
type FileArg = string | { name: string; mimeType: string; buffer: Buffer };

/** The import wizard: choose file → (check columns) → preview → done. */
export class ImportPage {
  constructor(readonly page: Page) {}

  get heading(): Locator { return this.page.getByRole('heading', { name: '导入人员名单' }); }
  get startError(): Locator { return this.page.getByTestId('import-error'); }
  get mapping(): Locator { return this.page.getByTestId('import-mapping'); }
  get preview(): Locator { return this.page.getByTestId('import-preview'); }
  get summary(): Locator { return this.page.getByTestId('import-summary'); }

  async upload(file: FileArg): Promise<void> {
    await expect(this.heading).toBeVisible();
    await this.page.locator('.ant-upload input[type="file"]').setInputFiles(file);
  }

  /** Waits for reading to finish; a 3000-row workbook takes a few seconds. */
  async expectPreview(): Promise<void> {
    await expect(this.preview).toBeVisible({ timeout: 60_000 });
  }

  async count(category: PreviewCategory): Promise<number> {
    const el = this.page.getByTestId(`count-${category}`);
    await expect(el).toHaveText(new RegExp(`^${TAB_LABELS[category]} \\d+$`));
    return Number((await el.textContent())!.replace(/\D/g, ''));
  }

  async showTab(category: PreviewCategory): Promise<Locator> {
    await this.preview.getByRole('tab', { name: new RegExp(`^${TAB_LABELS[category]} `) }).click();
    const list = this.page.getByTestId(`preview-${category}`);
    await expect(list).toBeVisible();
    return list;
  }

  /** A preview table row by its Excel row number. */
  previewRow(list: Locator, excelRow: number): Locator {
    return list.locator(`tr[data-row-key="${excelRow}"]`);
  }

  mappingSelect(fieldLabel: string): Locator {
    return this.mapping.getByLabel(`${fieldLabel}对应的列`);
  }

  async mapColumn(fieldLabel: string, optionText: string): Promise<void> {
    await chooseOption(this.page, this.mappingSelect(fieldLabel), optionText);
  }

  async confirmMapping(): Promise<void> {
    await this.mapping.getByRole('button', { name: '确认对应关系' }).click();
  }

  async commit(): Promise<void> {
    await this.preview.getByRole('button', { name: '确认导入' }).click();
    await expect(this.summary).toBeVisible({ timeout: 60_000 });
  }

  async cancel(): Promise<void> {
    await this.page.getByRole('button', { name: '取消', exact: true }).click();
  }

  /** Downloads the error report and returns its bytes. */
  async downloadErrorReport(): Promise<{ fileName: string; bytes: Buffer }> {
    const download = this.page.waitForEvent('download');
    await this.preview.getByRole('button', { name: '下载错误报告' }).click();
    const d = await download;
    return { fileName: d.suggestedFilename(), bytes: await readFile(await d.path()) };
  }
}
