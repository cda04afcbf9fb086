import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import { runChecks } from '../../electron/backend/checks/index';
import { call, freshBackend, importBuffer, validId } from './helpers';
import { countySheet } from '../support/countySheet';

/**
 * 防止返贫监测 end to end through the channels: the four imports from real xlsx files, rules M01–M07
 * firing and not firing at an as-of date, M01 for every kind of coverage and its end, both deadline
 * profiles, row errors for bad input, undo and re-import.
 */
const AS_OF = '2024-06-15';
type Cell = string | number | null;

const workbook = (title: string, header: string[], rows: Cell[][], note = '导出时间：2024-06-12 09:00:00') => countySheet(title, note, header, rows);

let seq = 100;
/** A valid 身份证号 born on the given date. */
const id = (birth: string) => validId(`140724${birth.replace(/-/g, '')}${seq++}`);

const DL_HEADER = ['序号', '县', '乡', '村', '户编号', '人编号', '姓名', '证件号码', '与户主关系', '劳动技能', '户类型', '监测对象类别', '识别监测时间',
  '风险是否已消除', '消除监测时间', '风险消除方式', '致贫返贫风险1', '人均纯收入（元）', '产业帮扶', '健康帮扶'];

interface Hh { no: string; head: string; members: { idNo: string; name: string; rel: string; skill: string }[]; open: boolean; income: number; industry?: string }

function household(n: number, skills: string[], opts: Partial<Hh> = {}): Hh {
  const no = `07241002030${String(n).padStart(4, '0')}`;
  const members = skills.map((skill, i) => ({ idNo: id(i === 0 ? '1985-03-01' : '1990-05-02'), name: `${'赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨'[n % 16]}${'春夏秋冬梅兰竹菊'[i]}${'甲乙丙丁戊己庚辛壬癸'[Math.floor(n / 16) % 10]}`, rel: i === 0 ? '户主' : '之子', skill }));
  return { no, head: members[0].idNo, members, open: true, income: 6000, ...opts };
}

function downloadRows(hhs: Hh[]): Cell[][] {
  let k = 0;
  return hhs.flatMap((h) => h.members.map((m, i) => [++k, '昔阳县', '乐平镇', '南关村', h.no, `${h.no}0${i + 1}`, m.name, m.idNo, m.rel, m.skill, '监测户', '边缘易致贫户',
    '202301', h.open ? '否' : '是', h.open ? '' : '202403', h.open ? '' : '帮扶消除', '因病', h.income, h.industry ?? '', i === 0 ? '家庭医生签约' : '']));
}

const personId = (b: Backend, idNo: string) => (b.ctx.db.prepare('SELECT id FROM persons WHERE id_no = ?').get(idNo) as { id: number }).id;
const householdId = (b: Backend, no: string) => (b.ctx.db.prepare('SELECT id FROM households WHERE hh_no = ?').get(no) as { id: number }).id;
const ruleIds = (b: Backend, rule: string, asOf = AS_OF) => runChecks(b.ctx, { module: 'monitoring', asOf }).filter((f) => f.rule === rule).map((f) => f.id);

