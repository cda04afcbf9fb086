import { ageAt, validateId } from '../../../shared/idcard';
import { addMonths } from '../../../shared/interest';
import { todayIso } from '../../../shared/dates';
import { getSettings } from '../services/settings';
import type { Ctx } from '../services/context';
import { runCached } from '../services/runCache';
import { ruleMeta, type Finding, type Rule } from './engine';

/** Active holders with what every posts rule needs, read once per rule. */
interface Holder {
  apptId: number; personId: number; idNo: string; name: string; sex: string | null; birthDate: string | null; village: string | null;
  householdId: number | null; hhType: string | null; laborSkill: string | null; inRoster: number; postId: number; postName: string;
  category: string; wageFen: number; agreementNo: string | null; startDate: string; endDate: string | null; bankAccount: string | null;
  councilRecord: string | null; postVillageId: number | null;
}

/**
 * The holders at the as-of date: appointments started by then and not exited by then (an exit
 * after the day still counts the day as held). 期满未续 holders stay in: P13 reports them.
 */
function holders(ctx: Ctx, asOf: string): Holder[] {
  // Ten rules read this list: once per run of the checks (runCache), not once per rule.
  return runCached(ctx.db, `posts.holders:${asOf}`, () => (ctx.db.prepare(`SELECT a.id AS apptId, pe.id AS personId, pe.id_no AS idNo, pe.name, pe.sex, pe.birth_date AS birthDate, v.name AS village,
      pe.household_id AS householdId, h.hh_type AS hhType, pe.labor_skill AS laborSkill, pe.in_roster AS inRoster, po.id AS postId, po.name AS postName,
      po.category, a.wage_fen AS wageFen, a.agreement_no AS agreementNo, a.start_date AS startDate, a.end_date AS endDate, a.bank_account AS bankAccount,
      po.council_record AS councilRecord, po.village_id AS postVillageId
    FROM appointments a JOIN posts po ON po.id = a.post_id JOIN persons pe ON pe.id = a.person_id
    LEFT JOIN households h ON h.id = pe.household_id LEFT JOIN villages v ON v.id = po.village_id
    WHERE a.start_date <= @d AND (a.status = '在岗' OR (a.status = '离岗' AND a.exit_date > @d)) ORDER BY a.id`).raw().all({ d: asOf }) as HolderCells[]).map(holderOf));
}

// Read as cells (raw) and built here: named rows of 21 columns cost twice as much at county size (10k appointments).
type HolderCells = [number, number, string, string, string | null, string | null, string | null, number | null, string | null, string | null, number, number,
  string, string, number, string | null, string, string | null, string | null, string | null, number | null];
const holderOf = (c: HolderCells): Holder => ({
  apptId: c[0], personId: c[1], idNo: c[2], name: c[3], sex: c[4], birthDate: c[5], village: c[6], householdId: c[7], hhType: c[8], laborSkill: c[9],
  inRoster: c[10], postId: c[11], postName: c[12], category: c[13], wageFen: c[14], agreementNo: c[15], startDate: c[16], endDate: c[17], bankAccount: c[18],
  councilRecord: c[19], postVillageId: c[20],
});

/** One holder per person: what is about the person (类别, 年龄, 劳动技能, 身份证号, 名单) is one finding even with two posts. */
const perPerson = (list: Holder[]) => { const seen = new Set<number>(); return list.filter((h) => !seen.has(h.personId) && !!seen.add(h.personId)); };

const f = (rule: string, severity: Finding['severity'], h: Holder, message: string, type: Finding['record']['type'] = 'appointment', id = h.apptId): Finding =>
  ({ rule, severity, id: h.idNo, name: h.name, village: h.village, message, record: { type, id } });

