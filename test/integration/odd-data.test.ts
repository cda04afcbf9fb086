/**
 * The output side with odd but real data: 生僻字 outside the BMP and long minority names with ·,
 * names that look like formulas or HTML, a person with no village, a village with no holders,
 * amounts of 0.01 元, 0 and 9,999,999.99 元, wages with 分, 02-29 dates, open-ended appointments,
 * 150+ holders in one village, and an exit reason 其他 whose note holds commas, quotes and a newline.
 * Every xlsx export reads back with the exact text and amounts, imports back unchanged, every print
 * view is clean HTML, and the exchange package merges with the same figures.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import type { ImportKind } from '../../shared/api/contract';
import type { MergeResult } from '../../shared/api/overview';
import { PRINT_KINDS } from '../../shared/api/print';
import { maskId } from '../../shared/idcard';
import { amountInWords, formatYuan } from '../../shared/money';
import { call, freshBackend, validId } from './helpers';

const RARE = ['王𠀀', '张𪚥'];
const MINORITY = '阿依古丽·买买提江·艾合买提';
const PUA = '李\uE000明'; // a 自造字 as the 户籍 system stores it
const HTML_POST = '</td><b>x</b>岗';
const FORMULA_VILLAGE = '@西营村';
const REFUSED_NAMES = ['=张三', '+李四', '@王五', '-赵六', '<b>x</b>', '李</td>四'];
const EXIT_NOTE = '家中老人需照顾，本人申请，"暂停"\n另行安排，他说：\'不干了\', 谢谢';
const BIG_FEN = 999_999_999; // 9,999,999.99 元
const WAGE_FEN = 123_456; // 1,234.56 元

interface Odd {
  b: Backend;
  idOf: Record<string, string>;
  big: number; // holders in 东关村
  rosterWageFen: number; // 月补贴 total of 在岗/待岗 holders (what the 花名册 sums)
  aprilPaidFen: number;
  loanFen: number;
}

let n = 0;
/** A valid ID with the given birth date (YYYYMMDD) and a running sequence number. */
const nextId = (birth: string) => validId(`140724${birth}${String(100 + (n++ % 900)).padStart(3, '0')}`);

