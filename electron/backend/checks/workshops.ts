import { validateCreditCode } from '../../../shared/creditcode';
import { periodsOverlap, subsidyProblems, yuanText } from '../../../shared/workshops';
import { allWorkshops, workshopRules } from '../services/workshops';
import type { DB } from '../db/open';
import { runCached } from '../services/runCache';
import { ruleMeta, type Finding, type Rule } from './engine';

/** Employments of workshops that are not in the 回收站, with the person and the workshop. */
interface Emp {
  id: number; workshopId: number; workshopName: string; creditCode: string | null; workshopStatus: string; statusDate: string | null; personId: number; idNo: string;
  name: string; village: string | null; workshopVillage: string | null; startDate: string; endDate: string | null;
}

function employments(db: DB): Emp[] {
  return runCached(db, 'workshops.employments', () => db.prepare(`SELECT e.id, e.workshop_id AS workshopId, w.name AS workshopName, w.credit_code AS creditCode, w.status AS workshopStatus, w.status_date AS statusDate,
      e.person_id AS personId, p.id_no AS idNo, p.name, pv.name AS village, wv.name AS workshopVillage, e.start_date AS startDate, e.end_date AS endDate
    FROM employments e JOIN workshops w ON w.id = e.workshop_id JOIN persons p ON p.id = e.person_id
    LEFT JOIN villages pv ON pv.id = p.village_id LEFT JOIN villages wv ON wv.id = w.village_id
    WHERE w.deleted_at IS NULL ORDER BY e.person_id, e.start_date, e.id`).all() as Emp[]);
}

/** The workshops at the as-of date, once per run of the checks (W02 and W06 both read them). */
const workshopsAt = (ctx: Parameters<Rule['run']>[0], asOf: string) => runCached(ctx.db, `workshops.all:${asOf}`, () => allWorkshops(ctx, { date: asOf }));

const period = (s: string, e: string | null) => `${s} 至 ${e ?? '今'}`;

function hasTable(db: DB, name: string): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}

