import { expect, rpc, test } from './fixtures';
import { validId } from './ids';
import { PersonsPage } from './pages/PersonsPage';
import { seedRoster } from './seed';

// The DataGrid's own features, exercised on the persons list.
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test.beforeEach(async ({ ledger }) => {
  const { total } = await rpc<{ total: number }>(ledger, 'persons.query', { limit: 1 });
  if (total === 0) {
    await seedRoster(ledger, 36);
    // Text that Excel would run as a formula if exported carelessly (names may not start with =, other fields may).
    await rpc(ledger, 'persons.create', { idNo: validId(901, '19881111'), name: '公式测试', villageId: null, householdNo: null, householdType: '一般户', monitorCategory: null, riskEliminated: null, exitYear: null, relation: null, laborSkill: '=SUM(A1)', phone: null });
  }
});

test('clicking a sortable header sorts on the server and marks the direction', async ({ app, page }) => {
  await app.open('persons');
  const { grid } = new PersonsPage(page);
  await grid.expectTotal(37);
  const header = grid.columnHeader('出生日期');
  const dates = () => grid.root.locator('[role="gridcell"][data-col="birthDate"]').allTextContents();
  await header.click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await expect(grid.cell(grid.rows.first(), 'birthDate')).toHaveText('1950-01-10');
  // The page may refetch (focus, another tab's change) and redraw its rows: read them once they are back.
  await expect.poll(async () => (await dates()).length).toBeGreaterThan(10);
  const asc = await dates();
  expect(asc).toEqual([...asc].sort());
  await header.click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect(grid.cell(grid.rows.first(), 'birthDate')).toHaveText('1988-11-11');
  await expect.poll(async () => (await dates()).length).toBeGreaterThan(10);
  const desc = await dates();
  expect(desc).toEqual([...desc].sort().reverse());
});

test('arrow keys move between cells; Ctrl+C copies the cell, Shift+Space then Ctrl+C the row', async ({ app, page }) => {
  await app.open('persons');
  const persons = new PersonsPage(page);
  const { grid } = persons;
  await grid.filterSelect('户类型', '监测户');
  await expect(grid.rows.first()).toBeVisible();
  await grid.body.focus();
  await page.keyboard.press('ArrowDown'); // first row, first column
  await page.keyboard.press('ArrowDown');
  // 姓名 and 村 are frozen on the left (identity columns), then 性别, then 身份证号.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const active = grid.root.locator('[role="gridcell"][aria-selected="true"]');
  await expect(active).toHaveCount(1);
  await expect(active).toHaveAttribute('data-col', 'idNo');
  const second = grid.rows.nth(1);
  const idNo = await grid.cell(second, 'idNo').textContent();

  await page.keyboard.press('Control+c');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(idNo);

  await page.keyboard.press('Shift+Space');
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Control+c');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('\t');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.split('\t')).toEqual(expect.arrayContaining([idNo, '监测户', '边缘易致贫户']));

  // Enter opens the record, as a click does.
  await page.keyboard.press('Enter');
  await expect(persons.field('身份证号')).toHaveValue(idNo!);
});

test('the column chooser hides a column, and the choice is remembered', async ({ app, page }) => {
  await app.open('persons');
  const { grid } = new PersonsPage(page);
  await expect(grid.columnHeader('电话')).toBeVisible();
  await grid.root.getByRole('button', { name: '选择列' }).click();
  await page.getByTestId('column-chooser').getByLabel('电话').uncheck();
  await expect(grid.columnHeader('电话')).toHaveCount(0);
  await page.reload();
  await expect(grid.columnHeader('姓名')).toBeVisible();
  await expect(grid.columnHeader('电话')).toHaveCount(0);
  await grid.root.getByRole('button', { name: '选择列' }).click();
  await page.getByTestId('column-chooser').getByLabel('电话').check();
  await expect(grid.columnHeader('电话')).toBeVisible();
});

test('导出当前列表 writes the filtered rows as an Excel workbook: IDs as text, formula cells defused', async ({ app, page }) => {
  await app.open('persons');
  const { grid } = new PersonsPage(page);
  const all = await grid.exportXlsx();
  expect(all.fileName).toMatch(/人员名单-\d{8}\.xlsx$/);
  const [header, ...rows] = all.rows;
  expect(header).toEqual(['姓名', '性别', '身份证号', '出生日期', '村', '户编号', '户类型', '监测对象类别', '与户主关系', '劳动技能', '电话']);
  expect(rows).toHaveLength(37);
  // 18-digit IDs and 户编号 stay text: nothing for Excel to round.
  expect(rows.every((r) => typeof r[2] === 'string' && /^\d{17}[\dX]$/.test(String(r[2])))).toBe(true);
  expect(rows.some((r) => r[0] === '公式测试' && r[9] === "'=SUM(A1)")).toBe(true);

  await grid.filterSelect('村', '沙垴村');
  const shown = await grid.totalCount();
  const filtered = (await grid.exportXlsx()).rows.slice(1);
  expect(filtered).toHaveLength(shown);
  expect(filtered.every((r) => r[4] === '沙垴村')).toBe(true);
});
