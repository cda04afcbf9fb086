import type { Locator, Page } from '@playwright/test';

/** Picks an option in an antd Select: its dropdown is portalled to <body>, outside the form. */
export async function chooseOption(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${option}$`) }).click();
}
