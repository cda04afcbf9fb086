import ExcelJS from 'exceljs';
import { expect, rpc, test } from './fixtures';
import { AuditPage } from './pages/AuditPage';
import { BackupPage } from './pages/BackupPage';
import { seedRoster } from './seed';

// One clerk's day with the data-safety pages: each test builds on the ledger the previous one left.
test.describe.configure({ mode: 'serial' });

const SQLITE_MAGIC = 'SQLite format 3\0';
let backupName = '';
let backupBytes: Buffer;

test('first start asks who is working; the name goes into the header and the log', async ({ app, page, ledger }) => {
  await rpc(ledger, 'settings.update', { operator: '' }); // a new ledger (the fixture names its clerk)
  await app.open('persons');
  const prompt = page.getByTestId('operator-prompt');
  await expect(prompt).toBeVisible();
  await prompt.getByLabel('本次操作员').fill('张会计');
  await prompt.getByRole('button', { name: '确认姓名' }).click();
  await expect(page.getByTestId('header-operator')).toContainText('操作员：张会计');
  await expect(prompt).toBeHidden();
  expect((await rpc<{ operator: string }>(ledger, 'settings.get')).operator).toBe('张会计');
  await seedRoster(ledger, 36);
});

test('立即备份: a file named with the township and time, listed with its size, the header shows when', async ({ app, page, ledger }) => {
  await rpc(ledger, 'settings.update', { ...(await rpc<Record<string, unknown>>(ledger, 'settings.get')), township: '乐平镇' });
  await app.open('backup');
  const backup = new BackupPage(page);
  await expect(backup.heading).toBeVisible();
  await expect(backup.summary).toContainText('还没有备份过');
  await expect(app.lastBackup).toContainText('尚未备份');

  backupName = await backup.backupNow();
  expect(backupName).toMatch(/^乐平镇-台账备份-\d{8}-\d{6}\.sqlite$/);
  await expect(backup.row(backupName)).toBeVisible();
  await expect(backup.grid.cell(backup.row(backupName), 'kind')).toHaveText('手动备份');
  await expect(backup.grid.cell(backup.row(backupName), 'size')).toHaveText(/^\d+ KB$/);
  await expect(app.lastBackup).toHaveText(/^上次备份：\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await expect(backup.summary).toContainText('上次备份：');

  // In the browser the file comes down as bytes (to a USB drive); the page never sends a path.
  const d = await backup.download(backup.made.getByRole('button', { name: '下载到U盘' }));
  expect(d.fileName).toBe(backupName);
  expect(d.bytes.subarray(0, 16).toString('latin1')).toBe(SQLITE_MAGIC);
  backupBytes = d.bytes;
});

test('校验: a listed backup passes; a file cut in half is refused and says why', async ({ app, page }) => {
  await app.open('backup');
  const backup = new BackupPage(page);
  await backup.row(backupName).getByRole('button', { name: '校验' }).click();
  await expect(backup.dialog).toContainText('校验通过');
  await expect(backup.dialog).toContainText('人员 36 人');
  await backup.closeDialog();

  await backup.pickFile({ name: 'half.sqlite', mimeType: 'application/octet-stream', buffer: backupBytes.subarray(0, backupBytes.length >> 1) });
  await backup.fromFile.getByRole('button', { name: '校验此文件' }).click();
  await expect(backup.dialog).toContainText('校验未通过');
  await expect(backup.dialog).toContainText('文件不完整');
  await backup.closeDialog();
});

test('恢复: says the current data is backed up first, brings the old data back, keeps a 恢复前备份', async ({ app, page, ledger }) => {
  const { rows } = await rpc<{ rows: { id: number; name: string }[] }>(ledger, 'persons.query', { limit: 1 });
  await rpc(ledger, 'persons.delete', { id: rows[0].id });
  expect((await rpc<{ persons: number }>(ledger, 'stats.get')).persons).toBe(35);

  await app.open('backup');
  const backup = new BackupPage(page);
  await backup.row(backupName).getByRole('button', { name: '恢复' }).click();
  const confirm = page.getByTestId('restore-confirm');
  await expect(confirm).toContainText('恢复前会先把当前数据完整备份一份');
  await backup.dialog.getByRole('button', { name: '取消' }).click();
  expect((await rpc<{ persons: number }>(ledger, 'stats.get')).persons).toBe(35); // 取消 changes nothing

  await backup.row(backupName).getByRole('button', { name: '恢复' }).click();
  await backup.dialog.getByRole('button', { name: '备份当前数据并恢复' }).click();
  await expect(page.getByTestId('restore-done')).toContainText('人员 36 人');
  await backup.dialog.getByRole('button', { name: '重新打开台账' }).click();
  await expect(backup.heading).toBeVisible();
  expect((await rpc<{ persons: number }>(ledger, 'stats.get')).persons).toBe(36);
  await expect(backup.grid.cell(backup.row('恢复前备份'), 'kind')).toHaveText('恢复前备份');
  await expect(backup.row(backupName)).toBeVisible();
  await page.screenshot({ path: 'test-results/backup-page.png' });
});

test('操作日志: who did what, filtered by object and date, details in a drawer, exported to Excel', async ({ app, page }) => {
  await app.open('persons');
  await app.go('操作日志');
  const audit = new AuditPage(page);
  await expect(audit.heading).toBeVisible();
  const all = await audit.grid.totalCount();
  expect(all).toBeGreaterThan(36);

  await audit.grid.filterSelect('对象', '整个数据库');
  await audit.grid.expectTotal(1);
  const restoreRow = audit.grid.rows.first();
  await expect(audit.grid.cell(restoreRow, 'operator')).toHaveText('张会计');
  await expect(audit.grid.cell(restoreRow, 'action')).toHaveText('恢复');
  await expect(audit.grid.cell(restoreRow, 'summary')).toContainText(backupName);
  await audit.grid.cell(restoreRow, 'summary').click();
  await expect(audit.drawer).toContainText('恢复自');
  await page.screenshot({ path: 'test-results/audit-page.png' });
  await page.keyboard.press('Escape');
  await expect(audit.drawer).toBeHidden();

  await audit.grid.filterSelect('对象', '人员');
  await audit.grid.filterSelect('操作类型', '新增');
  await audit.grid.expectTotal(36);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^乐平镇操作日志-\d{8}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await file.path())!);
  const ws = wb.worksheets[0];
  // The log names people by their whole ID, so its title carries the notice every full-ID export has.
  expect(String(ws.getCell('A1').value)).toBe('乐平镇操作日志（含完整身份证号，注意保密）');
  expect(String(ws.getCell('A2').value)).toContain('对象 人员，操作类型 新增');
  expect(ws.rowCount).toBe(3 + 36);

  await audit.dateRange('2020-01-01', '2020-01-31');
  await expect(audit.grid.root.getByTestId('grid-empty')).toBeVisible();
});

