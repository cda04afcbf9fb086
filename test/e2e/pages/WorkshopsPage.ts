import { expect, type Locator, type Page } from '@playwright/test';
import { chooseOption } from './antd';
import { Grid } from './Grid';

export interface WorkshopFields {
  name: string;
  village?: string;
  entity?: string;
  creditCode?: string;
  leader?: string;
  phone?: string;
  recognizedDate?: string;
}

export interface EmploymentFields {
  idNo: string;
  name: string;
  startDate: string;
  contractMonths: number;
  wageYuan: number;
  channel?: string;
}

export type WorkshopTab = '基本信息' | '运营状态' | '务工台账' | '认定与补助';

/** Types a date into an antd DatePicker the way a clerk does: the text, then Enter. */
export async function fillDate(input: Locator, value: string): Promise<void> {
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await expect(input).toHaveValue(value);
}

/** 帮扶车间: the list, the workshop drawer with its tabs, and the dialogs opened from it. */
export class WorkshopsPage {
  readonly grid: Grid;
  readonly employments: Grid;
  constructor(readonly page: Page) {
    this.grid = new Grid(page, 'workshops-grid');
    this.employments = new Grid(page, 'employments-grid');
  }

  get heading(): Locator { return this.page.getByRole('heading', { name: '帮扶车间' }); }
  get actions(): Locator { return this.page.getByTestId('workshops-actions'); }
  get summary(): Locator { return this.page.getByTestId('workshops-summary'); }
  /** The drawer's panel. */
  get drawer(): Locator { return this.page.getByRole('dialog').filter({ has: this.page.getByTestId('workshop-drawer') }); }
  get form(): Locator { return this.page.getByTestId('workshop-form'); }
  get formError(): Locator { return this.page.getByTestId('workshop-form-error'); }
  get history(): Locator { return this.page.getByTestId('status-entry'); }
  get qualification(): Locator { return this.page.getByTestId('qualification-result'); }

  field(label: string): Locator { return this.form.getByLabel(label, { exact: true }); }
  fieldMessage(label: string): Locator {
    return this.form.locator('.ant-form-item').filter({ has: this.page.getByLabel(label, { exact: true }) }).locator('.ant-form-item-explain');
  }

  dialog(testId: string): Locator { return this.page.getByRole('dialog').filter({ has: this.page.getByTestId(testId) }); }

  async expectLoaded(): Promise<void> {
    await expect(this.heading).toBeVisible();
    await expect(this.grid.total).toHaveText(/^共 \d+ 条$/);
  }

  async openNew(): Promise<void> {
    await this.actions.getByRole('button', { name: '新增车间' }).click();
    await expect(this.form).toBeVisible();
  }

  async fillInfo(w: WorkshopFields): Promise<void> {
    await this.field('车间名称').fill(w.name);
    if (w.village) await chooseOption(this.page, this.field('行政村'), w.village);
    if (w.entity) await this.field('经营主体').fill(w.entity);
    if (w.creditCode) await this.field('统一社会信用代码').fill(w.creditCode);
    if (w.leader) await this.field('负责人').fill(w.leader);
    if (w.phone) await this.field('联系电话').fill(w.phone);
    if (w.recognizedDate) await fillDate(this.field('认定时间'), w.recognizedDate);
  }

  /** Registers the workshop; the drawer stays open on its 务工台账. */
  async register(): Promise<void> {
    await this.form.getByRole('button', { name: '登记车间' }).click();
    await expect(this.tab('务工台账')).toHaveAttribute('aria-selected', 'true');
  }

  tab(name: WorkshopTab): Locator { return this.drawer.getByRole('tab', { name: new RegExp(`^${name}`) }); }
  async showTab(name: WorkshopTab): Promise<void> { await this.tab(name).click(); }

  async open(name: string): Promise<void> {
    await this.grid.cell(this.grid.row(name), 'name').click();
    await expect(this.drawer).toBeVisible();
    await expect(this.tab('基本信息')).toBeVisible();
  }

  async close(): Promise<void> {
    await this.drawer.getByRole('button', { name: 'Close' }).or(this.drawer.locator('.ant-drawer-close')).first().click();
    await expect(this.drawer).toBeHidden();
  }

  async addEmployment(e: EmploymentFields): Promise<void> {
    await this.page.getByTestId('workshop-employments').getByRole('button', { name: '添加务工人员' }).click();
    const dlg = this.dialog('employment-form');
    await expect(dlg).toBeVisible();
    const f = (label: string) => dlg.getByLabel(label, { exact: true });
    await f('身份证号').fill(e.idNo);
    await f('姓名').fill(e.name);
    await fillDate(f('入职日期'), e.startDate);
    await f('合同期限').fill(String(e.contractMonths));
    await f('月工资').fill(String(e.wageYuan));
    if (e.channel) await f('就业渠道').fill(e.channel);
    await dlg.getByRole('button', { name: '保存', exact: true }).click();
    await expect(dlg).toBeHidden();
    await expect(this.employments.row(e.idNo)).toHaveCount(1);
  }

  async changeStatus(s: { status: string; date: string; reason: string; measures?: string }): Promise<void> {
    await this.page.getByTestId('workshop-status').getByRole('button', { name: '变更状态' }).click();
    const dlg = this.dialog('status-form');
    await expect(dlg).toBeVisible();
    const f = (label: string) => dlg.getByLabel(label, { exact: true });
    await chooseOption(this.page, f('新状态'), s.status);
    await fillDate(f('变更日期'), s.date);
    await f('变更原因').fill(s.reason);
    if (s.measures) await f('帮扶措施').fill(s.measures);
    await dlg.getByRole('button', { name: '确认变更' }).click();
    await expect(dlg).toBeHidden();
  }
}