async function seed(): Promise<Odd> {
  const b = freshBackend();
  await call(b, 'settings.update', { township: '乐平镇', county: '昔阳县', regionCode: '140724100000', supervisionPhone: '0354-4123456', maskIdsOnPrint: true, gongshiDays: 7 });
  const east = await call(b, 'villages.create', { name: '东关村', code: null });
  const west = await call(b, 'villages.create', { name: FORMULA_VILLAGE, code: null }); // persons, no holders
  const idOf: Record<string, string> = {};
  const pidOf: Record<string, number> = {};
  const person = async (name: string, villageId: number | null, birth = '19800101', extra: Record<string, unknown> = {}) => {
    const idNo = nextId(birth);
    idOf[name] = idNo;
    const p = await call(b, 'persons.create', {
      idNo, name, villageId, householdNo: villageId ? `H${n}` : null, householdType: '脱贫户', monitorCategory: null, riskEliminated: null,
      exitYear: 2019, relation: '户主', laborSkill: '普通劳动力', phone: null, ...extra,
    });
    pidOf[name] = p.id;
    return p;
  };
  const post = (villageId: number | null, name: string, wageFen: number, headcount = 5) => call(b, 'posts.create', {
    villageId, name, category: '乡村公益岗', fundSource: '衔接资金', headcount, duties: `${name}：清扫、巡查，每周一次`, workTime: '每月不少于20天',
    wageFen, councilDate: '2024-02-29', councilRecord: '村“两委”研究同意，"一致通过"\n参会7人，\'同意\'7票',
  });
  const appoint = (postId: number, personId: number, wageFen: number, startDate = '2024-02-29', endDate: string | null = null) => call(b, 'appointments.create', {
    postId, personId, agreementNo: `XY-${postId}-${personId}`, startDate, endDate, wageFen, bankAccount: `6217000000${String(personId).padStart(9, '0')}`,
    bankName: '农村信用社', status: '在岗', remark: endDate ? null : '长期，"无固定期限"\n每年考核',
  });

  const cleaner = await post(east.id, '保洁员', WAGE_FEN, 300);
  const html = await post(east.id, HTML_POST, WAGE_FEN);
  const tiny = await post(east.id, '一分钱岗', 1);
  const zero = await post(east.id, '零补贴岗', 0);
  const huge = await post(east.id, '大额岗', BIG_FEN);
  const town = await post(null, '乡镇保洁督导', 50_000);
  await post(west.id, '=西营护林员', 60_000); // 0 holders
  let rosterWageFen = 0;
  const appointed: { id: number; wage: number }[] = [];
  const hire = async (postId: number, personId: number, wage: number, start?: string, end?: string | null) => {
    const a = await appoint(postId, personId, wage, start, end);
    rosterWageFen += wage;
    appointed.push({ id: a.id, wage });
    return a;
  };

  // The odd names, each on a post of 东关村 (1 分, 0 and 9,999,999.99 元 on three of them).
  const oddNames = [...RARE, MINORITY, PUA, '买买提·吐尔逊'];
  for (const [i, name] of oddNames.entries()) {
    const p = await person(name, east.id, i % 2 ? '19840229' : '19880229');
    const [postId, wage] = i === 0 ? [tiny.id, 1] : i === 1 ? [zero.id, 0] : i === 2 ? [huge.id, BIG_FEN] : i === 3 ? [html.id, WAGE_FEN] : [cleaner.id, WAGE_FEN];
    await hire(postId, p.id, wage, '2024-02-29', i % 2 ? '2028-02-29' : null);
  }
  // No village: a township-level post holder.
  const nowhere = await person('赵无村', null, '19760229');
  await hire(town.id, nowhere.id, 50_000, '2020-02-29', null);
  // Persons of 西营村, none holding a post.
  // Two 监测户 of 西营村: one visited on 02-29 (markup in the content), one whose risk is eliminated that day.
  const watched = await person('钱西营', west.id, '19700315', { householdType: '监测户', monitorCategory: '边缘易致贫户', riskEliminated: false });
  const cleared = await person('孙西营', west.id, '19720229', { householdType: '监测户', monitorCategory: '脱贫不稳定户', riskEliminated: false });
  await call(b, 'monitoring.addVisit', { householdId: watched.householdId!, date: '2024-02-29', visitor: '李驻村', method: '入户', incomeChange: null, riskChange: '风险未消除', content: '</td><b>x</b>，"收入"\n减少' });
  await call(b, 'monitoring.eliminate', { householdId: cleared.householdId!, date: '2024-02-29', method: '<帮扶>消除', signer: '李驻村', note: null });
  // 150+ holders in 东关村 on one post.
  const SUR = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
  const GIV = ['建国', '秀英', '桂兰', '满仓', '丽娟', '俊峰', '海燕', '金莲'];
  for (let i = 0; i < 152; i++) {
    const p = await person(`${SUR[i % SUR.length]}${GIV[Math.floor(i / SUR.length) % GIV.length]}`, east.id,
      `19${60 + (i % 35)}0${1 + (i % 9)}1${i % 9}`);
    await hire(cleaner.id, p.id, WAGE_FEN, `2024-0${1 + (i % 3)}-01`, null);
  }
  // An exit with 其他 and free text: not on the roster any more.
  const leaver = await person('孙离岗', east.id, '19960229');
  const gone = await appoint(cleaner.id, leaver.id, WAGE_FEN, '2024-01-01', null);
  await call(b, 'appointments.exit', { id: gone.id, date: '2024-02-29', reason: '其他', note: EXIT_NOTE });

  // Attendance for 2024-04: full month for everyone, one docked with a reason.
  const rows = appointed.map((a, i) => ({ appointmentId: a.id, dueDays: 22, presentDays: 22, assessment: '合格' as const,
    paidFen: i === 5 ? 100_000 : null, paidReason: i === 5 ? '工具损坏，扣"34.56"元\n经村委会研究' : null }));
  const saved = await call(b, 'attendance.save', { month: '2024-04', rows });
  const aprilPaidFen = saved.rows.reduce((s, r) => s + (r.paidFen ?? 0), 0);

  // Loans: 0.01 元 and the 100 万 ceiling of the field, issued on 02-29.
  let loanFen = 0;
  for (const [name, amountFen] of [[RARE[0], 1], [MINORITY, 5_000_000], ['赵无村', 100_000_000]] as const) {
    const personId = pidOf[name];
    await call(b, 'loans.create', {
      personId, bank: '农商银行', contractNo: `=HT-${name.length}-${amountFen}`, amountFen, issueDate: '2024-02-29', dueDate: '2027-02-28', termMonths: 36,
      rateE6: 34_500, purpose: '养殖，"肉牛"', status: '正常', note: '备注，含逗号\n和换行',
    });
    loanFen += amountFen;
  }

  // A workshop and two workers (0.01 元 and 0 元 wages), one without a village.
  const ws = await call(b, 'workshops.create', {
    name: '+乐平<农>产品车间', villageId: east.id, entity: '乐平镇"丰收"合作社', creditCode: null, leader: RARE[1], phone: null, industry: '农产品加工',
    recognizedDate: '2024-02-29', note: '厂房租用，"三年"\n另有分厂',
  });
  await call(b, 'employments.create', { workshopId: ws.id, idNo: idOf[RARE[1]], name: RARE[1], startDate: '2024-02-29', endDate: null, contractMonths: 12, monthlyWageFen: 1, channel: '帮扶车间', note: '计件，"按件"\n旺季加班' });
  await call(b, 'employments.create', { workshopId: ws.id, idNo: idOf['赵无村'], name: '赵无村', startDate: '2024-02-29', endDate: '2028-02-29', contractMonths: 48, monthlyWageFen: 0, channel: null, note: null });
  return { b, idOf, big: 152 + oddNames.length, rosterWageFen, aprilPaidFen, loanFen };
}