export const workshopsRules: Rule[] = [
  {
    ...ruleMeta('W01'),
    run(ctx, asOf) {
      const by = new Map<number, Emp[]>();
      for (const e of employments(ctx.db)) (by.get(e.personId) ?? by.set(e.personId, []).get(e.personId)!).push(e);
      const out: Finding[] = [];
      for (const list of by.values()) {
        for (let i = 0; i < list.length; i++) {
          for (let j = i + 1; j < list.length; j++) {
            const a = list[i], b = list[j];
            if (a.workshopId === b.workshopId || !periodsOverlap({ start: a.startDate, end: a.endDate }, { start: b.startDate, end: b.endDate })) continue;
            out.push({
              rule: 'W01', severity: 'error', id: b.idNo, name: b.name, village: b.village, record: { type: 'workshop', id: b.workshopId },
              message: `${b.name} 同一时间在两个车间务工：“${a.workshopName}”（${period(a.startDate, a.endDate)}）和“${b.workshopName}”（${period(b.startDate, b.endDate)}）。请核实，给已离开的车间登记离职日期`,
            });
          }
        }
      }
      return out;
    },
  },
  {
    ...ruleMeta('W02'),
    run(ctx, asOf) {
      return workshopsAt(ctx, asOf).filter((w) => (w.status === '正常运营' || w.status === '经营困难') && w.qualification.state === 'notQualified')
        .map((w) => ({
          rule: 'W02', severity: 'error' as const, id: w.creditCode ?? w.name, name: w.name, village: w.villageName, record: { type: 'workshop' as const, id: w.id },
          message: `“${w.name}”未达到帮扶车间认定条件：${w.qualification.reason}。请补录务工台账，或按程序变更车间状态`,
        }));
    },
  },
  {
    ...ruleMeta('W03'),
    run(ctx, asOf) {
      const by = new Map<number, Emp[]>();
      for (const e of employments(ctx.db)) {
        if (e.workshopStatus !== '停产' && e.workshopStatus !== '已退出') continue;
        // Still employed after the day the workshop stopped.
        if (e.endDate && e.statusDate && e.endDate <= e.statusDate) continue;
        (by.get(e.workshopId) ?? by.set(e.workshopId, []).get(e.workshopId)!).push(e);
      }
      return [...by.values()].map((list) => {
        const w = list[0];
        const names = list.slice(0, 5).map((e) => e.name).join('、') + (list.length > 5 ? ` 等 ${list.length} 人` : '');
        return {
          rule: 'W03', severity: 'error' as const, id: w.creditCode ?? w.workshopName, name: w.workshopName, village: w.workshopVillage, record: { type: 'workshop' as const, id: w.workshopId },
          message: `“${w.workshopName}”已于 ${w.statusDate ?? '（未填日期）'}${w.workshopStatus}，务工台账中仍有 ${list.length} 人在岗（${names}）。请登记他们的离职日期，或更正车间状态`,
        };
      });
    },
  },
  {
    ...ruleMeta('W04'),
    run(ctx, asOf) {
      const cap = workshopRules(ctx).workshopSubsidyCapFen;
      const rows = ctx.db.prepare(`SELECT s.id, s.workshop_id AS workshopId, w.name AS workshopName, w.credit_code AS creditCode, v.name AS village, s.person_id AS personId,
          p.name, p.id_no AS idNo, s.amount_fen AS amountFen, s.paid_date AS paidDate
        FROM workshop_subsidies s JOIN workshops w ON w.id = s.workshop_id JOIN persons p ON p.id = s.person_id LEFT JOIN villages v ON v.id = w.village_id
        WHERE w.deleted_at IS NULL ORDER BY s.workshop_id, s.paid_date, s.id`).all() as {
        id: number; workshopId: number; workshopName: string; creditCode: string | null; village: string | null; personId: number; name: string; idNo: string; amountFen: number; paidDate: string;
      }[];
      const by = new Map<number, typeof rows>();
      for (const r of rows) (by.get(r.workshopId) ?? by.set(r.workshopId, []).get(r.workshopId)!).push(r);
      const out: Finding[] = [];
      for (const list of by.values()) {
        const w = list[0];
        const p = subsidyProblems(list, cap);
        for (const personId of p.duplicates) {
          const paid = list.filter((r) => r.personId === personId);
          out.push({
            rule: 'W04', severity: 'error', id: paid[0].idNo, name: paid[0].name, village: w.village, record: { type: 'workshop', id: w.workshopId },
            message: `${paid[0].name} 在“${w.workshopName}”领取了 ${paid.length} 次一次性吸纳就业补助（${paid.map((r) => `${r.paidDate} ${yuanText(r.amountFen)}`).join('、')}），同一人在同一车间只能领取一次。请撤销多发的记录并追回`,
          });
        }
        if (p.overCapFen > 0) {
          out.push({
            rule: 'W04', severity: 'error', id: w.creditCode ?? w.workshopName, name: w.workshopName, village: w.village, record: { type: 'workshop', id: w.workshopId },
            message: `“${w.workshopName}”已发放一次性吸纳就业补助 ${yuanText(p.totalFen)}，超过每个车间 ${yuanText(cap)}的上限，多出 ${yuanText(p.overCapFen)}。请核对发放记录`,
          });
        }
      }
      return out;
    },
  },
  {
    ...ruleMeta('W05'),
    run(ctx, asOf) {
      // The 公益岗位 tables come with the posts module; without them there is nothing to compare.
      if (!hasTable(ctx.db, 'appointments')) return [];
      const cols = new Set((ctx.db.prepare('PRAGMA table_info(appointments)').all() as { name: string }[]).map((c) => c.name));
      const exit = cols.has('exit_date') ? 'a.exit_date' : 'NULL';
      const postName = hasTable(ctx.db, 'posts') && cols.has('post_id') ? '(SELECT name FROM posts WHERE id = a.post_id)' : "'公益岗位'";
      const appts = ctx.db.prepare(`SELECT a.id, a.person_id AS personId, a.start_date AS start, coalesce(${exit}, a.end_date) AS end, a.status, ${postName} AS post
        FROM appointments a WHERE a.start_date IS NOT NULL AND a.person_id IN (SELECT person_id FROM employments)`).all() as { id: number; personId: number; start: string; end: string | null; status: string; post: string | null }[];
      // Only the appointments of persons who ever worked in a workshop: the others cannot overlap (10k → a few hundred rows at county size).
      const byPerson = new Map<number, typeof appts>();
      // A holder who left (离岗) without a date cannot be placed in time: left out rather than guessed.
      for (const a of appts) if (a.status !== '离岗' || a.end) (byPerson.get(a.personId) ?? byPerson.set(a.personId, []).get(a.personId)!).push(a);
      const out: Finding[] = [];
      for (const e of employments(ctx.db)) {
        const hits = (byPerson.get(e.personId) ?? []).filter((a) => periodsOverlap({ start: e.startDate, end: e.endDate }, { start: a.start, end: a.end }));
        if (!hits.length) continue;
        out.push({
          rule: 'W05', severity: 'warning', id: e.idNo, name: e.name, village: e.village, record: { type: 'workshop', id: e.workshopId },
          message: `${e.name} 在“${e.workshopName}”务工（${period(e.startDate, e.endDate)}）期间，同时担任公益岗位（${hits.map((a) => `${a.post ?? '公益岗位'} ${period(a.start, a.end)}`).join('、')}）。县里会问到，请核实是否兼顾、是否需要退岗`,
        });
      }
      return out;
    },
  },
  {
    ...ruleMeta('W06'),
    run(ctx, asOf) {
      return workshopsAt(ctx, asOf).filter((w) => w.creditCode && !validateCreditCode(w.creditCode).ok).map((w) => ({
        rule: 'W06', severity: 'warning' as const, id: w.creditCode!, name: w.name, village: w.villageName, record: { type: 'workshop' as const, id: w.id },
        message: `“${w.name}”的${w.creditCodeProblem ?? '统一社会信用代码有误'}`,
      }));
    },
  },
];
