import path from 'node:path';
import { expect, test } from './fixtures';
import { validId } from './ids';
import { PersonsPage } from './pages/PersonsPage';
import { SettingsPage } from './pages/SettingsPage';

test('settings start from the documented defaults, and the township appears in the header once saved', async ({ app, page, ledger }) => {
  await app.open('settings');
  const settings = new SettingsPage(page);
  await expect(settings.field('公示天数')).toHaveValue('5');
  await expect(settings.field('打印时隐藏身份证号中间位')).toBeChecked();
  await expect(page.getByTestId('settings-dbfile')).toContainText(path.join(ledger.dataDir, 'ledger.sqlite'));
  await expect(app.dataFile).toHaveText(path.join(ledger.dataDir, 'ledger.sqlite'));

  await settings.field('县').fill('昔阳县');
  await settings.field('乡镇').fill('乐平镇');
  await settings.field('公示天数').fill('7');
  await settings.field('监督电话').fill('0354-4123456');
  await settings.field('打印时隐藏身份证号中间位').uncheck();
  await settings.save();
  await expect(app.township).toHaveText('乐平镇');

  await page.reload();
  await expect(settings.field('乡镇')).toHaveValue('乐平镇');
  await expect(settings.field('公示天数')).toHaveValue('7');
  await expect(settings.field('打印时隐藏身份证号中间位')).not.toBeChecked();
});

test('村管理: add a village (12-digit code checked), rename it, and pick it for a person', async ({ app, page }) => {
  await app.open('settings');
  const settings = new SettingsPage(page);
  await settings.villages.getByRole('button', { name: '新增村' }).click();
  await settings.fillVillage('李家庄村', '14072410');
  await settings.submitVillage();
  await expect(settings.villageDialog).toContainText('村代码应为12位数字');
  await settings.fillVillage('李家庄村', '140724100299');
  await settings.submitVillage();
  await expect(settings.villageDialog).toBeHidden();
  await expect(settings.village('李家庄村')).toContainText('140724100299');

  await settings.village('李家庄村').getByRole('button', { name: '改名/改代码' }).click();
  await settings.villageDialog.getByLabel('村名').fill('李家庄');
  await settings.submitVillage();
  await expect(settings.village('李家庄')).toContainText('140724100299');

  await app.go('人员名单');
  const persons = new PersonsPage(page);
  await persons.add({ idNo: validId(61, '19850505'), name: '李有田', village: '李家庄' });
  await expect(persons.grid.cell(persons.grid.row('李有田'), 'villageName')).toHaveText('李家庄');
  await persons.grid.filterSelect('村', '李家庄');
  await persons.grid.expectTotal(1);

  await app.go('设置');
  await expect(settings.village('李家庄').getByRole('cell').nth(2)).toHaveText('1');
});