async function load(base64: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return wb;
}

let odd: Odd;
beforeAll(async () => { odd = await seed(); }, 120_000);

/** Starts an import of export bytes through the channels and waits until it is staged (or refused). */
async function stage(b: Backend, fileName: string, base64: string, kind: ImportKind) {
  let job = await call(b, 'import.start', { kind, fileName, base64 });
  for (let i = 0; i < 600 && job.state === 'reading'; i++) {
    await new Promise((r) => setTimeout(r, 30));
    job = await call(b, 'import.status', { jobId: job.jobId });
  }
  return job;
}

const EXPORTS: { channel: 'export.persons' | 'export.posts' | 'export.postLibrary' | 'export.wages' | 'export.loans' | 'export.workshops' | 'export.employments'; params: object; kind: ImportKind; unchanged: (o: Odd) => number }[] = [
  { channel: 'export.persons', params: {}, kind: 'persons', unchanged: () => 161 },
  { channel: 'export.posts', params: {}, kind: 'posts', unchanged: (o) => o.big + 1 },
  { channel: 'export.postLibrary', params: {}, kind: 'post-library', unchanged: () => 7 },
  { channel: 'export.wages', params: { month: '2024-04' }, kind: 'post-wages', unchanged: (o) => o.big + 1 },
  { channel: 'export.loans', params: {}, kind: 'loans', unchanged: () => 3 },
  { channel: 'export.workshops', params: {}, kind: 'workshops', unchanged: () => 1 },
  { channel: 'export.employments', params: {}, kind: 'workshops', unchanged: () => 2 },
];

/** Every cell of a sheet as [row, col, value], for finding text and checking that no cell is a formula. */
function cells(ws: ExcelJS.Worksheet) {
  const out: { row: number; col: number; cell: ExcelJS.Cell }[] = [];
  ws.eachRow((r, row) => r.eachCell((cell, col) => out.push({ row, col, cell })));
  return out;
}

