import { addDays } from './dates';
import { monthsBetween } from './interest';
import { formatYuan } from './money';
import { cleanText, toHalfWidth } from './text';

/**
 * 帮扶车间 rules that the UI shows and the backend enforces: status vocabulary, the figures
 * derived from the 务工台账, qualification (认定) and the one-time employment subsidy
 * (一次性吸纳就业补助). Pure: no database, no clock (the caller passes the date).
 */
export const WORKSHOP_STATUSES = ['正常运营', '经营困难', '停产', '已退出'] as const;
export type WorkshopStatus = (typeof WORKSHOP_STATUSES)[number];
/** Statuses in which a workshop still runs (the `operating` count). */
export const OPERATING_STATUSES: readonly WorkshopStatus[] = ['正常运营', '经营困难'];

export const EMPLOYMENT_CHANNELS = ['村委推荐', '乡镇推荐', '人社部门推荐', '企业招聘', '亲友介绍', '自主求职', '其他'] as const;
export const INDUSTRIES = ['来料加工', '手工编织', '服装加工', '食品加工', '农产品初加工', '电子组装', '种养殖', '其他'] as const;

/** County sheets say 停工, 正常, 运营中 …: the four statuses we keep. */
export function parseWorkshopStatus(raw: string | null | undefined): WorkshopStatus | null {
  const s = cleanText(toHalfWidth(String(raw ?? ''))).replace(/\s/g, '');
  if (!s) return null;
  if ((WORKSHOP_STATUSES as readonly string[]).includes(s)) return s as WorkshopStatus;
  if (/退出|注销|撤销|取消认定|关闭/.test(s)) return '已退出';
  if (/停产|停工|停业|歇业|暂停/.test(s)) return '停产';
  if (/困难|半停|减产/.test(s)) return '经营困难';
  if (/正常|运营|运行|在营|生产/.test(s)) return '正常运营';
  return null;
}

/** The thresholds a county sets (settings page); defaults in services/settings.ts. */
export interface WorkshopRuleSettings {
  workshopMinPoorWorkers: number; // ≥5 脱贫劳动力
  workshopMinContractMonths: number; // 合同期限 ≥6 个月
  workshopMinWageFen: number; // 月工资 ≥ 最低工资标准
  workshopSubsidyPerPersonFen: number; // 1,000 元/人
  workshopSubsidyCapFen: number; // 每个车间最多 5 万元
}

export const DEFAULT_WORKSHOP_RULES: WorkshopRuleSettings = {
  workshopMinPoorWorkers: 5,
  workshopMinContractMonths: 6,
  workshopMinWageFen: 188_000,
  workshopSubsidyPerPersonFen: 100_000,
  workshopSubsidyCapFen: 5_000_000,
};

/** One row of the 务工台账, with what the roster says about the person. */
export interface EmploymentFact {
  id: number;
  personId: number;
  name: string;
  idNo: string;
  /** 脱贫劳动力（含监测对象）: the person's household is 脱贫户 or 监测户. */
  poor: boolean;
  monitored: boolean;
  startDate: string;
  endDate: string | null; // last day worked; null while still employed
  contractMonths: number | null;
  monthlyWageFen: number | null;
}

/** Whole 元 without “.00”: 1,880 元, 1,880.50 元. */
export function yuanText(fen: number): string {
  return `${formatYuan(fen).replace(/\.00$/, '')} 元`;
}

export function isActiveOn(e: Pick<EmploymentFact, 'startDate' | 'endDate'>, date: string): boolean {
  return e.startDate <= date && (!e.endDate || e.endDate >= date);
}

/**
 * Two periods overlap when each starts before the other ends. Leaving one workshop and starting
 * at the next on the same day is a change of job, not two jobs at once.
 */
export function periodsOverlap(a: { start: string; end: string | null }, b: { start: string; end: string | null }): boolean {
  const aEnd = a.end ?? '9999-12-31', bEnd = b.end ?? '9999-12-31';
  return a.start < bEnd && b.start < aEnd;
}

export interface WorkshopFigures {
  employed: number; // 吸纳就业人数
  poor: number; // 其中脱贫劳动力（含监测对象）
  monitored: number; // 其中监测对象
  avgWageFen: number | null; // 人均月工资
}

