import { expect, type Locator, type Page } from '@playwright/test';
import { chooseOption } from './antd';
import { Grid } from './Grid';

export interface PersonFields {
  idNo: string;
  name: string;
  village?: string;
  householdNo?: string;
  householdType?: '脱贫户' | '监测户' | '一般户';
  monitorCategory?: string;
  phone?: string;
}

export class PersonsPage {
  readonly grid: Grid;
  constructor(readonly page: Page) {
    this.grid = new Grid(page, 'persons-grid');
  }

  get actions(): Locator { return this.page.getByTestId('persons-actions'); }
  get emptyState(): Locator { return this.page.getByTestId('persons-empty'); }
  get form(): Locator { return this.page.getByTestId('person-form'); }
  get formError(): Locator { return this.page.getByTestId('person-form-error'); }
  /** The drawer's panel (footer buttons live outside the <form>). */
  get drawer(): Locator { return this.page.getByRole('dialog').filter({ has: this.form }); }

  field(label: string): Locator { return this.form.getByLabel(label, { exact: true }); }
  /** The live validation message under a form field. */
  fieldError(label: string): Locator {
    return this.form.locator('.ant-form-item').filter({ has: this.page.getByLabel(label, { exact: true }) }).locator('.ant-form-item-explain-error');
  }

  /** Persons in the list now; a fresh ledger shows the empty state instead of the grid. */
  async currentTotal(): Promise<number> {
    await expect(this.emptyState.or(this.grid.total.filter({ hasText: /^共 \d+ 条$/ }))).toBeVisible();
    if (await this.emptyState.isVisible()) return 0;
    return this.grid.totalCount();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: '人员名单' })).toBeVisible();
  }

  async openNew(): Promise<void> {
    await this.actions.getByRole('button', { name: '新增人员' }).click();
    await expect(this.form).toBeVisible();
  }

  async fill(p: PersonFields): Promise<void> {
    await this.field('身份证号').fill(p.idNo);
    await this.field('姓名').fill(p.name);
    if (p.village) await chooseOption(this.page, this.field('村'), p.village);
    if (p.householdNo) await this.field('户编号').fill(p.householdNo);
    if (p.householdType) await chooseOption(this.page, this.field('户类型'), p.householdType);
    if (p.monitorCategory) await chooseOption(this.page, this.field('监测对象类别'), p.monitorCategory);
    if (p.phone) await this.field('电话').fill(p.phone);
  }

  async save(): Promise<void> {
    await this.drawer.getByRole('button', { name: '保存', exact: true }).click();
  }

  /** Adds a person through the drawer and waits until the drawer has closed (the save went through). */
  async add(p: PersonFields): Promise<void> {
    await this.openNew();
    await this.fill(p);
    await this.save();
    await expect(this.form).toBeHidden();
    await expect(this.grid.row(p.idNo)).toHaveCount(1);
  }

  async openPerson(name: string): Promise<void> {
    await this.grid.cell(this.grid.row(name), 'name').click();
    await expect(this.form).toBeVisible();
    await expect(this.field('姓名')).toHaveValue(name);
  }

  async deleteOpenPerson(): Promise<void> {
    await this.drawer.getByRole('button', { name: '删除', exact: true }).click();
    await this.page.locator('.ant-popconfirm:visible').getByRole('button', { name: '删除', exact: true }).click();
    await expect(this.form).toBeHidden();
  }

  async showRecycleBin(): Promise<void> {
    await this.page.locator('.ant-segmented').getByText('回收站', { exact: true }).click();
  }

  async showActive(): Promise<void> {
    await this.page.locator('.ant-segmented').getByText('在册人员', { exact: true }).click();
  }
}
