import { expect, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { chooseOption } from './antd';
import { Grid } from './Grid';

export interface PostFields {
  village: string;
  name: string;
  category?: string;
  fundSource?: string;
  headcount?: number;
  wageYuan: string;
  workTime?: string;
  duties?: string;
  councilDate?: string;
  councilRecord?: string;
}

export interface AppointmentFields {
  /** Text of the post option, e.g. "西关村 · 保洁员". */
  post: string;
  /** What to type in the person search (name, pinyin initials or ID). */
  search: string;
  /** Text that picks one option among the matches (the ID). */
  pick: string;
  agreementNo?: string;
  startDate: string;
  endDate?: string;
  bankAccount?: string;
  bankName?: string;
}

export type PostsTabLabel = '岗位库' | '聘用' | '考勤与工资';

/** Fills an antd DatePicker the way a clerk types: the date as text, then Enter. */
export async function fillDate(_page: Page, input: Locator, value: string): Promise<void> {
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await expect(input).toHaveValue(value);
}

/** 公益岗位: tabs 岗位库 | 聘用 | 考勤与工资, each tab's grid and drawer. */
export class PostsPage {
  readonly posts: Grid;
  readonly appointments: Grid;
  constructor(readonly page: Page) {
    this.posts = new Grid(page, 'posts-grid');
    this.appointments = new Grid(page, 'appointments-grid');
  }

  get heading(): Locator { return this.page.getByRole('heading', { name: '公益岗位', exact: true }); }
  get tabs(): Locator { return this.page.getByTestId('posts-tabs'); }
  get libraryActions(): Locator { return this.page.getByTestId('library-actions'); }
  get postForm(): Locator { return this.page.getByTestId('post-form'); }
  get postDrawer(): Locator { return this.page.getByRole('dialog').filter({ has: this.postForm }); }
  get holders(): Locator { return this.page.getByTestId('post-holders'); }
  get appointmentForm(): Locator { return this.page.getByTestId('appointment-form'); }
  get appointmentDrawer(): Locator { return this.page.getByRole('dialog').filter({ has: this.appointmentForm }); }
  get appointmentWarnings(): Locator { return this.page.getByTestId('appointment-warnings'); }
  get exitForm(): Locator { return this.page.getByTestId('exit-form'); }
  get exitDialog(): Locator { return this.page.getByRole('dialog').filter({ has: this.exitForm }); }
  get personFilter(): Locator { return this.page.getByTestId('appointments-person-filter'); }

  async expectLoaded(): Promise<void> {
    await expect(this.heading).toBeVisible();
  }

  async tab(label: PostsTabLabel): Promise<void> {
    await this.tabs.getByRole('tab', { name: label, exact: true }).click();
  }

  postField(label: string): Locator { return this.postForm.getByLabel(label, { exact: true }); }
  appointmentField(label: string): Locator { return this.appointmentForm.getByLabel(label, { exact: true }); }

  // 岗位库

  async addPost(p: PostFields): Promise<void> {
    await this.libraryActions.getByRole('button', { name: '新增岗位' }).click();
    await expect(this.postForm).toBeVisible();
    await chooseOption(this.page, this.postField('村'), p.village);
    await this.postField('岗位名称').fill(p.name);
    if (p.category) await chooseOption(this.page, this.postField('岗位类别'), p.category);
    if (p.fundSource) await this.postField('资金来源').fill(p.fundSource);
    if (p.headcount != null) await this.postField('人员数量').fill(String(p.headcount));
    await this.postField('月补贴标准').fill(p.wageYuan);
    if (p.workTime) await this.postField('工作时间').fill(p.workTime);
    if (p.duties) await this.postField('工作职责').fill(p.duties);
    if (p.councilDate) await fillDate(this.page, this.postField('村委会研究日期'), p.councilDate);
    if (p.councilRecord) await this.postField('村委会研究记录').fill(p.councilRecord);
    await this.postDrawer.getByRole('button', { name: '保存', exact: true }).click();
    await expect(this.postForm).toBeHidden();
  }

  async openPost(name: string): Promise<void> {
    await this.posts.cell(this.posts.row(name).first(), 'name').click();
    await expect(this.postForm).toBeVisible();
  }

  async download(button: Locator): Promise<{ fileName: string; bytes: Buffer }> {
    const download = this.page.waitForEvent('download');
    await button.click();
    const d = await download;
    return { fileName: d.suggestedFilename(), bytes: await readFile(await d.path()) };
  }

  // 聘用

  async openNewAppointment(): Promise<void> {
    await this.page.getByTestId('appointments-actions').getByRole('button', { name: '新增聘用' }).click();
    await expect(this.appointmentForm).toBeVisible();
  }

  async choosePerson(search: string, pick: string): Promise<void> {
    const picker = this.appointmentField('人员');
    await picker.click();
    await picker.fill(search);
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: pick }).click();
  }

  async fillAppointment(a: AppointmentFields): Promise<void> {
    await this.appointmentField('岗位').click();
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: a.post }).first().click();
    await this.choosePerson(a.search, a.pick);
    if (a.agreementNo) await this.appointmentField('协议编号').fill(a.agreementNo);
    await fillDate(this.page, this.appointmentField('聘用开始日期'), a.startDate);
    if (a.endDate) await fillDate(this.page, this.appointmentField('聘用结束日期'), a.endDate);
    if (a.bankAccount) await this.appointmentField('银行卡号').fill(a.bankAccount);
    if (a.bankName) await this.appointmentField('开户行').fill(a.bankName);
  }

  async saveAppointment(): Promise<void> {
    await this.appointmentDrawer.getByRole('button', { name: '保存', exact: true }).click();
    await expect(this.appointmentForm).toBeHidden();
  }

  async openAppointment(text: string): Promise<void> {
    await this.appointments.cell(this.appointments.row(text).first(), 'personName').click();
    await expect(this.appointmentForm).toBeVisible();
  }

  async exitOpenAppointment(date: string, reason: string, note?: string): Promise<void> {
    await this.appointmentDrawer.getByRole('button', { name: '退岗', exact: true }).click();
    await expect(this.exitForm).toBeVisible();
    await fillDate(this.page, this.exitForm.getByLabel('退岗日期'), date);
    await chooseOption(this.page, this.exitForm.getByLabel('退岗原因'), reason);
    if (note) await this.exitForm.getByLabel('说明').fill(note);
    await this.exitDialog.getByRole('button', { name: '确认退岗' }).click();
    await expect(this.exitForm).toBeHidden();
  }
}