test('程序锁: set in 设置, locks after the idle minutes and from the header, unlocks only with the password', async ({ page, ledger }) => {
  await page.clock.install();
  await page.goto(`${ledger.url}#/settings`);
  const card = page.getByTestId('lock-settings');
  await expect(card).toContainText('未开启');
  await card.getByLabel('密码', { exact: true }).fill('乐平1234');
  await card.getByLabel('再输入一次').fill('乐平1234');
  await card.getByLabel('无操作多少分钟后锁定').fill('2');
  await card.getByRole('button', { name: '开启程序锁' }).click();
  await expect(card).toContainText('已开启');

  // Away from the desk: after 2 idle minutes the screen locks and the backend refuses calls.
  await page.clock.fastForward('02:10');
  const lock = page.getByTestId('lock-screen');
  await expect(lock).toBeVisible();
  await expect(page.getByTestId('settings-form')).toBeHidden();
  await expect(rpc(ledger, 'persons.query', {})).rejects.toThrow('程序已锁定');

  await lock.getByLabel('程序锁密码').fill('wrong');
  await lock.getByRole('button', { name: '解锁' }).click();
  await expect(lock).toContainText('密码不正确，还可以再试 4 次');
  await lock.getByLabel('程序锁密码').fill('乐平1234');
  await lock.getByRole('button', { name: '解锁' }).click();
  await expect(lock).toBeHidden();
  await expect(page.getByTestId('settings-form')).toBeVisible();

  // The header's 锁定 button, and a reload while locked still shows the lock screen.
  await page.getByTestId('lock-now').click();
  await expect(lock).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await page.getByTestId('lock-screen').getByLabel('程序锁密码').fill('乐平1234');
  await page.getByTestId('lock-screen').getByRole('button', { name: '解锁' }).click();
  await expect(page.getByTestId('settings-form')).toBeVisible();

  // Turning it off needs the current password.
  await card.getByLabel('当前密码').fill('乐平1234');
  await card.getByRole('button', { name: '关闭程序锁' }).click();
  await expect(card).toContainText('未开启');
  await expect(page.getByTestId('lock-now')).toBeHidden();
});
