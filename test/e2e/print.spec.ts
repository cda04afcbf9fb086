import fs from 'node:fs';
import { expect, rpc, test, type LedgerServer } from './fixtures';
import { validId } from './ids';
import { chooseOption } from './pages/antd';
import { fillDate } from './pages/PostsPage';

const FULL_ID = /[0-9]{17}[0-9X]/;

interface Village { id: number; name: string }
interface Post { id: number }
interface Person { id: number; idNo: string }

/** Two villages, three holders each; one name has a character the common fonts lack (𠀀). */
async function seed(server: LedgerServer) {
  await rpc(server, 'settings.update', { township: '乐平镇', supervisionPhone: '0354-4123456', gongshiDays: 7, maskIdsOnPrint: true });
  const names = [['西关村', ['王建国', '李𠀀', '张秀英']], ['沙垴村', ['刘志刚', '陈丽娟', '杨保平']]] as const;
  const ids: string[] = [];
  let seq = 1;
  for (const [village, people] of names) {
    const v = await rpc<Village>(server, 'villages.create', { name: village, code: null });
    const post = await rpc<Post>(server, 'posts.create', {
      villageId: v.id, name: '保洁员', category: '乡村公益岗', fundSource: '衔接资金', headcount: 5, duties: null, workTime: null,
      wageFen: 50_050, councilDate: '2024-01-05', councilRecord: '村两委研究通过',
    });
    for (const name of people) {
      const p = await rpc<Person>(server, 'persons.create', {
        idNo: validId(seq++, '19700101'), name, villageId: v.id, householdNo: null, householdType: '脱贫户', monitorCategory: null,
        riskEliminated: null, exitYear: null, relation: '户主', laborSkill: '普通劳动力', phone: '13912345678',
      });
      ids.push(p.idNo);
      await rpc(server, 'appointments.create', {
        postId: post.id, personId: p.id, agreementNo: `XY-${seq}`, startDate: '2024-03-01', endDate: '2024-12-31', wageFen: 50_050,
        bankAccount: '6217000010000000001', bankName: '信用社',
      });
    }
  }
  return ids;
}

test('打印: 公益岗位 → 打印, 聘用公示 preview with masked IDs and 公示期, 生僻字 warning, PDF export records the 公示', async ({ app, page, ledger }) => {
  const ids = await seed(ledger);
  await app.open('posts');
  await page.getByRole('button', { name: '打印', exact: true }).click();
  await expect(page).toHaveURL(/#\/print$/);
  await expect(page.getByRole('heading', { name: '打印' })).toBeVisible();

  const sheet = page.frameLocator('[data-testid="print-frame"]');
  await expect(sheet.locator('h1')).toContainText('乡村公益性岗位拟聘用人员的公示');
  await fillDate(page, page.getByLabel('公示开始日期'), '2024-07-01');
  // A 聘用公示 lists the hires of one month: the month it is posted until another is chosen.
  await expect(page.getByLabel('只列该月新聘')).toHaveValue('2024-07');
  await expect(page.getByTestId('print-summary')).toContainText('共 0 条');
  await fillDate(page, page.getByLabel('只列该月新聘'), '2024-03');
  await expect(sheet.locator('h1')).toHaveText('关于乐平镇2024年乡村公益性岗位拟聘用人员的公示');
  await expect(sheet.locator('.closing')).toContainText('公示期：2024年7月1日至2024年7月7日（共7天）');
  await expect(sheet.locator('.closing')).toContainText('监督电话：0354-4123456');
  await expect(sheet.locator('.closing')).toContainText('乐平镇人民政府（盖章）');
  await expect(sheet.locator('tbody tr:not(.total):not(.words):not(.closing-row)')).toHaveCount(6);
  const body = await sheet.locator('body').innerText();
  expect(body).not.toMatch(FULL_ID);
  expect(body).toContain(ids[0].slice(0, 6) + '********' + ids[0].slice(-4));
  expect(body).not.toContain('6217000010000000001');
  expect(body).toContain('人民币叁仟零叁元整'); // 6 × 500.50
  await expect(page.getByTestId('print-warnings')).toContainText('李𠀀');
  await expect(page.getByTestId('print-summary')).toContainText('共 6 条');
  await page.screenshot({ path: 'test-results/print-page.png' });

  // One village: the 村委会 signs, the other village is not on it.
  await chooseOption(page, page.getByLabel('村'), '西关村');
  await expect(sheet.locator('h1')).toHaveText('关于乐平镇西关村2024年乡村公益性岗位拟聘用人员的公示');
  await expect(sheet.locator('.closing')).toContainText('西关村村民委员会（盖章）');
  await expect(sheet.locator('body')).not.toContainText('刘志刚');

  // 打印前核对: the people on the sheet share one bank account (问题清单); the clerk is told before printing.
  await expect(page.getByTestId('print-findings')).toContainText('银行卡号');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出PDF' }).click();
  // While the PDF is made the steps are shown (not a bare spinner), and they go away when it is done.
  // A warm browser makes the PDF in well under a second, so the steps are caught as they appear.
  const steps = page.getByTestId('pdf-progress').filter({ hasText: '排版生成PDF' }).waitFor({ state: 'attached' });
  await page.locator('.ant-modal-confirm:visible').getByRole('button', { name: '仍然打印' }).click();
  await steps;
  const file = await (await download).path();
  expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await expect(page.getByText(/已记录本次聘用公示：西关村/)).toBeVisible();
  await expect(page.getByTestId('pdf-progress')).toHaveCount(0);
  const records = await rpc<{ scope: string; startDate: string; endDate: string }[]>(ledger, 'print.records', {});
  expect(records).toEqual([expect.objectContaining({ scope: '西关村（2024年3月新聘）', startDate: '2024-07-01', endDate: '2024-07-07' })]);

  // 花名册: phones masked in the middle; 打印 prints the frame.
  await page.getByTestId('print-kind').getByText('花名册').click();
  await expect(sheet.locator('h1')).toHaveText('乐平镇西关村2024年乡村公益性岗位人员花名册');
  await expect(sheet.locator('body')).toContainText('139****5678');
  await page.evaluate(() => {
    const f = document.querySelector<HTMLIFrameElement>('[data-testid="print-frame"]')!;
    (f.contentWindow as Window & { print(): void }).print = () => { (window as unknown as { printed: number }).printed = 1; };
  });
  await page.getByRole('button', { name: '打印', exact: true }).click();
  await page.locator('.ant-modal-confirm:visible').getByRole('button', { name: '仍然打印' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed?: number }).printed)).toBe(1);
});