export const postsRules: Rule[] = [
  {
    ...ruleMeta('P01'),
    run(ctx, asOf) {
      const by = new Map<number, Holder[]>();
      for (const h of holders(ctx, asOf)) (by.get(h.personId) ?? by.set(h.personId, []).get(h.personId)!).push(h);
      return [...by.values()].filter((g) => g.length > 1).map((g) => f('P01', 'error', g[0],
        `${g[0].name} 同时在 ${g.length} 个岗位在岗（${g.map((x) => `${x.village ?? ''}${x.postName}`).join('、')}），一人只能聘一个岗位，请办理退岗`, 'person', g[0].personId));
    },
  },
  {
    ...ruleMeta('P02'),
    run(ctx, asOf) {
      const limit = getSettings(ctx).postsPerHousehold;
      // Counted in persons: one person's second post is P01's finding, never counted again here.
      const by = new Map<number, Map<number, Holder[]>>();
      for (const h of holders(ctx, asOf)) {
        if (h.householdId == null) continue;
        const hh = by.get(h.householdId) ?? by.set(h.householdId, new Map()).get(h.householdId)!;
        (hh.get(h.personId) ?? hh.set(h.personId, []).get(h.personId)!).push(h);
      }
      return [...by.values()].filter((g) => g.size > limit).map((g) => {
        const people = [...g.values()];
        return f('P02', 'warning', people[0][0],
          `同一户有 ${people.length} 人在公益岗位在岗（${people.map((x) => `${x[0].name}-${x.map((y) => y.postName).join('/')}`).join('、')}），超过每户 ${limit} 个的设置，请核实`, 'person', people[0][0].personId);
      });
    },
  },
  {
    ...ruleMeta('P03'),
    run: (ctx, asOf) => perPerson(holders(ctx, asOf)).filter((h) => h.hhType !== '脱贫户' && h.hhType !== '监测户')
      .map((h) => f('P03', 'warning', h, `${h.name} 属于${h.hhType ?? '未知类别'}，公益岗位应优先安置脱贫人口和监测对象，请说明理由或调整`)),
  },
  {
    ...ruleMeta('P04'),
    run(ctx, asOf) {
      const s = getSettings(ctx);
      const today = asOf;
      const out: Finding[] = [];
      for (const h of perPerson(holders(ctx, asOf))) {
        if (!h.birthDate) continue;
        const age = ageAt(h.birthDate, today);
        const [min, max] = h.sex === '女' ? [s.ageFemaleMin, s.ageFemaleMax] : [s.ageMaleMin, s.ageMaleMax];
        if (age >= 70 || age < 16) out.push({ ...f('P04', 'error', h, `${h.name} 现年 ${age} 岁，${age >= 70 ? '70岁以上' : '不满16岁'}不能担任公益岗位，请办理退岗`) });
        else if (age < min || age > max) out.push(f('P04', 'warning', h, `${h.name}（${h.sex ?? ''}）现年 ${age} 岁，超出设置的 ${min}–${max} 岁，请核实能否胜任`));
      }
      return out;
    },
  },
  {
    ...ruleMeta('P05'),
    run: (ctx, asOf) => perPerson(holders(ctx, asOf)).filter((h) => h.laborSkill === '丧失劳动力' || h.laborSkill === '无劳动力')
      .map((h) => f('P05', 'error', h, `${h.name} 的劳动技能为“${h.laborSkill}”，不能胜任岗位（人岗不适），请调整`)),
  },
  {
    ...ruleMeta('P06'),
    run(ctx, asOf) {
      const months = getSettings(ctx).vacantMonths;
      const cutoff = addMonths(asOf, -months);
      const rows = ctx.db.prepare(`SELECT p.id, p.name, p.headcount, v.name AS village, p.created_at AS createdAt,
          (SELECT count(*) FROM appointments a WHERE a.post_id = p.id AND a.start_date <= @d AND (a.status = '在岗' OR (a.status = '离岗' AND a.exit_date > @d))) AS active,
          (SELECT max(CASE WHEN a.exit_date IS NOT NULL AND (a.end_date IS NULL OR a.exit_date < a.end_date) THEN a.exit_date ELSE coalesce(a.end_date, a.start_date) END)
            FROM appointments a WHERE a.post_id = p.id AND a.start_date <= @d) AS lastHeld
        FROM posts p LEFT JOIN villages v ON v.id = p.village_id WHERE p.status = '设立' OR (p.status = '撤销' AND p.status_date > @d)`).all({ d: asOf }) as { id: number; name: string; headcount: number; village: string | null; createdAt: string; active: number; lastHeld: string | null }[];
      const out: Finding[] = [];
      for (const p of rows) {
        const base = { rule: 'P06', severity: 'error' as const, id: `岗位#${p.id}`, name: p.name, village: p.village, record: { type: 'post' as const, id: p.id } };
        if (p.active > p.headcount) out.push({ ...base, message: `岗位“${p.name}”在岗 ${p.active} 人，超过核定的 ${p.headcount} 人` });
        else if (p.active === 0 && (p.lastHeld ?? p.createdAt.slice(0, 10)) < cutoff) out.push({ ...base, message: `岗位“${p.name}”已超过 ${months} 个月无人在岗，请补聘或撤销岗位` });
      }
      return out;
    },
  },
  {
    ...ruleMeta('P07'),
    run(ctx, asOf) {
      const rows = ctx.db.prepare(`SELECT t.month, t.present_days AS present, t.assessment, t.paid_fen AS paid, a.wage_fen AS wage, a.id AS apptId,
          pe.id_no AS idNo, pe.name, v.name AS village
        FROM attendance t JOIN appointments a ON a.id = t.appointment_id JOIN persons pe ON pe.id = a.person_id JOIN posts po ON po.id = a.post_id
        LEFT JOIN villages v ON v.id = po.village_id WHERE t.paid_fen > 0 AND (t.present_days = 0 OR t.assessment = '不合格' OR t.paid_fen > a.wage_fen)`).all() as
        { month: string; present: number; assessment: string; paid: number; wage: number; apptId: number; idNo: string; name: string; village: string | null }[];
      return rows.map((r) => ({
        rule: 'P07', severity: 'error' as const, id: r.idNo, name: r.name, village: r.village, record: { type: 'appointment' as const, id: r.apptId },
        message: r.paid > r.wage ? `${r.month} 实发 ${(r.paid / 100).toFixed(2)} 元，高于岗位标准 ${(r.wage / 100).toFixed(2)} 元`
          : `${r.month} ${r.present === 0 ? '未出勤' : '考核不合格'}却发放了 ${(r.paid / 100).toFixed(2)} 元（在岗领补：不出勤、不合格不发）`,
      }));
    },
  },
  {
    ...ruleMeta('P08'),
    run(ctx, asOf) {
      const floor = getSettings(ctx).pvWageFloorFen;
      const out: Finding[] = [];
      const pv = holders(ctx, asOf).filter((h) => h.category === '光伏公益岗');
      if (floor > 0) for (const h of pv) if (h.wageFen < floor) out.push(f('P08', 'warning', h, `光伏公益岗月补贴 ${(h.wageFen / 100).toFixed(2)} 元，低于设置的下限 ${(floor / 100).toFixed(2)} 元，疑似平均分配`));
      const byVillage = new Map<number, Holder[]>();
      for (const h of pv) if (h.postVillageId != null) (byVillage.get(h.postVillageId) ?? byVillage.set(h.postVillageId, []).get(h.postVillageId)!).push(h);
      for (const [vid, g] of byVillage) {
        const eligible = (ctx.db.prepare("SELECT count(*) AS n FROM households WHERE village_id = ? AND hh_type IN ('脱贫户', '监测户')").get(vid) as { n: number }).n;
        const hh = new Set(g.map((h) => h.householdId)).size;
        const sameWage = new Set(g.map((h) => h.wageFen)).size === 1;
        if (eligible >= 5 && hh * 2 > eligible && sameWage) out.push(f('P08', 'warning', g[0], `${g[0].village ?? ''}的脱贫户/监测户中有 ${hh}/${eligible} 户担任光伏公益岗且补贴相同，疑似平均分配光伏收益`, 'post', g[0].postId));
      }
      return out;
    },
  },
  {
    ...ruleMeta('P09'),
    run(ctx, asOf) {
      // The shared accounts first, then the persons of those few (not a person lookup for every appointment).
      const rows = ctx.db.prepare(`WITH shared AS (SELECT bank_account FROM appointments WHERE bank_account IS NOT NULL AND bank_account <> ''
          GROUP BY bank_account HAVING count(DISTINCT person_id) > 1)
        SELECT a.bank_account AS acct, group_concat(DISTINCT pe.name) AS names, min(a.id) AS apptId, min(pe.id_no) AS idNo, count(DISTINCT a.person_id) AS n
        FROM shared s JOIN appointments a ON a.bank_account = s.bank_account JOIN persons pe ON pe.id = a.person_id
        GROUP BY a.bank_account`).all() as { acct: string; names: string; apptId: number; idNo: string; n: number }[];
      return rows.map((r) => ({ rule: 'P09', severity: 'error' as const, id: r.idNo, name: r.names, village: null, record: { type: 'appointment' as const, id: r.apptId },
        message: `银行卡号 ${r.acct} 被 ${r.n} 个人共用（${r.names}），工资应发到本人账户` }));
    },
  },
  {
    ...ruleMeta('P10'),
    run(ctx, asOf) {
      // A 公示 clears exactly the appointments it listed, once it was posted by the as-of date; it is
      // the 聘用公示 when it began on or before the appointment's start, a 补公示 when later.
      // One grouped query for every appointment (a lookup per holder was 10k queries at county size).
      const listed = new Map((ctx.db.prepare(`SELECT i.appointment_id AS id, min(g.start_date) AS first, min(CASE WHEN g.start_date <= a.start_date THEN g.start_date END) AS before
        FROM gongshi_items i JOIN gongshi_records g ON g.id = i.gongshi_id JOIN appointments a ON a.id = i.appointment_id
        WHERE g.kind IN ('聘用公示', 'appointment') AND g.start_date <= @d GROUP BY i.appointment_id`).all({ d: asOf }) as
        { id: number; first: string | null; before: string | null }[]).map((r) => [r.id, r]));
      const none = { first: null, before: null };
      const out: Finding[] = [];
      for (const h of holders(ctx, asOf)) {
        const missing: string[] = [];
        if (!h.agreementNo) missing.push('聘用协议编号');
        if (!h.councilRecord) missing.push('村委会研究记录');
        const g = listed.get(h.apptId) ?? none;
        if (!g.before) missing.push(g.first ? `聘用公示（${g.first} 起的公示晚于聘用开始日期 ${h.startDate}，属补公示）` : '聘用公示');
        if (missing.length) out.push(f('P10', 'warning', h, `${h.name}（${h.postName}）缺少：${missing.join('、')}`));
      }
      return out;
    },
  },
  {
    ...ruleMeta('P11'),
    // Only a claim the county list does not back: a holder declared 一般户 is P03's finding alone.
    run: (ctx, asOf) => perPerson(holders(ctx, asOf)).filter((h) => !h.inRoster && (h.hhType === '脱贫户' || h.hhType === '监测户'))
      .map((h) => f('P11', 'warning', h, `${h.name} 登记为${h.hhType}，但不在县里的脱贫人口及监测对象名单中，请核实身份`, 'person', h.personId)),
  },
  {
    ...ruleMeta('P12'),
    // A birth date after the ledger's today (not the computer's) is what makes an ID not exist yet, as on import.
    run: (ctx, asOf) => {
      const today = todayIso(ctx.now());
      return perPerson(holders(ctx, asOf)).filter((h) => !validateId(h.idNo, today).ok)
        .map((h) => f('P12', 'error', h, `${h.name} 的身份证号 ${h.idNo} 无效，请核对原件`, 'person', h.personId));
    },
  },
  {
    ...ruleMeta('P13'),
    run(ctx, asOf) {
      const today = asOf;
      return holders(ctx, asOf).filter((h) => h.endDate && h.endDate < today)
        .map((h) => f('P13', 'warning', h, `${h.name} 的聘用协议已于 ${h.endDate} 到期，仍为在岗：请续聘或办理退岗`));
    },
  },
];