/** The 务工台账 on a date: who works there and what they earn on average. */
export function figuresOn(emps: EmploymentFact[], date: string): WorkshopFigures {
  const active = emps.filter((e) => isActiveOn(e, date));
  const wages = active.map((e) => e.monthlyWageFen).filter((w): w is number => w != null);
  return {
    employed: new Set(active.map((e) => e.personId)).size,
    poor: new Set(active.filter((e) => e.poor).map((e) => e.personId)).size,
    monitored: new Set(active.filter((e) => e.monitored).map((e) => e.personId)).size,
    avgWageFen: wages.length ? Math.round(wages.reduce((a, b) => a + b, 0) / wages.length) : null,
  };
}

export interface EmploymentCheck {
  counts: boolean; // counts toward 认定 (and may receive the subsidy)
  reasons: string[]; // why not, in Chinese
}

/** Whether one employment meets the terms: 脱贫劳动力, contract ≥ N months, wage ≥ minimum. */
export function checkEmployment(e: EmploymentFact, s: WorkshopRuleSettings): EmploymentCheck {
  const reasons: string[] = [];
  if (!e.poor) reasons.push('不是脱贫劳动力或监测对象');
  if (e.contractMonths == null) reasons.push('未填合同期限');
  else if (e.contractMonths < s.workshopMinContractMonths) reasons.push(`合同期限 ${e.contractMonths} 个月，不足 ${s.workshopMinContractMonths} 个月`);
  if (e.monthlyWageFen == null) reasons.push('未填月工资');
  else if (e.monthlyWageFen < s.workshopMinWageFen) reasons.push(`月工资 ${yuanText(e.monthlyWageFen)}，低于最低工资 ${yuanText(s.workshopMinWageFen)}`);
  return { counts: reasons.length === 0, reasons };
}

export type QualificationState = 'qualified' | 'notQualified' | 'unverified' | 'notApplicable';
export const QUALIFICATION_LABELS: Record<QualificationState, string> = {
  qualified: '符合认定条件', notQualified: '未达认定条件', unverified: '待核实', notApplicable: '已退出',
};

export interface Qualification {
  state: QualificationState;
  qualifying: number; // 脱贫劳动力 in post who meet contract and wage terms
  required: number;
  reason: string; // Chinese: why it qualifies or what is missing
}

export interface QualificationInput {
  status: WorkshopStatus;
  employments: EmploymentFact[];
  /** Counts from an imported ledger, used when there is no 务工台账 for the workshop. */
  reported: { employed: number | null; poor: number | null } | null;
}

/**
 * 认定: at least N 脱贫劳动力（含监测对象）in post on the date, each on a contract of at least
 * M months paid at least the minimum wage. Without per-person rows only the reported count can
 * be compared, so a ledger that reports enough people is 待核实 rather than qualified.
 */
export function qualify(w: QualificationInput, s: WorkshopRuleSettings, date: string): Qualification {
  const required = s.workshopMinPoorWorkers;
  const terms = `合同期限不少于 ${s.workshopMinContractMonths} 个月、月工资不低于 ${yuanText(s.workshopMinWageFen)}`;
  if (w.status === '已退出') return { state: 'notApplicable', qualifying: 0, required, reason: '车间已退出，不再参加认定' };
  if (!w.employments.length) {
    const poor = w.reported?.poor;
    if (poor == null) {
      return { state: 'notQualified', qualifying: 0, required, reason: `还没有务工人员。认定需要至少 ${required} 名脱贫劳动力（含监测对象），${terms}。请在“务工台账”中添加务工人员` };
    }
    if (poor < required) {
      return { state: 'notQualified', qualifying: poor, required, reason: `台账上报的脱贫劳动力 ${poor} 人，不足 ${required} 人` };
    }
    return {
      state: 'unverified', qualifying: poor, required,
      reason: `台账上报脱贫劳动力 ${poor} 人，但还没有务工台账明细，无法核对合同期限和工资。请导入或录入务工台账`,
    };
  }
  const active = w.employments.filter((e) => isActiveOn(e, date) && e.poor);
  const seen = new Set<number>();
  let qualifying = 0, shortContract = 0, lowWage = 0, missing = 0;
  for (const e of active) {
    const c = checkEmployment(e, s);
    if (c.counts) { if (!seen.has(e.personId)) { seen.add(e.personId); qualifying++; } continue; }
    if (e.contractMonths == null || e.monthlyWageFen == null) missing++;
    if (e.contractMonths != null && e.contractMonths < s.workshopMinContractMonths) shortContract++;
    if (e.monthlyWageFen != null && e.monthlyWageFen < s.workshopMinWageFen) lowWage++;
  }
  if (qualifying >= required) {
    return { state: 'qualified', qualifying, required, reason: `符合认定条件：在岗脱贫劳动力（含监测对象）${qualifying} 人${terms}，达到至少 ${required} 人的要求` };
  }
  const extra = [
    shortContract ? `${shortContract} 人合同期限不足 ${s.workshopMinContractMonths} 个月` : '',
    lowWage ? `${lowWage} 人月工资低于 ${yuanText(s.workshopMinWageFen)}` : '',
    missing ? `${missing} 人未填合同期限或月工资` : '',
  ].filter(Boolean);
  return {
    state: 'notQualified', qualifying, required,
    reason: `${terms}的在岗脱贫劳动力（含监测对象）${qualifying} 人，不足 ${required} 人${extra.length ? `（另有 ${extra.join('，')}）` : ''}`,
  };
}

