import ExcelJS from 'exceljs';
import path from 'node:path';
import { expect, ROOT, test } from './fixtures';
import { validId } from './ids';
import { ImportBatchesPage } from './pages/ImportBatchesPage';
import { ImportPage } from './pages/ImportPage';
import { PersonsPage } from './pages/PersonsPage';

// The shared samples live next to the repository (see DESIGN.md); CI can point elsewhere.
const SAMPLES = process.env.LEDGER_SAMPLES ?? path.resolve(ROOT, '../shared/samples');
const COUNTY_EXPORT = path.join(SAMPLES, 'persons-county-export.xlsx');
const BAD_CHECKSUM = path.join(SAMPLES, 'bad/bad-checksum.xlsx');
const BAD_ROWS = [6, 9, 11, 13, 15, 17, 19, 21];

/** Rows of the error report under its header row, keyed by header text. */
async function readErrorReport(bytes: Buffer): Promise<Record<string, string>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  let headerRow = 0;
  ws.eachRow((row, n) => {
    if (!headerRow && (row.values as unknown[]).some((v) => v === '错误原因')) headerRow = n;
  });
  expect(headerRow, '错误报告中应有“错误原因”列').toBeGreaterThan(0);
  const headers = (ws.getRow(headerRow).values as unknown[]).map((v) => (v == null ? '' : String(v)));
  const out: Record<string, string>[] = [];
  ws.eachRow((row, n) => {
    if (n <= headerRow) return;
    const rec: Record<string, string> = {};
    (row.values as unknown[]).forEach((v, i) => { if (headers[i]) rec[headers[i]] = v == null ? '' : String(v); });
    if (Object.values(rec).some(Boolean)) out.push(rec);
  });
  return out;
}

// One clerk's afternoon: each step builds on the ledger the previous one left.
test.describe.configure({ mode: 'serial' });

test('a file with bad IDs: errors listed by row with the reason, report downloadable, good rows imported', async ({ app, page }) => {
  await app.open('persons');
  const persons = new PersonsPage(page);
  await persons.emptyState.getByRole('button', { name: '导入县里的名单' }).click();

  const wizard = new ImportPage(page);
  await wizard.upload(BAD_CHECKSUM);
  await wizard.expectPreview();
  expect(await wizard.count('new')).toBe(12);
  expect(await wizard.count('error')).toBe(8);

  const errors = await wizard.showTab('error');
  for (const row of BAD_ROWS) await expect(wizard.previewRow(errors, row)).toBeVisible();
  await expect(wizard.previewRow(errors, 6)).toContainText('校验位');
  await expect(wizard.previewRow(errors, 11)).toContainText('出生日期');
  await expect(wizard.previewRow(errors, 15)).toContainText('18位');

  const report = await wizard.downloadErrorReport();
  expect(report.fileName).toMatch(/\.xlsx$/);
  const rows = await readErrorReport(report.bytes);
  expect(rows).toHaveLength(8);
  const byRow = new Map(rows.map((r) => [Number(r['原行号']), r['错误原因']]));
  expect([...byRow.keys()].sort((a, b) => a - b)).toEqual(BAD_ROWS);
  expect(byRow.get(6)).toContain('校验位');
  expect(byRow.get(19)).toContain('出生日期');

  await wizard.commit();
  await expect(wizard.summary).toContainText('新增 12');
  await expect(wizard.summary).toContainText('错误 8');
  await wizard.summary.getByRole('button', { name: '查看人员名单' }).click();
  await persons.grid.expectTotal(12);
});

test('the county export: 3000 persons, no errors', async ({ app, page }) => {
  await app.open('imports');
  const batches = new ImportBatchesPage(page);
  await page.getByRole('button', { name: '导入新文件' }).click();

  const wizard = new ImportPage(page);
  await wizard.upload(COUNTY_EXPORT);
  await wizard.expectPreview();
  expect(await wizard.count('error')).toBe(0);
  // The 12 persons of the previous file are in this one too: they are not new any more.
  const [fresh, changed, unchanged] = [await wizard.count('new'), await wizard.count('changed'), await wizard.count('unchanged')];
  expect(fresh).toBe(3000 - 12);
  expect(fresh + changed + unchanged).toBe(3000);
  const list = await wizard.showTab('new');
  await expect(list.getByText('共 2988 行')).toBeVisible();

  await wizard.commit();
  await expect(wizard.summary).toContainText('新增 2988');
  await wizard.summary.getByRole('button', { name: '查看导入记录' }).click();
  await batches.grid.expectTotal(2);
  await expect(batches.grid.cell(batches.batch('persons-county-export.xlsx'), 'inserted')).toHaveText('2988');

  await app.go('人员名单');
  await new PersonsPage(page).grid.expectTotal(3000);
});

test('columns the program cannot recognise are chosen by hand; 取消 leaves the ledger as it was', async ({ app, page }) => {
  await app.open('import');
  const wizard = new ImportPage(page);
  const csv = `姓名,号码,行政村,户类型\r\n周满仓,${validId(777, '19700707')},西关村,一般户\r\n`;
  await wizard.upload({ name: '手工名单.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + csv, 'utf8') });

  await expect(wizard.mapping).toBeVisible();
  await expect(wizard.mappingSelect('证件号码')).toBeVisible();
  await expect(wizard.mapping.getByRole('button', { name: '确认对应关系' })).toBeDisabled();
  await wizard.mapColumn('证件号码', 'B列：号码');
  await wizard.confirmMapping();

  await wizard.expectPreview();
  expect(await wizard.count('new')).toBe(1);
  await expect(wizard.previewRow(await wizard.showTab('new'), 2)).toContainText('周满仓');
  await wizard.cancel();
  await expect(page.getByText('已取消导入，台账没有变化')).toBeVisible();
  await expect(page.locator('.ant-upload input[type="file"]')).toBeAttached();

  await app.go('人员名单');
  const persons = new PersonsPage(page);
  await persons.grid.expectTotal(3000);
  await persons.grid.filterText('姓名', '周满仓');
  await persons.grid.expectTotal(0);
});

test('a file that is not Excel is refused with a clear message', async ({ app, page }) => {
  await app.open('import');
  const wizard = new ImportPage(page);
  await wizard.upload(path.join(SAMPLES, 'bad/not-excel.xlsx'));
  // Refused either when the upload starts or while reading: both show the reason on the page.
  await expect(page.getByTestId('import-failed').or(wizard.startError)).toContainText('不是有效的 Excel 文件');
});

test('导入记录: 撤销本批 takes a whole import back out', async ({ app, page }) => {
  await app.open('imports');
  const batches = new ImportBatchesPage(page);
  await batches.grid.expectTotal(2);

  await batches.undo('persons-county-export.xlsx');
  await expect(batches.batch('persons-county-export.xlsx').getByRole('button', { name: '撤销本批' })).toHaveCount(0);
  await app.go('人员名单');
  const persons = new PersonsPage(page);
  await persons.grid.expectTotal(12);

  await app.go('导入记录');
  await batches.undo('bad-checksum.xlsx');
  await app.go('人员名单');
  await expect(persons.emptyState).toBeVisible();
});
