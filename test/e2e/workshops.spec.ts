import path from 'node:path';
import { expect, rpc, test } from './fixtures';
import { validId } from './ids';
import { ImportPage } from './pages/ImportPage';
import { fillDate, WorkshopsPage } from './pages/WorkshopsPage';
import { SAMPLES } from '../samples';

const WORKERS = [
  { idNo: validId(301, '19850312'), name: '郝秀英' },
  { idNo: validId(302, '19790704'), name: '贾润生' },
  { idNo: validId(303, '19900123'), name: '白翠萍' },
];
// A made-up code with a correct GB 32100 check character, and the same code one character off.
const CODE = '91140724MA04009081';
const BAD_CODE = '91140724MA04009082';

test.describe('帮扶车间', () => {
  test('registers a workshop, adds three workers, marks it 经营困难 with a measure, and shows history and qualification', async ({ app, page, ledger }) => {
    test.setTimeout(180_000); // a dozen dialogs on a shared two-core machine
    const village = await rpc<{ id: number }>(ledger, 'villages.create', { name: '沙垴村', code: '140724100208' });
    for (const w of WORKERS) {
      await rpc(ledger, 'persons.create', {
        ...w, villageId: village.id, householdNo: null, householdType: '脱贫户', monitorCategory: null, riskEliminated: null,
        exitYear: 2019, relation: '户主', laborSkill: '普通劳动力', phone: null,
      });
    }
    await app.open('workshops');
    const ws = new WorkshopsPage(page);
    await ws.expectLoaded();
    await ws.grid.expectTotal(0);

    await ws.openNew();
    await ws.fillInfo({ name: '沙垴手工编织帮扶车间', village: '沙垴村', entity: '昔阳巧手编织有限公司', creditCode: BAD_CODE, leader: '高文华', phone: '15423288638', recognizedDate: '2023-05-15' });
    // The credit code is checked while typing, with the character it should end in.
    await expect(ws.fieldMessage('统一社会信用代码')).toContainText('校验位');
    await expect(ws.fieldMessage('统一社会信用代码')).toContainText('应为“1”');
    await ws.field('统一社会信用代码').fill(CODE);
    await expect(ws.fieldMessage('统一社会信用代码')).toHaveCount(0);
    await ws.register();

    for (const w of WORKERS) await ws.addEmployment({ ...w, startDate: '2023-06-01', contractMonths: 12, wageYuan: 2200, channel: '村委推荐' });
    await ws.employments.expectTotal(3);
    await expect(ws.tab('务工台账')).toHaveText('务工台账（在岗 3 人）');

    await ws.showTab('运营状态');
    await expect(ws.history).toHaveCount(1);
    await ws.changeStatus({ status: '经营困难', date: '2024-03-01', reason: '订单减少，开工不足', measures: '协调县电商中心订单，落实稳岗补贴' });
    await expect(ws.history).toHaveCount(2);
    await expect(ws.history.first()).toContainText('正常运营 → 经营困难');
    await expect(ws.history.first()).toContainText('原因：订单减少，开工不足');
    await expect(ws.history.first()).toContainText('帮扶措施：协调县电商中心订单，落实稳岗补贴');
    await expect(page.getByTestId('status-history')).toContainText('2024-03-01');
    await expect(page.getByTestId('status-history')).toContainText('2023-05-15');

    await ws.showTab('认定与补助');
    await expect(ws.qualification).toContainText('未达认定条件');
    await expect(ws.qualification).toContainText('3 人，不足 5 人');
    await expect(page.getByTestId('subsidy-eligible')).toContainText('暂不能发放');

    await ws.close();
    const row = ws.grid.row('沙垴手工编织帮扶车间');
    await expect(ws.grid.cell(row, 'status')).toHaveText('经营困难');
    await expect(ws.grid.cell(row, 'employed')).toHaveText('3');
    await expect(ws.grid.cell(row, 'qualification')).toHaveText('未达认定条件');
    await expect(ws.summary).toContainText('吸纳就业 3 人，其中脱贫劳动力 3 人');

    // 经营困难 without a measure is refused with the reason.
    await ws.open('沙垴手工编织帮扶车间');
    await ws.showTab('运营状态');
    await page.getByTestId('workshop-status').getByRole('button', { name: '变更状态' }).click();
    const dlg = ws.dialog('status-form');
    await dlg.getByRole('button', { name: '确认变更' }).click();
    await expect(dlg).toContainText('请选择新状态');
    await dlg.getByRole('button', { name: '取消' }).click();
  });

  test('imports the county ledger from the page, filters by 村 and 运营状态, and previews the print list', async ({ app, page }) => {
    await app.open('workshops');
    const ws = new WorkshopsPage(page);
    await ws.expectLoaded();
    const before = await ws.grid.totalCount();
    await ws.actions.getByRole('button', { name: '导入台账' }).click();
    const imp = new ImportPage(page);
    await expect(page.getByRole('heading', { name: '导入帮扶车间台账' })).toBeVisible();
    await page.locator('.ant-upload input[type="file"]').setInputFiles(path.join(SAMPLES, 'workshops-ledger.xlsx'));
    await imp.expectPreview();
    expect(await imp.count('new')).toBe(9);
    await imp.commit();
    await expect(imp.summary).toContainText('新增 9');
    await imp.summary.getByRole('button', { name: '查看帮扶车间' }).click();

    await ws.grid.expectTotal(before + 9);
    await ws.grid.filterSelect('运营状态', '停产');
    await ws.grid.expectTotal(1);
    await expect(ws.grid.rows.first()).toContainText('杜庄来料加工帮扶车间');
    await ws.grid.root.getByRole('button', { name: '清除筛选' }).click();
    await ws.grid.filterSelect('行政村', '东关村');
    await ws.grid.expectTotal(2);
    await expect(ws.grid.cell(ws.grid.row('东关来料加工帮扶车间'), 'creditCode')).toContainText('校验不通过');

    // An imported workshop without a 务工台账 is 待核实, and says why.
    await ws.open('东关来料加工帮扶车间');
    await ws.showTab('认定与补助');
    await expect(ws.qualification).toContainText('待核实');
    await expect(ws.qualification).toContainText('还没有务工台账明细');
    await ws.close();

    await ws.actions.getByRole('button', { name: '打印' }).click();
    await page.getByRole('menuitem', { name: '帮扶车间名单' }).click();
    const frame = page.frameLocator('[data-testid="workshops-print-frame"]');
    await expect(frame.locator('body')).toContainText('就业帮扶车间名单');
    await expect(frame.locator('body')).toContainText(`共${before + 9}个`);
    await expect(frame.locator('body')).toContainText('待核实');
  });

  test('a qualified workshop lists its eligible workers; 记录发放 pays them once; 离职 ends an employment', async ({ app, page, ledger }) => {
    test.setTimeout(180_000);
    const w = await rpc<{ id: number }>(ledger, 'workshops.create', {
      name: '界都来料加工帮扶车间', villageId: null, entity: null, creditCode: null, leader: null, phone: null, industry: '来料加工', recognizedDate: '2022-03-01', note: null,
    });
    const names = ['闫喜梅', '孟有才', '赵福生', '周春花', '吴鹏飞'];
    for (const [i, name] of names.entries()) {
      const idNo = validId(320 + i, '19820506');
      await rpc(ledger, 'persons.create', {
        idNo, name, villageId: null, householdNo: null, householdType: i === 4 ? '监测户' : '脱贫户', monitorCategory: i === 4 ? '边缘易致贫户' : null,
        riskEliminated: i === 4 ? false : null, exitYear: i === 4 ? null : 2018, relation: null, laborSkill: null, phone: null,
      });
      await rpc(ledger, 'employments.create', { workshopId: w.id, idNo, name, startDate: '2023-04-01', endDate: null, contractMonths: 12, monthlyWageFen: 210_000, channel: null, note: null });
    }
    await app.open('workshops');
    const ws = new WorkshopsPage(page);
    await ws.expectLoaded();
    await ws.open('界都来料加工帮扶车间');
    await ws.showTab('认定与补助');
    await expect(ws.qualification).toContainText('符合认定条件');
    await expect(ws.qualification).toContainText('5 人');
    const eligible = page.getByTestId('subsidy-eligible');
    await expect(eligible.locator('tbody tr')).toHaveCount(5);
    for (const name of names.slice(0, 2)) await eligible.locator('tbody tr').filter({ hasText: name }).getByRole('checkbox').check();
    await eligible.getByRole('button', { name: '记录发放（2 人）' }).click();
    const dlg = page.getByRole('dialog').filter({ hasText: '记录发放：界都来料加工帮扶车间' });
    await expect(dlg).toContainText('合计 2,000.00 元');
    await fillDate(dlg.getByLabel('发放日期'), '2024-03-15');
    await dlg.getByLabel('文号/凭证号').fill('昔人社〔2024〕7号');
    await dlg.getByRole('button', { name: '确认发放' }).click();
    await expect(dlg).toBeHidden();
    await expect(page.getByTestId('subsidy-paid').locator('tbody tr')).toHaveCount(2);
    await expect(page.getByTestId('subsidy-paid')).toContainText('昔人社〔2024〕7号');
    await expect(eligible.locator('tbody tr')).toHaveCount(3);
    await expect(eligible).toContainText('已发 2,000.00 元，还可发 48,000.00 元');

    await ws.showTab('务工台账');
    const row = ws.employments.row('吴鹏飞');
    await row.getByRole('button', { name: '离职' }).click();
    const leave = ws.dialog('leave-form');
    await fillDate(leave.getByLabel('离职日期'), '2024-02-29');
    await leave.getByLabel('离职原因').fill('外出务工');
    await leave.getByRole('button', { name: '确认离职' }).click();
    await expect(leave).toBeHidden();
    await expect(ws.employments.cell(row, 'endDate')).toHaveText('2024-02-29');
    await expect(ws.tab('务工台账')).toHaveText('务工台账（在岗 4 人）');
  });

  test('the settings page shows the workshop thresholds with their defaults', async ({ app, page }) => {
    await app.open('settings');
    const section = page.getByTestId('workshops-settings');
    await expect(section.getByLabel('认定：至少吸纳脱贫劳动力')).toHaveValue('5');
    await expect(section.getByLabel('认定：劳动合同期限不少于')).toHaveValue('6');
    await expect(section.getByLabel('认定：月工资不低于（最低工资标准）')).toHaveValue('1880.00');
    await expect(section.getByLabel('一次性吸纳就业补助（每人）')).toHaveValue('1000.00');
    await expect(section.getByLabel('每个车间补助上限')).toHaveValue('50000.00');
  });
});
