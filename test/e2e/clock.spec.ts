import path from 'node:path';
import { ROOT, expect, importThroughApi, rpc, test } from './fixtures';
import { Grid } from './pages/Grid';
import { openHousehold } from './pages/MonitoringPage';

// A ledger on a clock of its own (LEDGER_NOW, as a scripted or training session runs it): long before the
// computer's today. The page must count from the ledger's clock, or every form's default date is "later
// than today" for the backend and refused.
const LEDGER_NOW = '2024-03-15 10:00:00';
test.use({ ledgerEnv: { LEDGER_NOW } });

const SAMPLES = path.join(ROOT, '..', 'shared', 'samples');

test('the page\'s today is the ledger\'s: the header\'s 统计日期 and a form\'s default date, which the backend then accepts', async ({ app, page, ledger }) => {
  test.setTimeout(120_000);
  for (const [file, kind] of [['persons-county-export.xlsx', 'persons'], ['monitoring-objects.xlsx', 'monitoring']]) await importThroughApi(ledger, path.join(SAMPLES, file), kind);
  const open = await rpc<{ headName: string; identifying: boolean }[]>(ledger, 'monitoring.households', { openOnly: true });
  const h = open.find((r) => !r.identifying && open.filter((x) => x.headName === r.headName).length === 1)!;

  await app.open('monitoring');
  await expect(page.getByTestId('header-asof').locator('input')).toHaveValue('2024-03-15');
  const d = await openHousehold(page, new Grid(page, 'monitoring-grid'), h.headName);
  await d.getByTestId('monitoring-eliminate').click();
  const dlg = page.getByRole('dialog', { name: '记录风险消除' });
  await expect(dlg.getByLabel('风险消除日期')).toHaveValue('2024-03-15');
  await dlg.getByLabel('驻村干部（签字确认人）').fill('张驻村');
  await dlg.getByRole('button', { name: '保存' }).click();
  await expect(dlg).toBeHidden();
  await expect(d.getByTestId('monitoring-timeline-elimination')).toContainText('驻村干部 张驻村 签字确认');
  await expect(d.getByTestId('monitoring-eliminate')).toHaveCount(0);
});