/** The data row whose column `header` (on the header row) holds `value`, as header → value. */
function rowsBy(ws: ExcelJS.Worksheet, headerRow: number) {
  const headers = (ws.getRow(headerRow).values as unknown[]).map((v) => (v == null ? '' : String(v)));
  const rows: Record<string, unknown>[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const vals = ws.getRow(r).values as unknown[];
    if (!vals.length) continue;
    rows.push(Object.fromEntries(headers.map((h, c) => [h, vals[c] ?? null]).filter(([h]) => h)));
  }
  return rows;
}

const fenOf = (v: unknown) => Math.round(Number(v) * 100);

describe('the person form and the importer agree on what a name is', () => {
  it('refuses names that look like formulas or markup, with the importer’s message, and takes 生僻字, · and 自造字', async () => {
    const b = freshBackend();
    for (const name of REFUSED_NAMES) {
      await expect(call(b, 'persons.create', {
        idNo: nextId('19800101'), name, villageId: null, householdNo: null, householdType: '一般户', monitorCategory: null, riskEliminated: null,
        exitYear: null, relation: null, laborSkill: null, phone: null,
      }), name).rejects.toThrow(/含有不应出现在姓名中的字符/);
    }
    // A 生僻字 at the cut of the quoted name stays whole (no half surrogate pair in the message).
    await expect(call(b, 'persons.create', {
      idNo: nextId('19800101'), name: `${'张'.repeat(19)}𠀀<`, villageId: null, householdNo: null, householdType: '一般户', monitorCategory: null,
      riskEliminated: null, exitYear: null, relation: null, laborSkill: null, phone: null,
    })).rejects.toThrow(`姓名“${'张'.repeat(19)}𠀀”`);
    const ws = await call(b, 'workshops.create', { name: '车间', villageId: null, entity: null, creditCode: null, leader: null, phone: null, industry: null, recognizedDate: null, note: null });
    await expect(call(b, 'employments.create', { workshopId: ws.id, idNo: nextId('19800101'), name: '=HYPERLINK("x")', startDate: '2024-02-29', endDate: null, contractMonths: null, monthlyWageFen: null, channel: null, note: null }))
      .rejects.toThrow(/含有不应出现在姓名中的字符/);
    for (const name of [...RARE, MINORITY, PUA]) expect(odd.idOf[name], name).toBeTruthy();
  });
});

