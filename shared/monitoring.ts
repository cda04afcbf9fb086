/**
 * 防止返贫动态监测: the pure rules the checks, the importers and the UI share — measure types and
 * their nature, the deadline profiles of seed 002, the monitoring line by year, the visit window.
 */
import { addDays } from './dates';
import { ageAt } from './idcard';

export const MEASURE_TYPES = ['产业', '就业', '公益岗位', '帮扶车间', '小额信贷', '健康', '教育', '住房', '饮水', '兜底', '社会帮扶', '其他'] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];
export const MEASURE_NATURES = ['开发式', '保障式'] as const;
export type MeasureNature = (typeof MEASURE_NATURES)[number];

/** 开发式 measures raise the household's own income; the rest protect it (保障式). */
const DEVELOPMENT: ReadonlySet<string> = new Set(['产业', '就业', '公益岗位', '帮扶车间', '小额信贷']);
export const natureOf = (t: MeasureType): MeasureNature => (DEVELOPMENT.has(t) ? '开发式' : '保障式');

/**
 * The type a measure's free text describes (帮扶措施 in the cases ledger, a download column's cell).
 * `column` is the download column it came from, which decides when the text alone does not.
 */
export function measureTypeOf(text: string, column?: MeasureType): MeasureType {
  const s = text.replace(/\s/g, '');
  if (/帮扶车间|扶贫车间|就业车间/.test(s)) return '帮扶车间';
  if (/公益性?岗/.test(s)) return '公益岗位';
  if (/小额信贷|贴息贷款|扶贫贷款/.test(s)) return '小额信贷';
  if (column) return column;
  if (/种植|养殖|庭院|产业|合作社|光伏|入股|分红|农机|大棚|养羊|养牛|养猪|养鸡/.test(s)) return '产业';
  if (/务工|就业|劳务|技能培训|稳岗|创业/.test(s)) return '就业';
  if (/医|健康|慢病|大病|家庭医生|残/.test(s)) return '健康';
  if (/教育|助学|雨露|学费|就学/.test(s)) return '教育';
  if (/危房|住房|房屋|改造/.test(s)) return '住房';
  if (/饮水|水源|自来水/.test(s)) return '饮水';
  if (/低保|特困|兜底|救助|临时救助/.test(s)) return '兜底';
  if (/社会|捐|结对|爱心|消费帮扶/.test(s)) return '社会帮扶';
  return '其他';
}

/** Days allowed for each step: 认定 after 发现, 帮扶计划 and 措施落实 after 认定. */
export interface DeadlineDays { identify: number; plan: number; act: number }
export const DEADLINE_PROFILES = {
  /** Seed 002, 防止返贫动态监测: 认定 within 15 days, plan within 10 and measures within 25 days of 认定. */
  standard: { identify: 15, plan: 10, act: 25 },
  /** Its special-action section: plan within 10 days, measures within 15. */
  special: { identify: 15, plan: 10, act: 15 },
} as const satisfies Record<string, DeadlineDays>;
export type DeadlineProfile = keyof typeof DEADLINE_PROFILES;
export const DEADLINE_PROFILE_LABELS: Record<DeadlineProfile, string> = {
  standard: '常规（认定15天，计划10天，落实25天）',
  special: '集中排查专项行动（认定15天，计划10天，落实15天）',
};

export interface CaseDates {
  found: string | null; confirmed: string | null; planned: string | null; acted: string | null;
}
export type DeadlineStep = 'identify' | 'plan' | 'act';
export const STEP_RULE: Record<DeadlineStep, 'M03' | 'M04' | 'M05'> = { identify: 'M03', plan: 'M04', act: 'M05' };
export const STEP_LABEL: Record<DeadlineStep, string> = { identify: '县级认定', plan: '帮扶计划制定', act: '措施落实' };

export interface DeadlineState {
  step: DeadlineStep;
  base: string; // the date the deadline counts from
  due: string;
  done: string | null;
  /** 'late': done after due; 'missing': not done and due has passed at asOf; 'open': not due yet; 'ok'. */
  state: 'ok' | 'late' | 'missing' | 'open';
}

/**
 * Each step's deadline at asOf, from the case's own dates alone. A step whose base is missing
 * (no 认定 yet) has no deadline of its own: the missing 认定 is what is reported.
 * A step done after asOf is not done yet at asOf.
 */
export function caseDeadlines(c: CaseDates, days: DeadlineDays, asOf: string): DeadlineState[] {
  const at = (d: string | null) => (d && d <= asOf ? d : null);
  const out: DeadlineState[] = [];
  const one = (step: DeadlineStep, base: string | null, n: number, done: string | null) => {
    if (!base) return;
    const due = addDays(base, n);
    const state = done ? (done > due ? 'late' : 'ok') : asOf > due ? 'missing' : 'open';
    out.push({ step, base, due, done, state });
  };
  const found = at(c.found), confirmed = at(c.confirmed);
  one('identify', found, days.identify, confirmed);
  one('plan', confirmed, days.plan, at(c.planned));
  one('act', confirmed, days.act, at(c.acted));
  return out;
}

