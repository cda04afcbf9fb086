import { FIGURES, type CrossFinding, type MergeResult, type PackageInfo, type TownshipFigures } from '../../../shared/api/overview';
import { parseDate, todayIso } from '../../../shared/dates';
import { ruleTitle } from '../../../shared/rules';
import { periodsOverlap } from '../../../shared/workshops';
import { AppError } from '../errors';
import { readXlsx } from '../import/xlsx-reader';
import { sniff, type Cell, type SheetData } from '../import/read';
import {
  FULL_ID_MARK, KIND_LABEL, META_SHEET, PACKAGE_FORMAT, contentHash, parseLayout, readMeta, sheetHash, type PackageMeta, type SheetKind,
} from '../export/exchange';
import { writeWorkbook } from '../export/workbook';
import { nowLocal } from './context';

/**
 * County-side consolidation of township exchange packages.
 *
 * A merge is computed in memory from the packages' own rows and never writes anywhere — least of
 * all into the township ledger this program has open (the county's PC may well run a township's
 * ledger too). What it gives back is the comparison itself: per-township figures side by side, the
 * packages' integrity (hash mismatch = edited after export: flagged, still merged), and problems
 * only the county can see: one person 在岗 on posts in two townships (P01 跨乡镇), one household
 * with loans owed in two townships (L04 跨乡镇) and one person employed in workshops of two townships
 * over the same period (W01 跨乡镇). The consolidated workbook carries all of it. The county
 * workspace (services/county.ts) keeps what readPackage gives and runs the same crossFindings.
 */

const str = (v: Cell | undefined): string => (v == null ? '' : String(v)).trim();
const numOf = (v: Cell | undefined): number => {
  if (typeof v === 'number') return v;
  const n = Number(str(v).replace(/,/g, ''));
  return Number.isFinite(n) ? n : 0;
};
const fen = (yuan: number) => Math.round(yuan * 100);

/** What a package gives the county: its figures and the rows the cross-township checks read. */
export interface Township {
  key: string; name: string; code: string; fileName: string; modified: boolean; exportedAt: string;
  figures: TownshipFigures; eligible: number; lent: number;
  posts: { idNo: string; name: string; village: string | null; post: string }[];
  loans: { idNo: string; name: string; village: string | null; contractNo: string; hhNo: string | null; amountFen: number }[];
  /** 务工台账 rows; village is the workshop's. Empty for a package made before workshops existed. */
  employments: { idNo: string; name: string; village: string | null; workshop: string; start: string; end: string | null }[];
}

/** Column getter by header text (first of the names that is present). */
function columns(headers: string[]) {
  return (...names: string[]) => {
    for (const n of names) { const i = headers.indexOf(n); if (i >= 0) return (r: Cell[]) => r[i]; }
    return () => null as Cell;
  };
}

const emptyFigures = (): TownshipFigures => Object.fromEntries(FIGURES.map((f) => [f.key, 0])) as TownshipFigures;

