import { formatYuan } from '../../../shared/money';
import { DEADLINE_PROFILES, STEP_LABEL, STEP_RULE, monitoringLineFen, outsideCounty, visitWindow, type DeadlineStep } from '../../../shared/monitoring';
import { caseStates, eliminatedAt, monitoredAt, monitoredHouseholds, openAt, withoutDevelopment, type MonitoredHousehold } from '../services/monitoring';
import { getSettings } from '../services/settings';
import { ruleMeta, type Finding, type Rule } from './engine';

/**
 * 防止返贫动态监测 rules (seed 002): every household at risk has a development measure, risk is
 * eliminated only above the monitoring line, each step of a new case keeps its deadline, 监测户 are
 * visited every month, and nobody working outside the county holds a local post or workshop job.
 * Household findings carry the 户主's 身份证号 as id and open the 户主's record.
 */
const hf = (h: MonitoredHousehold, rule: string, severity: Finding['severity'], message: string): Finding =>
  ({ rule, severity, id: h.headIdNo, name: h.headName, village: h.village, message, record: { type: 'person', id: h.headPersonId ?? 0 } });
const withHead = (list: MonitoredHousehold[]) => list.filter((h) => h.headPersonId != null);

/** The findings of one deadline step over all cases at asOf, under the settings' profile. */
function deadlineRule(step: DeadlineStep): Rule {
  const code = STEP_RULE[step];
  return {
    ...ruleMeta(code),
    run(ctx, asOf) {
      const days = DEADLINE_PROFILES[getSettings(ctx).monitorDeadlineProfile];
      const out: Finding[] = [];
      for (const { c, steps } of caseStates(ctx, asOf)) {
        const d = steps.find((x) => x.step === step);
        if (!d || (d.state !== 'late' && d.state !== 'missing')) continue;
        const limit = `${step === 'identify' ? '发现' : '认定'}（${d.base}）后 ${days[step]} 天内，即 ${d.due} 前`;
        const message = d.state === 'late'
          ? `${c.name}户 ${c.found} 发现的风险，${STEP_LABEL[step]}在 ${d.done}，晚于规定的${limit}。请在工作台账中说明原因`
          : `${c.name}户 ${c.found} 发现的风险，到 ${asOf} 仍未${STEP_LABEL[step]}，已超过规定的${limit}。请尽快办理并在工作台账中填写日期`;
        out.push({ rule: code, severity: 'error', id: c.idNo, name: c.name, village: c.village, message, record: { type: 'person', id: c.personId } });
      }
      return out;
    },
  };
}