/** The monitoring line (分) for a year: that year's, else the nearest earlier year's; null when none is set. */
export function monitoringLineFen(lines: { year: number; lineFen: number }[], year: number): number | null {
  const earlier = lines.filter((l) => l.year <= year).sort((a, b) => b.year - a.year);
  return earlier[0]?.lineFen ?? null;
}

/** YYYY-MM of the month n months before the month of an ISO date. */
export function monthBefore(isoDate: string, n: number): string {
  const [y, m] = isoDate.split('-').map(Number);
  const t = y * 12 + (m - 1) - n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

/**
 * The visit window at asOf: the last `interval` complete calendar months (2023-10-11, monthly →
 * 2023-09-01 … 2023-09-30). A household must have a visit inside it.
 */
export function visitWindow(asOf: string, intervalMonths: number): { from: string; to: string } {
  const from = `${monthBefore(asOf, intervalMonths)}-01`;
  const to = addDays(`${asOf.slice(0, 7)}-01`, -1);
  return { from, to };
}

/** 普通劳动力 / 技能劳动力: able to work; 弱劳动力或半劳动力: partly. */
export function laborClass(skill: string | null | undefined): 'able' | 'weak' | 'none' {
  if (!skill) return 'none';
  if (/技能劳动力|普通劳动力/.test(skill)) return 'able';
  if (/弱劳动力|半劳动力/.test(skill)) return 'weak';
  return 'none';
}

export function isWorkingAge(birthDate: string | null | undefined, asOf: string, min: number, max: number): boolean {
  if (!birthDate) return false;
  const age = ageAt(birthDate, asOf);
  return age >= min && age <= max;
}

/** YYYYMM, 2023-02, 2023年2月 → 2023-02; null for anything else (a 识别监测时间 must name a month). */
export function parseYyyymm(v: unknown): string | null {
  if (v == null || v === '') return null;
  const s = String(v).replace(/\s/g, '').replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const m = /^(\d{4})(\d{2})$/.exec(s) ?? /^(\d{4})[-./年](\d{1,2})月?$/.exec(s);
  if (!m) return null;
  const y = +m[1], mo = +m[2];
  if (y < 2000 || y > 2100 || mo < 1 || mo > 12) return null;
  return `${y}-${String(mo).padStart(2, '0')}`;
}

/** Whether a place of work lies outside the home county (names compared loosely: 昔阳县 in 山西省晋中市昔阳县). */
export function outsideCounty(workCounty: string | null | undefined, homeCounty: string | null | undefined): boolean {
  const w = (workCounty ?? '').replace(/\s/g, ''), h = (homeCounty ?? '').replace(/\s/g, '');
  if (!w || !h) return false;
  return !(w.includes(h) || h.includes(w));
}

/** Defaults of the monitoring settings: seed 002's standard deadlines, 7,100 元 for 2023, a visit a month, working age 16–60. */
export const DEFAULT_MONITOR_SETTINGS = {
  monitorDeadlineProfile: 'standard' as DeadlineProfile,
  monitorLines: [{ year: 2023, lineFen: 710_000 }],
  monitorVisitMonths: 1,
  monitorWorkAgeMin: 16,
  monitorWorkAgeMax: 60,
};

/** The dated steps of a case in workflow order: field and its Chinese name. */
export const CASE_STEP_FIELDS = [
  ['found', '发现日期'], ['verified', '入户核实日期'], ['villageReview', '村级评议日期'], ['townshipReview', '乡镇审核日期'],
  ['confirmed', '县级认定日期'], ['planned', '帮扶计划制定日期'], ['acted', '措施落实日期'],
] as const;
export type CaseStepField = (typeof CASE_STEP_FIELDS)[number][0];

/**
 * What is wrong with a case's dates (the import and the form say the same): no step before 发现,
 * plan and measures not before 认定, nothing after today (a step not yet taken has no date).
 */
export function caseDateProblems(d: Partial<Record<CaseStepField, string | null | undefined>>, today: string): { field: CaseStepField; message: string }[] {
  const out: { field: CaseStepField; message: string }[] = [];
  for (const [k, label] of CASE_STEP_FIELDS) {
    const v = d[k];
    if (!v) continue;
    if (v > today) out.push({ field: k, message: `${label} ${v} 晚于今天，不能记录尚未发生的步骤，请核对` });
    else if (k !== 'found' && d.found && v < d.found) out.push({ field: k, message: `${label} ${v} 早于发现日期 ${d.found}，请核对（各步骤都应在发现之后）` });
    else if ((k === 'planned' || k === 'acted') && d.confirmed && v < d.confirmed) out.push({ field: k, message: `${label} ${v} 早于县级认定日期 ${d.confirmed}，请核对` });
  }
  return out;
}