export interface PaidSubsidy { id?: number; personId: number; amountFen: number }
export interface SubsidyCandidate { employmentId: number; personId: number; name: string; idNo: string; amountFen: number }
/** A 脱贫劳动力 who may be paid later: employed here, but not yet for the months the subsidy asks. */
export interface SubsidyWaiting { employmentId: number; personId: number; name: string; idNo: string; monthsWorked: number; reason: string }
export interface SubsidyPlan {
  /** Who can be paid now and how much (the last one may get only what is left under the cap). */
  eligible: SubsidyCandidate[];
  /** Qualifying workers left out because the cap is used up. */
  overCap: SubsidyCandidate[];
  /** 脱贫劳动力 at an acceptable wage who have not worked here long enough by the date. */
  waiting: SubsidyWaiting[];
  paidTotalFen: number;
  remainingFen: number;
  /** Why nobody can be paid (the workshop does not qualify), or null. */
  blocked: string | null;
}

/**
 * Whole months actually worked by `asOf`: from the start to the last day worked (the 离职日期, or
 * `asOf` while still employed), never past `asOf`. 03-01 to 08-31 is 6 months; a start after the
 * date is 0. The contract's length says what was promised, this says what happened.
 */
export function monthsEmployed(e: Pick<EmploymentFact, 'startDate' | 'endDate'>, asOf: string): number {
  const last = e.endDate && e.endDate < asOf ? e.endDate : asOf;
  if (e.startDate > last) return 0;
  return Math.max(0, monthsBetween(e.startDate, addDays(last, 1)));
}

/**
 * 一次性吸纳就业补助: per 脱贫劳动力 once per workshop, at the per-person amount, until the
 * workshop's cap is reached. Only a workshop qualified on `asOf` pays, and only people who by
 * `asOf` have actually worked here at least the months the county asks (the 合同期限 setting),
 * at no less than the minimum wage: someone who left after a month is not offered it, whatever
 * the contract said. Spells of the same person in this workshop add up.
 */
export function planSubsidies(q: Qualification, emps: EmploymentFact[], paid: PaidSubsidy[], s: WorkshopRuleSettings, asOf: string): SubsidyPlan {
  const paidTotalFen = paid.reduce((a, p) => a + p.amountFen, 0);
  const remainingStart = Math.max(0, s.workshopSubsidyCapFen - paidTotalFen);
  const empty = { eligible: [], overCap: [], waiting: [], paidTotalFen, remainingFen: remainingStart };
  if (q.state !== 'qualified') return { ...empty, blocked: `车间目前${QUALIFICATION_LABELS[q.state]}，暂不能发放一次性吸纳就业补助：${q.reason}` };
  const paidPersons = new Set(paid.map((p) => p.personId));
  const byPerson = new Map<number, { first: EmploymentFact; months: number }>();
  for (const e of [...emps].sort((a, b) => a.startDate.localeCompare(b.startDate) || a.id - b.id)) {
    if (paidPersons.has(e.personId) || !e.poor || e.monthlyWageFen == null || e.monthlyWageFen < s.workshopMinWageFen) continue;
    const acc = byPerson.get(e.personId);
    if (acc) acc.months += monthsEmployed(e, asOf); else byPerson.set(e.personId, { first: e, months: monthsEmployed(e, asOf) });
  }
  let remaining = remainingStart;
  const eligible: SubsidyCandidate[] = [], overCap: SubsidyCandidate[] = [], waiting: SubsidyWaiting[] = [];
  for (const { first: e, months } of byPerson.values()) {
    if (months < s.workshopMinContractMonths) {
      waiting.push({
        employmentId: e.id, personId: e.personId, name: e.name, idNo: e.idNo, monthsWorked: months,
        reason: `截至 ${asOf} 在本车间实际务工 ${months} 个月，不足 ${s.workshopMinContractMonths} 个月`,
      });
      continue;
    }
    const amountFen = Math.min(s.workshopSubsidyPerPersonFen, remaining);
    const c = { employmentId: e.id, personId: e.personId, name: e.name, idNo: e.idNo, amountFen };
    if (amountFen > 0) { eligible.push(c); remaining -= amountFen; } else overCap.push({ ...c, amountFen: 0 });
  }
  return { eligible, overCap, waiting, paidTotalFen, remainingFen: remainingStart, blocked: null };
}