describe('xlsx exports read back with the exact text and amounts', () => {
  it('花名册: 生僻字/· names, 0.01, 0, 9,999,999.99 and 1,234.56 to the 分, 02-29 and open-ended dates, 合计 exact, formula-looking text as text', async () => {
    const wb = await load((await call(odd.b, 'export.posts', {})).base64);
    const ws = wb.worksheets[0];
    const rows = rowsBy(ws, 4);
    const data = rows.filter((r) => typeof r['序号'] === 'number');
    expect(data).toHaveLength(odd.big + 1);
    const by = (name: string) => data.find((r) => r['姓名'] === name)!;
    expect(by(RARE[0])).toMatchObject({ 岗位名称: '一分钱岗', '月补贴标准（元）': 0.01, 聘用开始时间: '2024-02-29', 聘用结束时间: null, 身份证号码: odd.idOf[RARE[0]] });
    expect(by(RARE[1])).toMatchObject({ 岗位名称: '零补贴岗', '月补贴标准（元）': 0, 聘用结束时间: '2028-02-29' });
    expect(by(MINORITY)).toMatchObject({ 岗位名称: '大额岗', '月补贴标准（元）': 9_999_999.99 });
    expect(by(PUA)).toMatchObject({ 岗位名称: HTML_POST, '月补贴标准（元）': 1234.56 });
    expect(by('赵无村')).toMatchObject({ 行政村: null, 岗位名称: '乡镇保洁督导', 聘用开始时间: '2020-02-29' });
    expect(data.find((r) => r['姓名'] === '孙离岗')).toBeUndefined();
    const total = rows.find((r) => r['序号'] === '合计')!;
    expect(total['姓名']).toBe(`${odd.big + 1}人`);
    expect(fenOf(total['月补贴标准（元）'])).toBe(odd.rosterWageFen);
    expect(data.reduce((n, r) => n + fenOf(r['月补贴标准（元）']), 0)).toBe(odd.rosterWageFen);
    for (const { cell } of cells(ws)) expect(cell.formula, cell.address).toBeUndefined();
  });

  it('工资发放表: 合计 of 应发/实发 to the 分 and the 大写 line from amountInWords', async () => {
    const ws = (await load((await call(odd.b, 'export.wages', { month: '2024-04' })).base64)).worksheets[0];
    const rows = rowsBy(ws, 3);
    const data = rows.filter((r) => typeof r['序号'] === 'number');
    expect(data).toHaveLength(odd.big + 1);
    const total = rows.find((r) => r['序号'] === '合计')!;
    expect(fenOf(total['实发金额'])).toBe(odd.aprilPaidFen);
    expect(data.reduce((n, r) => n + fenOf(r['实发金额']), 0)).toBe(odd.aprilPaidFen);
    expect(data.find((r) => r['姓名'] === MINORITY)).toMatchObject({ 应发金额: 9_999_999.99, 实发金额: 9_999_999.99 });
    expect(data.find((r) => r['姓名'] === RARE[0])).toMatchObject({ 应发金额: 0.01, 实发金额: 0.01 });
    const words = cells(ws).map((c) => String(c.cell.value ?? '')).find((v) => v.startsWith('实发合计（大写）'))!;
    expect(words).toContain(`实发合计（大写）：${amountInWords(odd.aprilPaidFen)}`);
  });

  it('岗位库, 小额信贷台账, 车间台账, 务工台账: formula-looking names guarded as text, tiny and huge amounts exact', async () => {
    const lib = (await load((await call(odd.b, 'export.postLibrary', {})).base64)).worksheets[0];
    const libRows = rowsBy(lib, 3);
    expect(libRows.find((r) => r['岗位名称'] === "'=西营护林员")).toMatchObject({ 行政村: `'${FORMULA_VILLAGE}`, 在岗人数: 0 });
    expect(libRows.find((r) => r['岗位名称'] === '大额岗')).toMatchObject({ '月补贴标准（元）': 9_999_999.99 });
    const loans = (await load((await call(odd.b, 'export.loans', {})).base64)).worksheets[0];
    const loanRows = rowsBy(loans, 3);
    expect(loanRows.find((r) => r['借款人姓名'] === RARE[0])).toMatchObject({ '贷款金额（万元）': 0.000001, 放款日期: '2024-02-29' });
    const loanTotal = loanRows.find((r) => r['序号'] === '合计')!;
    expect(Math.round(Number(loanTotal['贷款金额（万元）']) * 1_000_000)).toBe(odd.loanFen);
    const emp = (await load((await call(odd.b, 'export.employments', {})).base64)).worksheets[0];
    const empRows = rowsBy(emp, 3).filter((r) => typeof r['序号'] === 'number');
    expect(empRows.map((r) => [r['车间名称'], r['姓名'], r['月工资（元）']])).toEqual([["'+乐平<农>产品车间", RARE[1], 0.01], ["'+乐平<农>产品车间", '赵无村', 0]]);
    for (const ws of [lib, loans, emp]) for (const { cell } of cells(ws)) expect(cell.formula, cell.address).toBeUndefined();
  });
});

