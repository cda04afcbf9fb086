import { expect, type Locator, type Page } from '@playwright/test';
import { Grid } from './Grid';

/** 问题清单: counts by rule and by village, and the findings grid. */
export class IssuesPage {
  readonly grid: Grid;
  constructor(readonly page: Page) {
    this.grid = new Grid(page, 'issues-grid');
  }

  get heading(): Locator { return this.page.getByRole('heading', { name: '问题清单' }); }
  get summary(): Locator { return this.page.getByTestId('issues-summary'); }
  get byRule(): Locator { return this.page.getByTestId('issues-by-rule'); }
  get byVillage(): Locator { return this.page.getByTestId('issues-by-village'); }

  /** The counts row of one rule, e.g. P01. */
  rule(code: string): Locator {
    return this.byRule.locator('tbody tr[data-row-key]').filter({ has: this.page.getByRole('cell', { name: code, exact: true }) });
  }

  async ruleCount(code: string): Promise<number> {
    const row = this.rule(code);
    await expect(row).toHaveCount(1);
    return Number((await row.locator('td').last().textContent())!.trim());
  }

  async rerun(): Promise<void> {
    await this.page.getByTestId('issues-actions').getByRole('button', { name: '重新检查' }).click();
    await expect(this.summary).toBeVisible();
  }
}
