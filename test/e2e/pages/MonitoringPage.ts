import { expect, type Locator, type Page } from '@playwright/test';
import type { Grid } from './Grid';

/** The household drawer of the 防返贫监测 page. */
export const monitoringDrawer = (page: Page) => page.getByTestId('monitoring-drawer');

/** Opens a household from the grid by its 户主's name (the name must be unique in the grid). */
export async function openHousehold(page: Page, grid: Grid, name: string): Promise<Locator> {
  await grid.filterText('户主姓名', name);
  await expect(grid.rows).toHaveCount(1);
  await expect(grid.rows.first()).toContainText(name); // the filter applies after a pause in typing
  await grid.rows.first().click();
  await expect(monitoringDrawer(page).locator('.ant-drawer-title')).toContainText(`${name}户`);
  return monitoringDrawer(page);
}