describe('防止返贫监测', () => {
  let b: Backend;
  beforeEach(() => { b = freshBackend(); });
  afterEach(() => b.close());

  it('M01 for each kind of coverage and for its end; weak-only households are a warning', async () => {
    const none = household(1, ['普通劳动力', '丧失劳动力']);
    const weak = household(2, ['弱劳动力或半劳动力']);
    const post = household(3, ['技能劳动力']);
    const job = household(4, ['普通劳动力']);
    const loan = household(5, ['普通劳动力']);
    const download = household(6, ['普通劳动力'], { industry: '庭院经济（微菜园）' });
    const recorded = household(7, ['普通劳动力']);
    const ledger = household(8, ['普通劳动力']);
    const unable = household(9, ['丧失劳动力', '无劳动力']);
    const closed = household(10, ['普通劳动力'], { open: false, income: 9000 });
    const all = [none, weak, post, job, loan, download, recorded, ledger, unable, closed];
    const s = await importBuffer(b, 'monitoring', 'monitoring.xlsx', await workbook('（自定义）监测对象信息', DL_HEADER, downloadRows(all)));
    expect(s.errors).toEqual([]);
    expect(s.inserted).toBe(all.reduce((n, h) => n + h.members.length, 0));

    // A post held, a workshop job, a loan, a measure recorded by hand and a measure of the cases ledger.
    const p = await call(b, 'posts.create', { villageId: null, name: '保洁员', category: '乡村公益岗', fundSource: null, headcount: 1, duties: null, workTime: null, wageFen: 50_000, councilDate: null, councilRecord: null });
    const appt = await call(b, 'appointments.create', { postId: p.id, personId: personId(b, post.head), agreementNo: null, startDate: '2024-01-01', endDate: null, wageFen: 50_000, bankAccount: null, bankName: null });
    const w = await call(b, 'workshops.create', { name: '南关村服装车间', villageId: null, entity: null, creditCode: null, leader: null, phone: null, industry: null, recognizedDate: null, note: null });
    const emp = await call(b, 'employments.create', { workshopId: w.id, idNo: job.head, name: job.members[0].name, startDate: '2024-02-01', endDate: null, contractMonths: 12, monthlyWageFen: 200_000, channel: null, note: null });
    const ln = await call(b, 'loans.create', { personId: personId(b, loan.head), bank: '农商行', contractNo: 'HT-1', amountFen: 5_000_000, issueDate: '2024-01-10', dueDate: '2027-01-09', termMonths: 36, rateE6: null, purpose: '养殖', status: '正常', note: null });
    const m = await call(b, 'monitoring.addMeasure', { householdId: householdId(b, recorded.no), type: '产业', content: '种植中药材', startDate: '2024-03-01' });
    expect(m.nature).toBe('开发式');
    const cases = await importBuffer(b, 'monitoring-cases', 'monitoring-cases.xlsx', await workbook('新识别监测对象工作台账', ['序号', '户编号', '户主姓名', '户主身份证号', '发现日期', '县级认定日期', '帮扶计划制定日期', '帮扶措施', '措施落实日期'],
      [[1, ledger.no, ledger.members[0].name, ledger.head, '2024-05-01', '2024-05-10', '2024-05-15', '参加技能培训并就业', '2024-05-30']]));
    expect(cases.errors).toEqual([]);

    const m01 = runChecks(b.ctx, { module: 'monitoring', asOf: AS_OF }).filter((f) => f.rule === 'M01');
    expect(m01.map((f) => [f.id, f.severity]).sort()).toEqual([[none.head, 'error'], [weak.head, 'warning']].sort());
    // The cases ledger's measure counts from the day it was carried out, not before.
    expect(ruleIds(b, 'M01', '2024-05-20')).toContain(ledger.head);
    // Each coverage ends: the post holder exits, the worker leaves, the loan is repaid, the measure ends.
    await call(b, 'appointments.exit', { id: appt.id, date: '2024-04-30', reason: '本人不再需要' });
    await call(b, 'employments.leave', { id: emp.id, endDate: '2024-05-31' });
    await call(b, 'loans.update', { id: ln.id, personId: personId(b, loan.head), bank: '农商行', contractNo: 'HT-1', amountFen: 5_000_000, issueDate: '2024-01-10', dueDate: '2027-01-09', termMonths: 36, rateE6: null, purpose: '养殖', status: '已结清', settledDate: '2024-06-01', note: null });
    await call(b, 'monitoring.endMeasure', { id: m.id, endDate: '2024-06-10' });
    const after = ruleIds(b, 'M01');
    for (const h of [post, job, loan, recorded]) expect(after).toContain(h.head);
    for (const h of [download, ledger, unable, closed]) expect(after).not.toContain(h.head);
    // Judged at an earlier date, each coverage was still in force.
    const earlier = ruleIds(b, 'M01', '2024-04-15');
    for (const h of [post, job, loan, recorded]) expect(earlier).not.toContain(h.head);

    const st = (await call(b, 'stats.get', { asOf: AS_OF })) as unknown as { monitoring: { households: number; openHouseholds: number; persons: number; noDevMeasure: number; overdue: number } };
    expect(st.monitoring).toEqual({ households: 10, openHouseholds: 9, persons: 12, noDevMeasure: 6, overdue: 0 });
    // 已结清 without the day it was repaid: counted up to its due date, not before the ledger can say.
    await call(b, 'loans.update', { id: ln.id, personId: personId(b, loan.head), bank: '农商行', contractNo: 'HT-1', amountFen: 5_000_000, issueDate: '2024-01-10', dueDate: '2027-01-09', termMonths: 36, rateE6: null, purpose: '养殖', status: '已结清', settledDate: null, note: null });
    expect(ruleIds(b, 'M01')).not.toContain(loan.head);
    expect(ruleIds(b, 'M01', '2027-01-09')).not.toContain(loan.head);
    expect(ruleIds(b, 'M01', '2027-01-10')).toContain(loan.head);
  });

  it('M02 (income below the line of its year), M06 (no visit last month) and M07 (working outside the county)', async () => {
    const low = household(11, ['普通劳动力'], { open: false, income: 7000 });
    const high = household(12, ['普通劳动力'], { open: false, income: 7100 });
    const visited = household(13, ['普通劳动力']);
    const notVisited = household(14, ['普通劳动力', '普通劳动力']);
    await importBuffer(b, 'monitoring', 'monitoring.xlsx', await workbook('（自定义）监测对象信息', DL_HEADER, downloadRows([low, high, visited, notVisited])));
    expect(ruleIds(b, 'M02')).toEqual([low.head]);
    await call(b, 'settings.update', { monitorLines: [{ year: 2024, lineFen: 760_000 }] });
    expect(ruleIds(b, 'M02').sort()).toEqual([low.head, high.head].sort());
    await call(b, 'settings.update', { monitorLines: [{ year: 2023, lineFen: 710_000 }] });
    await expect(call(b, 'settings.update', { monitorLines: [{ year: 2023, lineFen: 710_000 }, { year: 2023, lineFen: 720_000 }] })).rejects.toThrow(/2023 年填了两次/);

    const v = await importBuffer(b, 'visits', 'visits.xlsx', await workbook('监测户走访记录', ['序号', '户编号', '户主姓名', '户主身份证号', '走访日期', '走访人', '走访方式', '风险变化情况', '走访内容'], [
      [1, visited.no, visited.members[0].name, visited.head, '2024-05-20', '张三', '入户', '风险未消除', '了解收支'],
      [2, notVisited.no, notVisited.members[0].name, notVisited.head, '2024-04-20', '张三', '电话', '风险未消除', '了解收支'],
    ]));
    expect(v.errors).toEqual([]);
    expect(ruleIds(b, 'M06')).toEqual([notVisited.head]);
    // Recording the visit clears it; a visit in the current month does not count for last month.
    await call(b, 'monitoring.addVisit', { householdId: householdId(b, notVisited.no), date: '2024-06-03', visitor: '李四', method: '入户' });
    expect(ruleIds(b, 'M06')).toEqual([notVisited.head]);
    await call(b, 'monitoring.addVisits', { householdIds: [householdId(b, notVisited.no), householdId(b, visited.no)], date: '2024-05-28', visitor: '李四', method: '入户' });
    expect(ruleIds(b, 'M06')).toEqual([]);

    // M07: a post holder listed outside the county; a 公益性岗位 channel outside; one inside the county is fine.
    const holder = notVisited.members[0], other = notVisited.members[1];
    const p = await call(b, 'posts.create', { villageId: null, name: '护林员', category: '生态护林员', fundSource: null, headcount: 1, duties: null, workTime: null, wageFen: 50_000, councilDate: null, councilRecord: null });
    await call(b, 'appointments.create', { postId: p.id, personId: personId(b, holder.idNo), agreementNo: null, startDate: '2024-01-01', endDate: null, wageFen: 50_000, bankAccount: null, bankName: null });
    const mw = await importBuffer(b, 'migrant-work', 'migrant-work.xlsx', await workbook('（务工月监测）已外出务工信息', ['序号', '县', '证件号码', '姓名', '是否已务工', '就业渠道', '务工所在省', '务工所在县', '务工企业名称', '务工时间（月）', '月均收入（元）'], [
      [1, '昔阳县', holder.idNo, holder.name, '是', '自主务工', '山西省', '太原市小店区', '建筑工地', 5, 4000],
      [2, '昔阳县', other.idNo, other.name, '是', '公益性岗位', '山西省', '长治市潞州区', '', 5, 3000],
      [3, '昔阳县', visited.head, visited.members[0].name, '是', '公益性岗位', '山西省', '昔阳县', '', 5, 3000],
    ]));
    expect(mw.errors).toEqual([]);
    expect(ruleIds(b, 'M07').sort()).toEqual([holder.idNo, other.idNo].sort());
  });

  it('deadlines under both profiles; a case not yet due raises nothing; the 到期提醒 board', async () => {
    const hs = [household(21, ['普通劳动力']), household(22, ['普通劳动力']), household(23, ['普通劳动力']), household(24, ['普通劳动力'])];
    await importBuffer(b, 'monitoring', 'monitoring.xlsx', await workbook('（自定义）监测对象信息', DL_HEADER, downloadRows(hs)));
    const [onTime, slowAct, noPlan, fresh] = hs;
    const row = (h: Hh, dates: Cell[]) => [h.no, h.members[0].name, h.head, ...dates];
    const r = await importBuffer(b, 'monitoring-cases', 'monitoring-cases.xlsx', await workbook('新识别监测对象工作台账',
      ['户编号', '户主姓名', '户主身份证号', '发现日期', '县级认定日期', '帮扶计划制定日期', '帮扶措施', '措施落实日期', '帮扶责任人'], [
        row(onTime, ['2024.4.1', '2024.4.15', '2024.4.20', '发展养殖业', '2024.4.28', '王']),
        row(slowAct, ['20240401', '20240410', '20240420', '劳务输出', '20240505', '王']), // 计划 10 days, 落实 25 days after 认定
        row(noPlan, ['2024年5月1日', '2024年5月10日', '', '', '', '王']),
        row(fresh, ['2024-06-10', '2024-06-12', '', '', '', '王']),
      ]));
    expect(r.errors).toEqual([]);
    const deadline = () => ({ M03: ruleIds(b, 'M03'), M04: ruleIds(b, 'M04'), M05: ruleIds(b, 'M05') });
    // Standard: plan ≤10 and 落实 ≤25 days after 认定; noPlan's plan was due 05-20 and its 落实 06-04.
    expect(deadline()).toEqual({ M03: [], M04: [noPlan.head], M05: [noPlan.head] });
    // The special action's 15 days to 落实 make slowAct's (25 days) late; onTime and fresh stay clean.
    await call(b, 'settings.update', { monitorDeadlineProfile: 'special' });
    expect(deadline()).toEqual({ M03: [], M04: [noPlan.head], M05: [slowAct.head, noPlan.head] });
    await call(b, 'settings.update', { monitorDeadlineProfile: 'standard' });
    // Not yet due is not a finding: at 06-03 noPlan's 落实 still had a day.
    expect(ruleIds(b, 'M05', '2024-06-03')).toEqual([]);
    for (const h of [onTime, fresh]) expect([...deadline().M03, ...deadline().M04, ...deadline().M05]).not.toContain(h.head);
    const due = await call(b, 'monitoring.due', { asOf: '2024-06-20', withinDays: 3 });
    expect(due.map((d) => [d.name, d.step, d.state])).toEqual([
      [noPlan.members[0].name, 'plan', 'overdue'], [noPlan.members[0].name, 'act', 'overdue'], [fresh.members[0].name, 'plan', 'due'],
    ]);
    // Entering the plan date through the form takes the case off the board's plan line.
    const detail = await call(b, 'monitoring.household', { id: householdId(b, noPlan.no), asOf: AS_OF });
    const c = detail.cases[0];
    await call(b, 'monitoring.saveCase', { ...c, planned: '2024-05-18' });
    expect(ruleIds(b, 'M04')).toEqual([]); // 8 days after 认定: on time
    expect((await call(b, 'monitoring.due', { asOf: '2024-06-20', withinDays: 3 })).filter((d) => d.step === 'plan').map((d) => d.name)).toEqual([fresh.members[0].name]);
  });

  it('a risk found in a 脱贫户 is followed from 发现 (listed as 识别中) without counting as a 监测户', async () => {
    const idNo = id('1980-02-03');
    await call(b, 'persons.create', { idNo, name: '石翠萍', villageId: null, householdNo: '072410020200001', householdType: '脱贫户', monitorCategory: null,
      riskEliminated: null, exitYear: 2019, relation: '户主', laborSkill: '普通劳动力', phone: null });
    const r = await importBuffer(b, 'monitoring-cases', 'monitoring-cases.xlsx', await workbook('工作台账', ['户编号', '户主姓名', '户主身份证号', '发现日期'], [['072410020200001', '石翠萍', idNo, '2024-05-01']]));
    expect(r.errors).toEqual([]);
    const list = await call(b, 'monitoring.households', { asOf: AS_OF });
    expect(list.map((h) => [h.headName, h.identifying, h.open, h.rules])).toEqual([['石翠萍', true, false, ['M03']]]);
    const st = (await call(b, 'stats.get', { asOf: AS_OF })) as unknown as { monitoring: { households: number; overdue: number } };
    expect([st.monitoring.households, st.monitoring.overdue]).toEqual([0, 1]);
    await call(b, 'monitoring.saveCase', { id: (await call(b, 'monitoring.household', { id: list[0].id })).cases[0].id, householdId: list[0].id, found: '2024-05-01', confirmed: '2024-05-12' });
    expect(ruleIds(b, 'M03')).toEqual([]);
  });

  it('bad input: row errors in Chinese, nothing else written; undo and re-import', async () => {
    const h = household(31, ['普通劳动力', '普通劳动力']);
    const rows = downloadRows([h]);
    rows[1][12] = '2023-06-05';
    const s = await importBuffer(b, 'monitoring', 'monitoring.xlsx', await workbook('（自定义）监测对象信息', DL_HEADER, rows));
    expect(s.errors.map((e) => [e.row, e.column])).toEqual([[5, '识别监测时间']]);
    expect(s.errors[0].message).toMatch(/应为年月.*202306/);
    expect(s.inserted).toBe(1);

    const caseHeader = ['户编号', '户主姓名', '户主身份证号', '发现日期', '县级认定日期'];
    const c = await importBuffer(b, 'monitoring-cases', 'monitoring-cases.xlsx', await workbook('工作台账', caseHeader, [[h.no, h.members[0].name, h.head, '2024-05-10', '2024-05-01']]));
    expect(c.errors.map((e) => [e.column, e.message])).toEqual([['县级认定日期', '县级认定日期 2024-05-01 早于发现日期 2024-05-10，请核对（各步骤都应在发现之后）']]);
    const v = await importBuffer(b, 'visits', 'visits.xlsx', await workbook('走访记录', ['户编号', '户主姓名', '户主身份证号', '走访日期', '走访人'], [
      [h.no, h.members[0].name, h.head, '2099-01-05', '张三'], [h.no, h.members[0].name, h.head, '2024-05-05', '张三'],
    ]));
    expect(v.errors.map((e) => e.message)).toEqual(['走访日期 2099-01-05 晚于今天，走访记录只能记已经发生的走访，请核对']);
    expect(v.inserted).toBe(1);
    const count = (t: string) => (b.ctx.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    expect([count('monitor_cases'), count('monitor_visits')]).toEqual([0, 1]);
    await expect(call(b, 'monitoring.addVisit', { householdId: householdId(b, h.no), date: '2099-01-05', visitor: '张三', method: '入户' })).rejects.toThrow(/晚于今天/);
    await expect(call(b, 'monitoring.saveCase', { householdId: householdId(b, h.no), found: '2024-05-10', confirmed: '2024-05-01' })).rejects.toThrow(/早于发现日期/);

    // Undo the visits batch, then the download: the ledger is as before; the same file again changes nothing.
    const batches = await call(b, 'import.batches', {});
    for (const bt of batches.filter((x) => x.kind === 'visits' || x.kind === 'monitoring')) await call(b, 'import.undo', { batchId: bt.id });
    expect([count('persons'), count('monitor_households'), count('monitor_incomes'), count('monitor_measures'), count('monitor_visits')]).toEqual([0, 0, 0, 0, 0]);
    const good = await workbook('（自定义）监测对象信息', DL_HEADER, downloadRows([h]));
    expect((await importBuffer(b, 'monitoring', 'monitoring.xlsx', good)).inserted).toBe(2);
    const again = await importBuffer(b, 'monitoring', 'monitoring.xlsx', good);
    expect([again.inserted, again.updated, again.unchanged]).toEqual([0, 0, 2]);
  });

  it('reads another county’s download by its headers (other place columns, other order) and our own ledger export back unchanged', async () => {
    const h = household(41, ['普通劳动力', '技能劳动力']);
    const header = ['证件号码', '姓名', '县(市、区、旗)', '乡(镇)', '行政村', '户编号', '人编号', '与户主关系', '劳动技能', '监测对象类别', '风险是否已消除', '识别监测时间', '致贫/返贫风险1', '人均纯收入', '就业帮扶'];
    const rows = h.members.map((m, i) => [m.idNo, m.name, '昔阳县', '乐平镇', '南关村', h.no, `0${h.no}${i}`, m.rel, m.skill, '突发严重困难户', '否', 202402, '因病', 5000, '外出务工']);
    const s = await importBuffer(b, 'monitoring', 'monitoring.xlsx', await workbook('（自定义）监测对象信息', header, rows));
    expect(s.errors).toEqual([]);
    const d = await call(b, 'monitoring.household', { id: householdId(b, h.no), asOf: AS_OF });
    expect([d.village, d.category, d.identifiedMonth, d.open, d.risks]).toEqual(['南关村', '突发严重困难户', '2024-02', true, '因病']);
    expect(d.measures.map((m) => [m.type, m.nature, m.content])).toEqual([['就业', '开发式', '外出务工']]);
    expect(d.incomes).toEqual([{ year: 2024, perCapitaFen: 500_000 }]);
    expect((b.ctx.db.prepare('SELECT person_no AS n FROM persons WHERE id_no = ?').get(h.head) as { n: string }).n).toBe(`0${h.no}0`);

    const out = await call(b, 'export.monitoring', { asOf: AS_OF });
    const back = await importBuffer(b, 'monitoring', 'monitoring.xlsx', Buffer.from(out.base64, 'base64'));
    expect([back.rows, back.inserted, back.updated, back.errors.length]).toEqual([1, 0, 0, 0]);
  });
});