describe('every export imports back as 未变, line breaks and quotes in free text included', () => {
  for (const e of EXPORTS) {
    it(`${e.channel} → import ${e.kind}`, async () => {
      const out = await call(odd.b, e.channel, e.params as never);
      const job = await stage(odd.b, out.fileName, out.base64, e.kind);
      expect(job.state, job.message ?? '').toBe('ready');
      const changed = (await call(odd.b, 'import.preview', { jobId: job.jobId, category: 'changed', offset: 0, limit: 5 })).rows;
      const errors = (await call(odd.b, 'import.preview', { jobId: job.jobId, category: 'error', offset: 0, limit: 5 })).rows;
      expect({ changed: changed.map((r) => r.changes), errors: errors.map((r) => r.errors) }).toEqual({ changed: [], errors: [] });
      expect(job.counts).toEqual({ new: 0, changed: 0, unchanged: e.unchanged(odd), error: 0 });
      await call(odd.b, 'import.cancel', { jobId: job.jobId });
    });
  }

  it('into an empty ledger, the persons export brings every odd name back exactly', async () => {
    const out = await call(odd.b, 'export.persons', {});
    const fresh = freshBackend();
    const job = await stage(fresh, out.fileName, out.base64, 'persons');
    expect(job.counts).toEqual({ new: 161, changed: 0, unchanged: 0, error: 0 });
    await call(fresh, 'import.commit', { jobId: job.jobId });
    for (const name of [...RARE, MINORITY, PUA, '赵无村']) {
      const [p] = (await call(fresh, 'persons.query', { name, limit: 5 })).rows.filter((x) => x.idNo === odd.idOf[name]);
      expect(p?.name, name).toBe(name);
    }
    expect((await call(fresh, 'villages.list', {})).map((v) => v.name).sort()).toEqual(['东关村', FORMULA_VILLAGE].sort());
  });
});

const FULL_ID = /[0-9]{17}[0-9X]/;
const visibleText = (html: string) => html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');
const printParams = (kind: (typeof PRINT_KINDS)[number]) => ({
  kind, startDate: '2024-02-29', ...(kind === 'wages' ? { month: '2024-04' } : kind === 'exitGongshi' ? { month: '2024-02' } : {}),
});

