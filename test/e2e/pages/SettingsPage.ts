import { expect, type Locator, type Page } from '@playwright/test';

export class SettingsPage {
  constructor(readonly page: Page) {}

  get form(): Locator { return this.page.getByTestId('settings-form'); }
  get villages(): Locator { return this.page.getByTestId('villages-section'); }
  get villageDialog(): Locator { return this.page.getByRole('dialog').filter({ has: this.page.getByLabel('村名') }); }
  field(label: string): Locator { return this.form.getByLabel(label, { exact: true }); }

  async save(): Promise<void> {
    await this.form.getByRole('button', { name: '保存设置' }).click();
    await expect(this.page.getByText('设置已保存')).toBeVisible();
  }

  village(name: string): Locator {
    return this.villages.locator('tbody tr').filter({ has: this.page.getByRole('cell', { name, exact: true }) });
  }

  async fillVillage(name: string, code: string): Promise<void> {
    await this.villageDialog.getByLabel('村名').fill(name);
    await this.villageDialog.getByLabel('村代码（12位行政区划代码）').fill(code);
  }

  async submitVillage(): Promise<void> {
    await this.villageDialog.getByRole('button', { name: '保存' }).click();
  }
}