test('打印: 小额信贷 → 打印台账, the loan ledger sheet with masked IDs, 合计 and 大写; 返回小额信贷', async ({ app, page, ledger }) => {
  await rpc(ledger, 'settings.update', { township: '乐平镇', maskIdsOnPrint: true });
  // The ledger is shared with the test above: a village and IDs of their own.
  const v = await rpc<Village>(ledger, 'villages.create', { name: '北坪村', code: null });
  const ids: string[] = [];
  for (const [i, [name, amountFen]] of ([['王建国', 5_000_000], ['张秀英', 3_000_050]] as const).entries()) {
    const p = await rpc<Person>(ledger, 'persons.create', {
      idNo: validId(i + 1, '19750505'), name, villageId: v.id, householdNo: `H${i}`, householdType: '脱贫户', monitorCategory: null,
      riskEliminated: null, exitYear: null, relation: '户主', laborSkill: '普通劳动力', phone: null,
    });
    ids.push(p.idNo);
    await rpc(ledger, 'loans.create', {
      personId: p.id, bank: '农商银行', contractNo: `XD-${i}`, amountFen, issueDate: '2024-03-15', dueDate: '2027-03-15',
      termMonths: null, rateE6: null, purpose: '养殖业', status: '正常', note: null,
    });
  }
  await app.open('loans');
  await page.getByRole('button', { name: '打印台账' }).click();
  await expect(page).toHaveURL(/#\/print$/);
  const sheet = page.frameLocator('[data-testid="print-frame"]');
  await fillDate(page, page.getByLabel('统计截止日期'), '2024-12-31');
  await expect(sheet.locator('h1')).toHaveText('乐平镇2024年脱贫人口小额信贷台账');
  await expect(sheet.locator('thead')).toContainText('借款人');
  await expect(sheet.locator('tbody tr:not(.total):not(.words):not(.closing-row)')).toHaveCount(2);
  const body = await sheet.locator('body').innerText();
  expect(body).not.toMatch(FULL_ID);
  expect(body).toContain(ids[0].slice(0, 6) + '********' + ids[0].slice(-4));
  expect(body).toContain('共2笔');
  expect(body).toContain('80,000.50');
  expect(body).toContain('人民币捌万元伍角整'); // 50,000 + 30,000.50
  await expect(page.getByTestId('print-summary')).toContainText('A4横向');
  await page.getByRole('button', { name: '返回小额信贷' }).click();
  await expect(page).toHaveURL(/#\/loans$/);
});