/** W04: the same person paid more than once for one workshop, or the total above the cap. */
export function subsidyProblems(paid: PaidSubsidy[], capFen: number): { duplicates: number[]; totalFen: number; overCapFen: number } {
  const count = new Map<number, number>();
  for (const p of paid) count.set(p.personId, (count.get(p.personId) ?? 0) + 1);
  const totalFen = paid.reduce((a, p) => a + p.amountFen, 0);
  return { duplicates: [...count].filter(([, n]) => n > 1).map(([id]) => id), totalFen, overCapFen: Math.max(0, totalFen - capFen) };
}

/* ------------------------------------------------------------------ identity */

/** What identifies a workshop: 统一社会信用代码 + 车间名称; without a code, 经营主体 + 车间名称 + 村. */
export interface WorkshopIdentity { id: number; name: string; creditCode: string | null; entity: string | null; village: string | null }
export interface WorkshopProbe { name: string; creditCode?: string | null; entity?: string | null; village?: string | null }
export type WorkshopMatch<T> = { kind: 'match'; workshop: T } | { kind: 'ambiguous'; candidates: T[] } | { kind: 'none' };

/** The key of one file row: two rows with the same key are the same workshop written twice. */
export function workshopKey(p: WorkshopProbe): string {
  return p.creditCode ? `代码|${p.creditCode}|${p.name}` : `主体|${p.entity ?? ''}|${p.name}|${p.village ?? ''}`;
}

/**
 * Finds the workshop a row means. A code decides between namesakes: the same code and name is the
 * same workshop; a different code is another one. A workshop kept without a code (registered by
 * name from a 务工台账, or typed in before the code was known) is the row's when nothing contradicts
 * it (经营主体 and 村 equal or blank on either side) and it is the only such namesake. A row without
 * a code matches the one namesake its 经营主体/村 fit; several that fit are ambiguous, never guessed.
 */
export function identifyWorkshop<T extends WorkshopIdentity>(list: readonly T[], p: WorkshopProbe): WorkshopMatch<T> {
  const namesakes = list.filter((w) => w.name === p.name);
  const fits = (have: string | null, want: string | null | undefined) => !want || !have || have === want;
  const exactly = (w: T) => (w.entity ?? '') === (p.entity ?? '') && (w.village ?? '') === (p.village ?? '');
  const pick = (c: T[]): WorkshopMatch<T> => {
    if (c.length === 0) return { kind: 'none' };
    if (c.length === 1) return { kind: 'match', workshop: c[0] };
    const exact = c.filter(exactly);
    return exact.length === 1 ? { kind: 'match', workshop: exact[0] } : { kind: 'ambiguous', candidates: c };
  };
  if (p.creditCode) {
    const same = namesakes.find((w) => w.creditCode === p.creditCode);
    if (same) return { kind: 'match', workshop: same };
    return pick(namesakes.filter((w) => !w.creditCode && fits(w.entity, p.entity) && fits(w.village, p.village)));
  }
  return pick(namesakes.filter((w) => fits(w.entity, p.entity) && fits(w.village, p.village)));
}

/** How a workshop is told apart in a message: 车间名称（信用代码 …／经营主体 …）. */
export function workshopLabel(w: { name: string; creditCode?: string | null; entity?: string | null; village?: string | null }): string {
  const tag = w.creditCode ? `统一社会信用代码 ${w.creditCode}` : w.entity ? `经营主体 ${w.entity}` : w.village ? w.village : '';
  return tag ? `“${w.name}”（${tag}）` : `“${w.name}”`;
}