function readTownship(fileName: string, meta: PackageMeta, sheets: Map<SheetKind, SheetData>, headerRows: Map<SheetKind, number>, modified: boolean): Township {
  const f = emptyFigures();
  const parsed = (k: SheetKind) => { const sd = sheets.get(k); return sd ? parseLayout(sd, headerRows.get(k)) : null; };

  // 人员: 户编号 and 户类型 by 身份证号 (the loans sheet names the borrower only).
  const hhOf = new Map<string, { hhNo: string | null; hhType: string }>();
  const eligibleHh = new Set<string>();
  const persons = parsed('persons');
  if (persons) {
    const col = columns(persons.headers);
    const id = col('证件号码', '身份证号', '身份证号码'), hh = col('户编号'), type = col('户类型');
    const households = new Set<string>();
    for (const r of persons.data) {
      const idNo = str(id(r)).toUpperCase(), hhNo = str(hh(r)) || null, t = str(type(r));
      f.persons++;
      // A household the ledger knows without its 户编号 (made for a borrower) still has its 户类型.
      if (hhNo) households.add(hhNo); else if (t) households.add(`p:${idNo}`);
      if (t === '脱贫户') f.poorPersons++;
      if (t === '监测户') f.monitorPersons++;
      if (hhNo && (t === '脱贫户' || t === '监测户')) eligibleHh.add(hhNo);
      if (idNo) hhOf.set(idNo, { hhNo, hhType: t });
    }
    f.households = households.size;
  }

  const posts: Township['posts'] = [];
  const roster = parsed('posts');
  if (roster) {
    const col = columns(roster.headers);
    const id = col('身份证号码', '身份证号'), name = col('姓名'), village = col('行政村'), post = col('岗位名称'), type = col('人员类别'), wage = col('月补贴标准（元）'), status = col('在岗状态');
    const holders = new Set<string>();
    let wageFen = 0;
    for (const r of roster.data) {
      if (str(status(r)) !== '在岗') continue;
      const idNo = str(id(r)).toUpperCase();
      f.postsActive++;
      holders.add(idNo);
      if (['脱贫户', '监测户'].includes(str(type(r)))) f.postsPriority++;
      wageFen += fen(numOf(wage(r)));
      posts.push({ idNo, name: str(name(r)), village: str(village(r)) || null, post: str(post(r)) });
    }
    f.postsHolders = holders.size;
    f.postsWageYuan = wageFen / 100;
  }

  const ws = parsed('workshops');
  const workshopVillage = new Map<string, string | null>();
  if (ws) {
    const col = columns(ws.headers);
    const status = col('运营状态'), employed = col('吸纳就业人数'), poor = col('其中脱贫劳动力'), wname = col('车间名称'), village = col('行政村');
    for (const r of ws.data) {
      workshopVillage.set(str(wname(r)), str(village(r)) || null);
      f.workshops++;
      if (['正常运营', '经营困难'].includes(str(status(r)))) f.workshopsOperating++;
      f.workshopsEmployed += numOf(employed(r));
      f.workshopsPoor += numOf(poor(r));
    }
  }

  // 务工台账: who worked where and when, for 一人多车间 across townships (W01). Rows without a readable
  // 入职日期 cannot overlap anything and are left out rather than guessed.
  const employments: Township['employments'] = [];
  const emp = parsed('employments');
  if (emp) {
    const col = columns(emp.headers);
    const wname = col('车间名称'), name = col('姓名'), id = col('身份证号', '身份证号码'), start = col('入职日期'), end = col('离职日期');
    for (const r of emp.data) {
      const idNo = str(id(r)).toUpperCase(), from = parseDate(start(r));
      if (!idNo || !from) continue;
      const workshop = str(wname(r));
      employments.push({ idNo, name: str(name(r)), village: workshopVillage.get(workshop) ?? null, workshop, start: from, end: parseDate(end(r)) });
    }
  }

  const loans: Township['loans'] = [];
  let lent = 0;
  const ls = parsed('loans');
  if (ls) {
    const col = columns(ls.headers);
    const id = col('身份证号', '身份证号码'), name = col('借款人姓名', '姓名'), village = col('行政村'), contract = col('合同编号'),
      amount = col('贷款金额（万元）'), repaid = col('已还本金（元）'), status = col('还款状态');
    let total = 0, active = 0;
    const households = new Set<string>(), lentHh = new Set<string>();
    for (const r of ls.data) {
      const idNo = str(id(r)).toUpperCase();
      const amountFen = Math.round(numOf(amount(r)) * 1_000_000);
      const st = str(status(r));
      f.loans++;
      total += amountFen;
      if (st !== '已结清') active += Math.max(0, amountFen - fen(numOf(repaid(r))));
      const hhNo = hhOf.get(idNo)?.hhNo ?? null;
      households.add(hhNo ? `h${hhNo}` : `p${idNo}`);
      if (hhNo && eligibleHh.has(hhNo)) lentHh.add(hhNo);
      if (st !== '已结清') loans.push({ idNo, name: str(name(r)), village: str(village(r)) || null, contractNo: str(contract(r)), hhNo, amountFen });
    }
    f.loansTotalYuan = total / 100;
    f.loansActiveYuan = active / 100;
    f.loanHouseholds = households.size;
    lent = lentHh.size;
    f.householdLoanRate = eligibleHh.size ? Math.round((lent / eligibleHh.size) * 10000) / 100 : 0;
  }
  const name = meta.township || meta.code || fileName.replace(/\.xlsx$/i, '');
  return {
    key: meta.code || meta.township || fileName, name, code: meta.code, fileName, modified, exportedAt: meta.exportedAt,
    figures: f, eligible: eligibleHh.size, lent, posts, loans, employments,
  };
}

const period = (s: string, e: string | null) => `${s} 至 ${e ?? '今'}`;

/** What the cross-township checks read of a township: from a package just read, or from the county workspace. */
export type CrossTown = Pick<Township, 'name' | 'posts' | 'loans' | 'employments'>;

