import { expect, rpc, test } from './fixtures';
import { validId, withBadCheckDigit } from './ids';
import { PersonsPage } from './pages/PersonsPage';
import { seedRoster } from './seed';

test.describe('人员名单', () => {
  test('a fresh ledger explains how to start, with both ways in', async ({ app, page }) => {
    await app.open('persons');
    const persons = new PersonsPage(page);
    await expect(persons.emptyState).toBeVisible();
    await expect(persons.emptyState.getByRole('button', { name: '导入县里的名单' })).toBeVisible();
    await expect(persons.emptyState.getByRole('button', { name: '新增人员' })).toBeVisible();
    await expect(app.township).toHaveText('未设置乡镇');
    await expect(app.lastBackup).toContainText('尚未备份');
  });

  test('adds a person with a valid ID; the row survives a reload', async ({ app, page }) => {
    await app.open('persons');
    const persons = new PersonsPage(page);
    const before = await persons.currentTotal();
    const id = validId(11, '19800101');

    await persons.openNew();
    await persons.field('身份证号').fill(id);
    // Sex and birth date come from the ID, shown before saving.
    await expect(page.getByTestId('id-derived')).toContainText('性别：男');
    await expect(page.getByTestId('id-derived')).toContainText('出生日期：1980-01-01');
    await persons.field('姓名').fill('张三');
    await persons.save();
    await expect(persons.form).toBeHidden();

    await persons.grid.expectTotal(before + 1);
    const row = persons.grid.row(id);
    await expect(row).toHaveCount(1);
    await expect(persons.grid.cell(row, 'name')).toHaveText('张三');
    await expect(persons.grid.cell(row, 'sex')).toHaveText('男');
    await expect(persons.grid.cell(row, 'birthDate')).toHaveText('1980-01-01');

    await page.reload();
    await persons.grid.expectTotal(before + 1);
    await expect(persons.grid.cell(persons.grid.row(id), 'name')).toHaveText('张三');
  });

  test('a wrong check digit is explained in Chinese and nothing is saved', async ({ app, page }) => {
    await app.open('persons');
    const persons = new PersonsPage(page);
    const before = await persons.currentTotal();
    const bad = withBadCheckDigit(validId(21, '19750315'));

    await persons.openNew();
    await persons.field('身份证号').fill(bad);
    await persons.field('姓名').fill('李四');
    await expect(persons.fieldError('身份证号')).toContainText('校验位');
    await persons.save();
    // The drawer stays open with the message; nothing reached the ledger.
    await expect(persons.fieldError('身份证号')).toContainText('校验位');
    await expect(persons.form).toBeVisible();
    await persons.drawer.getByRole('button', { name: '取消', exact: true }).click();
    await expect(persons.form).toBeHidden();

    if (before === 0) await expect(persons.emptyState).toBeVisible();
    else await persons.grid.expectTotal(before);
    if (before > 0) await expect(persons.grid.row(bad.slice(0, 17))).toHaveCount(0);
  });

  test('a duplicate ID is refused with the name it already belongs to', async ({ app, page }) => {
    await app.open('persons');
    const persons = new PersonsPage(page);
    const id = validId(31, '19660708');
    await persons.add({ idNo: id, name: '赵六' });
    const total = await persons.grid.totalCount();

    await persons.openNew();
    await persons.fill({ idNo: id, name: '钱七' });
    await persons.save();
    await expect(persons.formError).toContainText(`身份证号 ${id} 已登记为“赵六”`);
    await persons.drawer.getByRole('button', { name: '取消', exact: true }).click();
    await persons.grid.expectTotal(total);
  });

  test('the 姓名 filter finds 王建国 by his pinyin initials "wjg"', async ({ app, page }) => {
    await app.open('persons');
    const persons = new PersonsPage(page);
    await persons.add({ idNo: validId(41, '19720202'), name: '王建国' });
    await persons.add({ idNo: validId(43, '19720203'), name: '李明' });
    await expect(persons.grid.row('李明')).toHaveCount(1);

    await persons.grid.filterText('姓名', 'wjg');
    await persons.grid.expectTotal(1);
    await expect(persons.grid.row('王建国')).toHaveCount(1);
    await expect(persons.grid.row('李明')).toHaveCount(0);

    // Any part of the ID works too.
    await persons.grid.textFilter('姓名').clear();
    await persons.grid.filterText('身份证号', validId(43, '19720203').slice(6, 14));
    await persons.grid.expectTotal(1);
    await expect(persons.grid.row('李明')).toHaveCount(1);
  });

  test('delete moves a person to the 回收站, 恢复 brings them back', async ({ app, page }) => {
    await app.open('persons');
    const persons = new PersonsPage(page);
    const id = validId(51, '19900909');
    await persons.add({ idNo: id, name: '孙八', householdType: '监测户', monitorCategory: '边缘易致贫户' });
    const total = await persons.grid.totalCount();

    await persons.openPerson('孙八');
    await expect(persons.field('监测对象类别')).toBeVisible();
    await persons.deleteOpenPerson();
    await persons.grid.expectTotal(total - 1);
    await expect(persons.grid.row(id)).toHaveCount(0);

    await persons.showRecycleBin();
    const deleted = persons.grid.row(id);
    await expect(deleted).toHaveCount(1);
    await deleted.getByRole('button', { name: '恢复' }).click();
    await expect(persons.grid.row(id)).toHaveCount(0);

    await persons.showActive();
    await persons.grid.expectTotal(total);
    await expect(persons.grid.cell(persons.grid.row(id), 'monitorCategory')).toHaveText('边缘易致贫户');
  });

  test('screenshot of the persons page with data', async ({ app, page, ledger }) => {
    if ((await rpc<unknown[]>(ledger, 'villages.list')).length === 0) await seedRoster(ledger, 36);
    await app.open('persons');
    const persons = new PersonsPage(page);
    await expect(persons.grid.rows.first()).toBeVisible();
    await page.screenshot({ path: 'test-results/persons-page.png' });
  });
});