/** 考勤与工资: one month's editable sheet. */
export class AttendanceSheet {
  constructor(readonly page: Page) {}

  get root(): Locator { return this.page.getByTestId('posts-attendance'); }
  get table(): Locator { return this.page.getByTestId('attendance-grid'); }
  get actions(): Locator { return this.page.getByTestId('attendance-actions'); }
  get lockedTag(): Locator { return this.page.getByTestId('attendance-locked'); }
  get totalPayable(): Locator { return this.page.getByTestId('att-total-payable'); }
  get totalPaid(): Locator { return this.page.getByTestId('att-total-paid'); }

  async chooseMonth(month: string): Promise<void> {
    await fillDate(this.page, this.root.getByLabel('月份'), month);
  }

  row(name: string): Locator {
    return this.table.locator('tbody tr[data-row-key]').filter({ hasText: name });
  }

  due(name: string): Locator { return this.row(name).getByTestId('att-due'); }
  present(name: string): Locator { return this.row(name).getByTestId('att-present'); }
  paid(name: string): Locator { return this.row(name).getByTestId('att-paid'); }
  reason(name: string): Locator { return this.row(name).getByTestId('att-reason'); }
  payable(name: string): Locator { return this.row(name).getByTestId('att-payable'); }

  async assess(name: string, result: '合格' | '不合格'): Promise<void> {
    await this.row(name).getByText(result, { exact: true }).click();
  }

  async save(): Promise<void> {
    await this.actions.getByRole('button', { name: '保存', exact: true }).click();
    await expect(this.page.getByText(/^已保存 \d{4}-\d{2} 考勤/)).toBeVisible();
  }

  async lock(): Promise<void> {
    await this.actions.getByRole('button', { name: '锁定本月' }).click();
    await this.page.locator('.ant-modal-confirm:visible').getByRole('button', { name: '锁定本月' }).click();
    await expect(this.lockedTag).toBeVisible();
  }
}