/** One person 在岗 in two townships (P01), one household owing loans in two (L04), one person working in workshops of two at once (W01). */
export function crossFindings(towns: CrossTown[]): CrossFinding[] {
  const out: CrossFinding[] = [];
  const byPerson = new Map<string, { t: CrossTown; p: Township['posts'][number] }[]>();
  for (const t of towns) for (const p of t.posts) if (p.idNo) (byPerson.get(p.idNo) ?? byPerson.set(p.idNo, []).get(p.idNo)!).push({ t, p });
  for (const [idNo, list] of byPerson) {
    const names = [...new Set(list.map((x) => x.t.name))];
    if (names.length < 2) continue;
    const where = list.map((x) => `${x.t.name}${x.p.village ?? ''}${x.p.post}`).join('、');
    out.push({
      rule: 'P01', title: `${ruleTitle('P01')}（跨乡镇）`, severity: 'error', id: idNo, name: list[0].p.name, townships: names,
      message: `${list[0].p.name}（${idNo}）同时在 ${names.length} 个乡镇的公益岗位在岗（${where}），一人只能聘一个岗位，请${names.join('、')}核实后办理退岗`,
      details: list.map((x) => ({ township: x.t.name, village: x.p.village, text: `${x.p.post}在岗` })),
    });
  }
  // Loans owed: linked by 户编号 (same household) and by 身份证号 (same borrower), whichever is known.
  const items = towns.flatMap((t) => t.loans.map((l) => ({ t, l })));
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const seen = new Map<string, number>();
  items.forEach((x, i) => {
    for (const k of [x.l.hhNo ? `h:${x.l.hhNo}` : null, x.l.idNo ? `p:${x.l.idNo}` : null]) {
      if (!k) continue;
      const j = seen.get(k);
      if (j == null) seen.set(k, i); else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, typeof items>();
  items.forEach((x, i) => { const r = find(i); (groups.get(r) ?? groups.set(r, []).get(r)!).push(x); });
  for (const list of groups.values()) {
    const names = [...new Set(list.map((x) => x.t.name))];
    if (names.length < 2) continue;
    const hhNo = list.find((x) => x.l.hhNo)?.l.hhNo ?? null;
    const where = list.map((x) => `${x.t.name}${x.l.village ?? ''} ${x.l.name} 合同${x.l.contractNo || '（无编号）'} ${x.l.amountFen / 1_000_000}万元`).join('；');
    out.push({
      rule: 'L04', title: `${ruleTitle('L04')}（跨乡镇）`, severity: 'error', id: hhNo ?? list[0].l.idNo, name: list[0].l.name, townships: names,
      message: `${hhNo ? `户编号 ${hhNo} 的家庭` : `借款人 ${list[0].l.name}（${list[0].l.idNo}）`}在 ${names.length} 个乡镇都有未结清的小额信贷（${where}）。一户只能有一笔贷款，请${names.join('、')}与银行核实`,
      details: list.map((x) => ({ township: x.t.name, village: x.l.village, text: `${x.l.name} 合同${x.l.contractNo || '（无编号）'}` })),
    });
  }
  // 务工: periods that overlap across townships (within one township W01 of the township's own checks finds it).
  const byWorker = new Map<string, { t: CrossTown; e: Township['employments'][number] }[]>();
  for (const t of towns) for (const e of t.employments ?? []) (byWorker.get(e.idNo) ?? byWorker.set(e.idNo, []).get(e.idNo)!).push({ t, e });
  for (const [idNo, list] of byWorker) {
    const involved = new Set<number>();
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i], b = list[j];
        if (a.t.name === b.t.name || !periodsOverlap({ start: a.e.start, end: a.e.end }, { start: b.e.start, end: b.e.end })) continue;
        involved.add(i); involved.add(j);
      }
    }
    if (!involved.size) continue;
    const rows = [...involved].sort((x, y) => x - y).map((i) => list[i]);
    const names = [...new Set(rows.map((x) => x.t.name))];
    const where = rows.map((x) => `${x.t.name}“${x.e.workshop}”（${period(x.e.start, x.e.end)}）`).join('、');
    out.push({
      rule: 'W01', title: `${ruleTitle('W01')}（跨乡镇）`, severity: 'error', id: idNo, name: rows[0].e.name, townships: names,
      message: `${rows[0].e.name}（${idNo}）同一时间在 ${names.length} 个乡镇的帮扶车间务工：${where}。同一时间只能在一个车间计为吸纳就业，请${names.join('、')}核实，给已离开的车间登记离职日期`,
      details: rows.map((x) => ({ township: x.t.name, village: x.e.village, text: `${x.e.workshop} ${period(x.e.start, x.e.end)}` })),
    });
  }
  return out.sort((a, b) => a.rule.localeCompare(b.rule) || a.id.localeCompare(b.id));
}

