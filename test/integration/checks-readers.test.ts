import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import { RULES, runChecks } from '../../electron/backend/checks';
import { allLoans } from '../../electron/backend/services/loans';
import { monitoredHouseholds, withoutDevelopment, workers } from '../../electron/backend/services/monitoring';
import { withRunCache } from '../../electron/backend/services/runCache';
import { getSettings } from '../../electron/backend/services/settings';
import { isWorkingAge, laborClass } from '../../shared/monitoring';
import { SAMPLES } from '../samples';
import { call, freshBackend } from './helpers';

/**
 * The lists the checks read were restructured for speed (rows read as cells and built by hand,
 * 监测户 without the spread copy, loans without spreading each row twice). Each is held here
 * against the plain reading it replaced, on the county samples, so the findings stay the same.
 */
async function load(b: Backend, kind: string, file: string) {
  let job = await call(b, 'import.start', { kind: kind as 'persons', fileName: file, base64: fs.readFileSync(path.join(SAMPLES, file)).toString('base64') });
  for (let i = 0; i < 600 && job.state === 'reading'; i++) {
    await new Promise((r) => setTimeout(r, 20));
    job = await call(b, 'import.status', { jobId: job.jobId });
  }
  await call(b, 'import.commit', { jobId: job.jobId });
}

const DATES = ['2023-06-30', '2024-06-15', '2025-12-31'];
/** The order the named SELECT and the spread gave a loan's fields (exports and JSON keep it). */
const LOAN_KEYS = ['id', 'personId', 'name', 'idNo', 'sex', 'birthDate', 'villageId', 'villageName', 'householdId', 'householdNo', 'householdType', 'inRoster',
  'bank', 'contractNo', 'amountFen', 'issueDate', 'dueDate', 'extendedDueDate', 'effectiveDueDate', 'termMonths', 'rateE6', 'ratioBp', 'subsidized', 'additional',
  'purpose', 'status', 'overdueSince', 'settledDate', 'note', 'deletedAt', 'updatedAt', 'borrowerSource', 'repaidPrincipalFen', 'repaidInterestFen',
  'balanceFen', 'ageAtIssue', 'derivedStatus', 'statusAsOf', 'dueDateAsOf', 'balanceAsOfFen', 'overdueFrom'];

describe('restructured readers give what the plain readings gave', () => {
  it('on the samples: 监测户, loans, the workers of households without a measure, each rule alone and in one run', async () => {
    const b = freshBackend();
    for (const [kind, file] of [['persons', 'persons-county-export.xlsx'], ['posts', 'posts-roster-township.xlsx'], ['loans', 'microloans-ledger.xlsx'],
      ['monitoring', 'monitoring-objects.xlsx'], ['monitoring-cases', 'monitoring-cases.xlsx'], ['visits', 'monitoring-visits.xlsx']]) await load(b, kind, file);
    const { ctx } = b;

    // 监测户 as they were read before: named rows, members by iterate, each household spread into its result.
    const rows = ctx.db.prepare(`SELECT h.id, h.hh_no AS householdNo, v.name AS village, h.monitor_category AS category, h.risk_eliminated AS riskEliminated,
        (h.hh_type = '监测户') AS monitored, m.identified_month AS identifiedMonth, m.eliminated_month AS eliminatedMonth, m.elimination_method AS eliminationMethod, m.risks
      FROM households h LEFT JOIN villages v ON v.id = h.village_id LEFT JOIN monitor_households m ON m.household_id = h.id
      WHERE h.hh_type = '监测户' OR h.id IN (SELECT household_id FROM monitor_cases) ORDER BY v.name, h.hh_no, h.id`).all() as { id: number }[];
    const members = new Map<number, unknown[]>();
    for (const p of ctx.db.prepare(`SELECT p.household_id AS hh, p.id, p.id_no AS idNo, p.name, p.birth_date AS birthDate, p.labor_skill AS laborSkill
        FROM persons p WHERE p.household_id IN (SELECT id FROM households WHERE hh_type = '监测户' UNION SELECT household_id FROM monitor_cases) AND p.deleted_at IS NULL
        ORDER BY p.relation = '户主' DESC, p.id`).all() as { hh: number; id: number; idNo: string; name: string; birthDate: string | null; laborSkill: string | null }[]) {
      (members.get(p.hh) ?? members.set(p.hh, []).get(p.hh)!).push({ id: p.id, idNo: p.idNo, name: p.name, birthDate: p.birthDate, laborSkill: p.laborSkill });
    }
    const expected = rows.map((h) => {
      const m = (members.get(h.id) ?? []) as { id: number; idNo: string; name: string }[];
      return { ...h, headPersonId: m[0]?.id ?? null, headIdNo: m[0]?.idNo ?? '', headName: m[0]?.name ?? '', members: m };
    });
    expect(expected.length).toBeGreaterThan(100);
    expect(JSON.stringify(monitoredHouseholds(ctx))).toBe(JSON.stringify(expected));

    const s = getSettings(ctx);
    for (const d of DATES) {
      // workers() in one pass: the same members, in the same order, as the two filters it replaced.
      for (const h of monitoredHouseholds(ctx)) {
        const of = (c: string) => h.members.filter((m) => laborClass(m.laborSkill) === c && isWorkingAge(m.birthDate, d, s.monitorWorkAgeMin, s.monitorWorkAgeMax));
        expect(workers(h, d, s.monitorWorkAgeMin, s.monitorWorkAgeMax)).toEqual({ able: of('able'), weak: of('weak') });
      }
      // Kept per run: the same answer inside and outside a run.
      expect(withRunCache(ctx.db, () => withoutDevelopment(ctx, d))).toEqual(withoutDevelopment(ctx, d));

      // Loans: field by field from cells, in the order the named SELECT gave them.
      const loans = allLoans(ctx, d);
      expect(loans.length).toBe(160);
      for (const l of loans) {
        const byId = (await call(b, 'loans.get', { id: l.id, asOf: d })) as Record<string, unknown>;
        expect(Object.keys(l)).toEqual(LOAN_KEYS);
        for (const k of Object.keys(l)) expect([l.id, k, (l as Record<string, unknown>)[k]]).toEqual([l.id, k, byId[k]]);
      }

      // Every rule inside one run gives what it gives alone (nothing a run keeps leaks into another rule's answer).
      const alone = RULES.map((r) => JSON.stringify(r.run(ctx, d)));
      expect(withRunCache(ctx.db, () => RULES.map((r) => JSON.stringify(r.run(ctx, d))))).toEqual(alone);
      expect(runChecks(ctx, { asOf: d }).map((f) => f.rule)).toEqual(alone.flatMap((x, i) => (JSON.parse(x) as unknown[]).map(() => RULES[i].code)));
    }
    b.close();
  });
});
