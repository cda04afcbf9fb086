import { expect, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { Grid } from './Grid';

/** 备份与恢复. */
export class BackupPage {
  readonly grid: Grid;
  constructor(readonly page: Page) {
    this.grid = new Grid(page, 'backups-grid');
  }

  get heading(): Locator { return this.page.getByRole('heading', { name: '备份与恢复' }); }
  get summary(): Locator { return this.page.getByTestId('backup-summary'); }
  get made(): Locator { return this.page.getByTestId('backup-made'); }
  get fromFile(): Locator { return this.page.getByTestId('restore-from-file'); }
  /** antd's confirm / success / error dialogs. */
  get dialog(): Locator { return this.page.locator('.ant-modal-confirm:visible'); }

  row(text: string): Locator { return this.grid.row(text); }

  async backupNow(): Promise<string> {
    await this.page.getByRole('button', { name: '立即备份', exact: true }).click();
    await expect(this.made).toBeVisible();
    return (await this.made.textContent())!.match(/已备份：(\S+\.sqlite)/)![1];
  }

  async download(trigger: Locator): Promise<{ fileName: string; bytes: Buffer }> {
    const download = this.page.waitForEvent('download');
    await trigger.click();
    const d = await download;
    return { fileName: d.suggestedFilename(), bytes: await readFile((await d.path())!) };
  }

  async closeDialog(): Promise<void> {
    await this.dialog.getByRole('button', { name: '知道了' }).click();
    await expect(this.dialog).toBeHidden();
  }

  async pickFile(file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    await this.fromFile.locator('input[type="file"]').setInputFiles(file);
    await expect(this.page.getByTestId('picked-file')).toContainText(file.name);
  }
}