describe('print views with the odd data', () => {
  for (const kind of PRINT_KINDS) {
    it(`${kind}: no undefined/NaN/null, IDs masked, amounts with 2 decimals, markup printed as text`, async () => {
      const r = await call(odd.b, 'print.html', printParams(kind));
      expect(r.rows).toBeGreaterThan(0);
      const text = visibleText(r.html);
      for (const bad of ['undefined', 'NaN', 'null', '[object']) expect(text, bad).not.toContain(bad);
      expect(r.html).not.toMatch(FULL_ID);
      // Only the page's own markup: no tag from the data (</td>, <b>) ever reaches the HTML unescaped.
      expect(r.html).not.toMatch(/<b>|<\/td><b>|<农>/);
      // Every right-aligned cell is an amount in 元: 2 decimals, thousands separated (or empty).
      const amounts = [...r.html.matchAll(/<td class="a-right[^"]*">([^<]*)<\/td>/g)].map((m) => m[1]);
      if (kind !== 'exitGongshi' && kind !== 'visits') expect(amounts.length, kind).toBeGreaterThan(0); // the exit notice and the visit record have no amount
      for (const a of amounts) expect(a, kind).toMatch(/^$|^\d{1,3}(,\d{3})*\.\d{2}$/);
    });
  }

  it('公示/花名册/工资发放表: 生僻字 and 自造字 present and warned, · names not, 合计 and 大写 exact, 0.01/0/9,999,999.99 shown as 元', async () => {
    for (const kind of ['gongshi', 'roster', 'wages'] as const) {
      const r = await call(odd.b, 'print.html', printParams(kind));
      expect(r.rows, kind).toBe(odd.big + 1);
      for (const name of [...RARE, PUA, MINORITY]) expect(r.html, `${kind} ${name}`).toContain(name);
      for (const name of [...RARE, PUA]) expect(r.warnings.some((w) => w.includes(`“${name}”`)), `${kind} warns ${name}`).toBe(true);
      expect(r.warnings.some((w) => w.includes(MINORITY)), kind).toBe(false);
      expect(r.html).toContain(maskId(odd.idOf[MINORITY]));
      expect(r.html).toContain('&lt;/td&gt;&lt;b&gt;x&lt;/b&gt;岗');
      for (const yuan of ['0.01', '0.00', '9,999,999.99', '1,234.56']) expect(r.html, `${kind} ${yuan}`).toContain(`>${yuan}<`);
      const total = kind === 'wages' ? odd.aprilPaidFen : odd.rosterWageFen;
      expect(r.html, kind).toContain(`人民币${amountInWords(total)}（¥${formatYuan(total)}）`);
      // 合计 once, after the last row.
      expect(r.html.split('<tr class="total">').length - 1, kind).toBe(1);
      expect(r.html.indexOf('<tr class="total">')).toBeGreaterThan(r.html.lastIndexOf(`<td class="a-center">${odd.big + 1}</td>`));
    }
    const loans = await call(odd.b, 'print.html', printParams('loans'));
    expect(loans.html).toContain(`人民币${amountInWords(odd.loanFen)}（¥${formatYuan(odd.loanFen)}）`);
    expect(loans.html).toContain('>0.01<');
    expect(loans.warnings.some((w) => w.includes(RARE[0]))).toBe(true);
  });

  it('退岗公示 with 其他: the free text with commas, quotes and a line break prints escaped, whole', async () => {
    const r = await call(odd.b, 'print.html', printParams('exitGongshi'));
    expect(r.rows).toBe(1);
    expect(r.html).toContain('家中老人需照顾，本人申请，&quot;暂停&quot;\n另行安排，他说：&#39;不干了&#39;, 谢谢');
  });

  it('a village with no holders prints an empty sheet with a warning, nothing invented', async () => {
    const west = (await call(odd.b, 'villages.list', {})).find((v) => v.name === FORMULA_VILLAGE)!;
    const r = await call(odd.b, 'print.html', { kind: 'roster', villageId: west.id, startDate: '2024-02-29' });
    expect(r.rows).toBe(0);
    expect(r.title).toBe(`乐平镇${FORMULA_VILLAGE}2024年乡村公益性岗位人员花名册`);
    expect(r.warnings).toContain('没有符合条件的公益岗位人员。');
    expect(visibleText(r.html)).toContain('共0人');
    expect(r.html).toContain('零元整');
    expect(visibleText(r.html)).not.toMatch(/undefined|NaN|null/);
  });

  it('masking off prints whole IDs, and says so', async () => {
    await call(odd.b, 'settings.update', { maskIdsOnPrint: false });
    try {
      const r = await call(odd.b, 'print.html', printParams('gongshi'));
      expect(r.html).toContain(odd.idOf[RARE[0]]);
      expect(r.warnings.some((w) => w.includes('打印完整身份证号'))).toBe(true);
    } finally {
      await call(odd.b, 'settings.update', { maskIdsOnPrint: true });
    }
  });
});

describe('the county exchange package with the odd data', () => {
  it('exports, verifies (hash OK) and merges back to the same figures to the 分', async () => {
    const f = await call(odd.b, 'exchange.export', {});
    const county = freshBackend();
    const merged = await call(county, 'exchange.merge', { files: [{ fileName: f.fileName, base64: f.base64 }] }) as MergeResult;
    expect(merged.packages[0].status, merged.packages[0].messages.join('；')).toBe('ok');
    expect(merged.packages[0].sheets.every((s) => s.hashOk !== false)).toBe(true);
    const fig = merged.townships[0].figures;
    expect(fig.persons).toBe(161);
    expect(fig.postsActive).toBe(odd.big + 1);
    expect(Math.round(fig.postsWageYuan * 100)).toBe(odd.rosterWageFen);
    expect(fig.loans).toBe(3);
    expect(Math.round(fig.loansTotalYuan * 100)).toBe(odd.loanFen);
    expect(fig.workshops).toBe(1);
    expect(fig.workshopsEmployed).toBe(2);
    // Every odd name and the formula-looking village come through the package as they were.
    const wb = await load(f.base64);
    const all = wb.worksheets.flatMap((ws) => cells(ws).map((c) => String(c.cell.value ?? '')));
    for (const name of [...RARE, PUA, MINORITY]) expect(all, name).toContain(name);
    expect(all).toContain(`'${FORMULA_VILLAGE}`);
    for (const ws of wb.worksheets) for (const { cell } of cells(ws)) expect(cell.formula, `${ws.name}!${cell.address}`).toBeUndefined();
  });
});