export const monitoringRules: Rule[] = [
  {
    ...ruleMeta('M01'),
    run(ctx, asOf) {
      const s = getSettings(ctx);
      const out: Finding[] = [];
      for (const w of withoutDevelopment(ctx, asOf)) {
        const h = w.h;
        if (h.headPersonId == null) continue;
        const age = `${s.monitorWorkAgeMin}–${s.monitorWorkAgeMax} 岁`;
        if (w.able.length) {
          out.push(hf(h, 'M01', 'error', `${h.headName}户风险未消除，有劳动能力的成员（${w.able.map((m) => `${m.name}，${m.laborSkill}`).join('、')}），`
            + '但没有任何开发式帮扶：无在岗公益岗位、无帮扶车间务工、无未结清小额信贷、无产业或就业帮扶措施。请落实产业、就业等开发式帮扶措施并录入'));
        } else if (w.weak.length) {
          out.push(hf(h, 'M01', 'warning', `${h.headName}户风险未消除，${w.weak.map((m) => m.name).join('、')}为弱劳动力或半劳动力（${age}），`
            + '没有任何开发式帮扶。请根据其劳动能力考虑公益岗位、庭院经济等帮扶措施'));
        }
      }
      return out;
    },
  },
  {
    ...ruleMeta('M02'),
    run(ctx, asOf) {
      const lines = getSettings(ctx).monitorLines;
      const incomes = new Map<number, { year: number; fen: number }>();
      for (const r of ctx.db.prepare('SELECT household_id AS hh, year, per_capita_fen AS fen FROM monitor_incomes WHERE year <= ? ORDER BY year').all(Number(asOf.slice(0, 4))) as { hh: number; year: number; fen: number }[]) {
        incomes.set(r.hh, { year: r.year, fen: r.fen }); // the latest year up to asOf wins
      }
      const out: Finding[] = [];
      for (const h of withHead(monitoredHouseholds(ctx))) {
        if (!monitoredAt(h, asOf) || !eliminatedAt(h, asOf)) continue;
        const inc = incomes.get(h.id);
        if (!inc) continue;
        const line = monitoringLineFen(lines, inc.year);
        if (line == null || inc.fen >= line) continue;
        out.push(hf(h, 'M02', 'warning', `${h.headName}户已标记风险消除${h.eliminatedMonth ? `（${h.eliminatedMonth}）` : ''}，但 ${inc.year} 年人均纯收入 ${formatYuan(inc.fen)} 元，`
          + `低于当年监测线 ${formatYuan(line)} 元。请核实收入，必要时恢复监测、继续帮扶`));
      }
      return out;
    },
  },
  deadlineRule('identify'),
  deadlineRule('plan'),
  deadlineRule('act'),
  {
    ...ruleMeta('M06'),
    run(ctx, asOf) {
      const months = getSettings(ctx).monitorVisitMonths;
      const win = visitWindow(asOf, months);
      const last = new Map<number, string>();
      for (const r of ctx.db.prepare('SELECT household_id AS hh, max(visit_date) AS d FROM monitor_visits WHERE visit_date <= ? GROUP BY household_id').all(win.to) as { hh: number; d: string }[]) last.set(r.hh, r.d);
      const out: Finding[] = [];
      for (const h of withHead(monitoredHouseholds(ctx))) {
        // A household identified inside the window had no full period to be visited in yet.
        if (!openAt(h, asOf) || (h.identifiedMonth && h.identifiedMonth >= win.from.slice(0, 7))) continue;
        const d = last.get(h.id);
        if (d && d >= win.from) continue;
        const period = months === 1 ? `${win.from.slice(0, 4)}年${Number(win.from.slice(5, 7))}月` : `${win.from} 至 ${win.to}`;
        out.push(hf(h, 'M06', 'warning', `${h.headName}户风险未消除，${period}没有走访记录${d ? `（最近一次走访在 ${d}）` : '（没有任何走访记录）'}。监测户每月至少走访一次，请安排走访并录入`));
      }
      return out;
    },
  },
  {
    ...ruleMeta('M07'),
    run(ctx, asOf) {
      const home = getSettings(ctx).county;
      const rows = ctx.db.prepare(`SELECT p.id, p.id_no AS idNo, p.name, v.name AS village, m.channel, m.province, m.county, m.home_county AS homeCounty,
          EXISTS (SELECT 1 FROM appointments a WHERE a.person_id = p.id AND a.start_date <= @asOf AND (a.exit_date IS NULL OR a.exit_date > @asOf)
            AND (a.status = '在岗' OR (a.status = '离岗' AND a.exit_date > @asOf))) AS holdsPost,
          EXISTS (SELECT 1 FROM employments e WHERE e.person_id = p.id AND e.start_date <= @asOf AND (e.end_date IS NULL OR e.end_date >= @asOf)) AS inWorkshop
        FROM migrant_work m JOIN persons p ON p.id = m.person_id LEFT JOIN villages v ON v.id = p.village_id
        WHERE (m.working IS NULL OR m.working = 1) AND (m.reported_on IS NULL OR m.reported_on <= @asOf) ORDER BY p.id`).all({ asOf }) as
        { id: number; idNo: string; name: string; village: string | null; channel: string | null; province: string | null; county: string | null; homeCounty: string | null; holdsPost: number; inWorkshop: number }[];
      const out: Finding[] = [];
      for (const r of rows) {
        if (!outsideCounty(r.county, r.homeCounty || home)) continue;
        const where = `${r.province ?? ''}${r.county ?? ''}`;
        const f = (message: string) => out.push({ rule: 'M07', severity: 'warning', id: r.idNo, name: r.name, village: r.village, message, record: { type: 'person', id: r.id } });
        if (r.holdsPost || r.inWorkshop) {
          f(`${r.name} 在务工监测中登记为在县外（${where}）务工，同时在本地${r.holdsPost ? '公益岗位在岗' : '帮扶车间务工'}。人不在岗不能领补贴，请核实：已外出的办理退岗/离职，或更正务工信息`);
        } else if (r.channel && /公益性?岗|帮扶车间|扶贫车间|就业车间/.test(r.channel)) {
          f(`${r.name} 在县外（${where}）务工，就业渠道却登记为“${r.channel}”。公益岗位和帮扶车间都在本地，请更正就业渠道或务工地点`);
        }
      }
      return out;
    },
  },
];
