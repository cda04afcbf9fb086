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

  /** The 跨乡镇问题 tab (only there while the county workspace holds packages); its label carries the count. */
  get countyTab(): Locator { return this.page.getByTestId('issues-tabs').getByText(/^跨乡镇问题（\d+）$/); }
  get county(): Locator { return this.page.getByTestId('county-issues'); }
  get countySummary(): Locator { return this.page.getByTestId('county-issues-summary'); }
  get countyAlert(): Locator { return this.page.getByTestId('county-issues-alert'); }
  get countyGrid(): Grid { return new Grid(this.page, 'county-issues-grid'); }

  /** The count of one rule in the 跨乡镇问题 按规则 table. */
  async countyRuleCount(code: string): Promise<number> {
    const row = this.page.getByTestId('county-issues-by-rule').locator('tbody tr[data-row-key]').filter({ has: this.page.getByRole('cell', { name: code, exact: true }) });
    await expect(row).toHaveCount(1);
    return Number((await row.locator('td').last().textContent())!.trim());
  }

  /** The grouped view (the default): one panel per rule, inside one per village. */
  get groups(): Locator { return this.page.getByTestId('issues-groups'); }
  /** A rule's panel header, or one village's inside it (clicking it opens or closes the panel). */
  group(rule: string, village?: string): Locator {
    return this.page.getByTestId(village ? `issues-group-${rule}-${village}` : `issues-group-${rule}`);
  }
  /** The bulk action of a group (批量续聘 for P13, 打印公示 for P10). */
  groupActions(rule: string, village?: string): Locator {
    return this.page.getByTestId(village ? `issues-group-actions-${rule}-${village}` : `issues-group-actions-${rule}`);
  }
  /** Switches to the list view: counts by rule and village, and the findings grid. */
  async showList(): Promise<void> {
    await this.page.getByTestId('issues-layout').getByText('列表', { exact: true }).click();
    await expect(this.byRule).toBeVisible();
  }

  async rerun(): Promise<void> {
    await this.page.getByTestId('issues-actions').getByRole('button', { name: '重新检查' }).click();
    await expect(this.summary).toBeVisible();
  }
}