/** One package read and verified: its info (status ok / modified / invalid) and, unless invalid, its township. */
export interface ReadPackage {
  info: PackageInfo;
  meta: PackageMeta | null;
  town: Township | null;
  /** Over the sheets as they are now (not what the meta sheet claims): equal for the same file read twice. */
  actualHash: string;
}

export async function readPackage(file: { fileName: string; buffer: Buffer }): Promise<ReadPackage> {
  const info: PackageInfo = { fileName: file.fileName, township: '', code: '', exportedAt: null, schemaVersion: null, status: 'ok', messages: [], sheets: [] };
  let all: SheetData[];
  try {
    if (sniff(file.buffer, file.fileName) !== 'xlsx') throw new AppError('BAD_FILE', '交换包应为 .xlsx 文件');
    all = await readXlsx(file.buffer, { includeHidden: true });
  } catch (e) {
    info.status = 'invalid';
    info.messages.push(`无法读取：${e instanceof Error ? e.message : String(e)}`);
    return { info, meta: null, town: null, actualHash: '' };
  }
  const metaSd = all.find((s) => s.name === META_SHEET);
  const meta = metaSd ? readMeta(metaSd) : null;
  if (!meta || !meta.sheets.length) {
    info.status = 'invalid';
    info.messages.push(`不是乡镇交换包（缺少隐藏的“${META_SHEET}”工作表）。请让乡镇用“导出交换包”重新导出，不要另存或拆分文件`);
    return { info, meta: null, town: null, actualHash: '' };
  }
  Object.assign(info, { township: meta.township, code: meta.code, exportedAt: meta.exportedAt || null, schemaVersion: meta.schemaVersion });
  if (meta.format !== PACKAGE_FORMAT) info.messages.push(`交换包格式“${meta.format}”与本程序（${PACKAGE_FORMAT}）不同，已尽量读取`);
  const byName = new Map(all.map((s) => [s.name, s]));
  const sheets = new Map<SheetKind, SheetData>(), headerRows = new Map<SheetKind, number>();
  const actual: { name: string; kind: string; hash: string }[] = [];
  let modified = false;
  for (const m of meta.sheets) {
    const sd = byName.get(m.name);
    if (!sd) {
      modified = true;
      info.messages.push(`缺少工作表“${m.name}”`);
      info.sheets.push({ name: m.name, kind: m.kind, rows: 0, expectedRows: m.rows, hashOk: false });
      continue;
    }
    const hash = sheetHash(sd);
    actual.push({ name: m.name, kind: m.kind, hash });
    const rows = parseLayout(sd, m.headerRow).data.length;
    const ok = hash === m.hash;
    if (!ok) { modified = true; info.messages.push(`工作表“${m.name}”导出后被修改过（校验值不符${rows !== m.rows ? `，数据行数 ${m.rows} → ${rows}` : ''}）`); }
    info.sheets.push({ name: m.name, kind: m.kind, rows, expectedRows: Number.isFinite(m.rows) ? m.rows : null, hashOk: ok });
    if ((Object.keys(KIND_LABEL) as string[]).includes(m.kind)) { sheets.set(m.kind as SheetKind, sd); headerRows.set(m.kind as SheetKind, m.headerRow); }
  }
  const actualHash = contentHash(actual);
  if (!modified && actualHash !== meta.contentHash) { modified = true; info.messages.push('交换包信息中的校验值被改动过'); }
  if (modified) {
    info.status = 'modified';
    info.messages.push('此交换包在导出后被手工修改，数据仍已合并，请与乡镇核实修改内容');
  }
  return { info, meta, town: readTownship(file.fileName, meta, sheets, headerRows, modified), actualHash };
}

/** Figures added up over townships; 户贷率 and the money rounded again rather than summed. */
export function totalFigures(towns: Pick<Township, 'figures' | 'eligible' | 'lent'>[]): TownshipFigures {
  const total = emptyFigures();
  for (const t of towns) for (const f of FIGURES) total[f.key] += t.figures[f.key] ?? 0;
  const eligible = towns.reduce((a, t) => a + t.eligible, 0), lent = towns.reduce((a, t) => a + t.lent, 0);
  total.householdLoanRate = eligible ? Math.round((lent / eligible) * 10000) / 100 : 0;
  total.postsWageYuan = Math.round(total.postsWageYuan * 100) / 100;
  total.loansTotalYuan = Math.round(total.loansTotalYuan * 100) / 100;
  total.loansActiveYuan = Math.round(total.loansActiveYuan * 100) / 100;
  return total;
}

