import { expect, type Locator, type Page } from '@playwright/test';

export type NavLabel = '概览' | '人员名单' | '公益岗位' | '帮扶车间' | '小额信贷' | '问题清单' | '导入记录' | '操作日志' | '备份与恢复' | '设置';

/** The frame around every page: left navigation and the header. */
export class AppShell {
  constructor(readonly page: Page, readonly url: string) {}

  /** Opens the app on a route (hash), e.g. "persons"; the token in the URL authorises the session. */
  async open(route = 'persons'): Promise<void> {
    await this.page.goto(`${this.url}#/${route}`);
    await expect(this.nav('人员名单')).toBeVisible();
  }

  nav(label: NavLabel): Locator {
    return this.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: label, exact: true });
  }

  async go(label: NavLabel): Promise<void> {
    await this.nav(label).click();
  }

  get township(): Locator { return this.page.getByTestId('header-township'); }
  get dataFile(): Locator { return this.page.getByTestId('header-dbfile'); }
  get lastBackup(): Locator { return this.page.getByTestId('header-backup'); }
}