export async function mergePackages(files: { fileName: string; buffer: Buffer }[], now: Date): Promise<MergeResult> {
  if (!files.length) throw new AppError('VALIDATION', '请至少选择一个交换包');
  const packages: PackageInfo[] = [];
  const towns: (Township & { pkg: PackageInfo })[] = [];
  for (const file of files) {
    const r = await readPackage(file);
    packages.push(r.info);
    if (r.town) towns.push({ ...r.town, pkg: r.info });
  }
  // The same township twice: the newer export counts.
  const latest = new Map<string, Township & { pkg: PackageInfo }>();
  for (const t of towns) {
    const prev = latest.get(t.key);
    if (!prev) { latest.set(t.key, t); continue; }
    const [keep, drop] = t.exportedAt > prev.exportedAt ? [t, prev] : [prev, t];
    drop.pkg.status = 'replaced';
    drop.pkg.messages.push(`与“${keep.fileName}”是同一乡镇（${keep.name}）的交换包，按导出时间较新的“${keep.fileName}”合并，本文件未计入`);
    latest.set(t.key, keep);
  }
  const merged = [...latest.values()];
  const total = totalFigures(merged);
  const findings = crossFindings(merged);
  const townships = merged.map((t) => ({ key: t.key, name: t.name, code: t.code, fileName: t.fileName, modified: t.modified, figures: t.figures }));
  const buffer = await consolidatedWorkbook(townships, total, findings, packages, now);
  return { packages, townships, total, findings, workbook: { fileName: `交换包合并结果-${todayIso(now)}.xlsx`, base64: buffer.toString('base64') } };
}

const STATUS_LABEL: Record<PackageInfo['status'], string> = { ok: '校验通过', modified: '导出后被修改', invalid: '无法合并', replaced: '已被较新的交换包替代' };

export async function consolidatedWorkbook(townships: MergeResult['townships'], total: TownshipFigures, findings: CrossFinding[], packages: PackageInfo[], now: Date): Promise<Buffer> {
  const stamp = nowLocal(now);
  const figureCols = FIGURES.map((f) => ({ header: `${f.label}（${f.unit}）`, group: f.group, width: 11, type: f.unit === '元' ? 'money' as const : undefined }));
  return writeWorkbook([
    {
      name: '各乡镇汇总', title: '各乡镇巩固拓展脱贫攻坚成果汇总表', note: `合并时间：${stamp}    乡镇 ${townships.length} 个    户贷率 = 获贷户 ÷ 脱贫户（含监测户）`,
      columns: [{ header: '序号', width: 6 }, { header: '乡镇', width: 14 }, { header: '乡镇代码', width: 14, type: 'text' }, ...figureCols, { header: '校验', width: 12 }],
      rows: townships.map((t, i) => [i + 1, t.name, t.code || null, ...FIGURES.map((f) => t.figures[f.key]), t.modified ? '导出后被修改' : '通过']),
      total: ['合计', null, null, ...FIGURES.map((f) => total[f.key]), null],
      footer: '审核人：                    填表人：                    联系电话：',
    },
    {
      name: '跨乡镇问题', title: '跨乡镇问题清单', note: `${FULL_ID_MARK}    合并时间：${stamp}    共 ${findings.length} 条`,
      columns: [{ header: '序号', width: 6 }, { header: '规则', width: 6 }, { header: '问题', width: 18 }, { header: '严重程度', width: 8 }, { header: '姓名', width: 10 },
        { header: '身份证号/户编号', width: 21, type: 'text' }, { header: '涉及乡镇', width: 20 }, { header: '说明', width: 80 }],
      rows: findings.map((x, i) => [i + 1, x.rule, x.title, x.severity === 'error' ? '错误' : '提醒', x.name, x.id, x.townships.join('、'), x.message]),
    },
    {
      name: '交换包校验', title: '交换包校验结果', note: `合并时间：${stamp}`,
      columns: [{ header: '序号', width: 6 }, { header: '文件', width: 30 }, { header: '乡镇', width: 14 }, { header: '乡镇代码', width: 14, type: 'text' },
        { header: '导出时间', width: 20 }, { header: '数据库版本', width: 8 }, { header: '校验结果', width: 16 }, { header: '说明', width: 80 }],
      rows: packages.map((p, i) => [i + 1, p.fileName, p.township || null, p.code || null, p.exportedAt, p.schemaVersion, STATUS_LABEL[p.status], p.messages.join('；') || null]),
    },
  ], { created: now });
}
