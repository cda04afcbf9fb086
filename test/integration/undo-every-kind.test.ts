/**
 * The one generic undo, kind by kind: import a sample, import a changed copy (a second batch that
 * updates some rows), undo the second, then the first; after each undo every table is exactly as it
 * was before that import (the batch list and the log aside, and the person-search index, which is derived).
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/index';
import { sample } from '../samples';
import { call, freshBackend, importBuffer, rosterBackend } from './helpers';
import { withCellsChanged } from '../support/editWorkbook';

type Kind = 'persons' | 'posts' | 'post-library' | 'post-wages' | 'workshops' | 'loans' | 'monitoring' | 'monitoring-cases' | 'visits' | 'migrant-work';

const SKIP = (t: string) => t === 'import_batches' || t === 'audit_log' || t.startsWith('sqlite_') || t.startsWith('person_search');

function dump(b: Backend): Record<string, string[]> {
  const db = b.ctx.db;
  const out: Record<string, string[]> = {};
  for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]) {
    if (SKIP(name)) continue;
    out[name] = (db.prepare(`SELECT * FROM "${name}"`).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

const file = (name: string) => fs.readFileSync(sample(name));
const fromBase64 = (r: { base64: string }) => Buffer.from(r.base64, 'base64');

interface Case {
  kind: Kind;
  /** The ledger starts with the county roster imported (a copy of it: rosterBackend). */
  roster?: boolean;
  /** What the ledger holds before the first import (other kinds' batches). */
  setup?: (b: Backend) => Promise<void>;
  first: (b: Backend) => Promise<Buffer>;
  second: (first: Buffer) => Promise<Buffer>;
}

const posts = async (b: Backend) => { await importBuffer(b, 'posts', 'posts.xlsx', file('posts-roster-township.xlsx')); };
const monitored = async (b: Backend) => { await importBuffer(b, 'monitoring', 'monitoring.xlsx', file('monitoring-objects.xlsx')); };

const CASES: Case[] = [
  { kind: 'persons', first: async () => file('persons-county-export.xlsx'), second: (f) => withCellsChanged(f, '联系电话', 20, (i) => `1390000${String(1000 + i)}`) },
  { kind: 'posts', roster: true, first: async () => file('posts-roster-township.xlsx'), second: (f) => withCellsChanged(f, '银行卡号', 10, (i) => `62170000000000${String(10000 + i)}`) },
  {
    kind: 'post-library', setup: posts,
    first: async (b) => withCellsChanged(fromBase64(await call(b, 'export.postLibrary', {})), '工作职责', 5, (i) => `负责本村环境卫生（第${i + 1}片区）`),
    second: (f) => withCellsChanged(f, '工作职责', 3, (i) => `负责本村道路保洁（第${i + 1}段）`),
  },
  {
    kind: 'post-wages', setup: posts,
    first: async (b) => {
      let f: Buffer = fromBase64(await call(b, 'export.wages', { month: '2023-08' }));
      for (const [column, value] of [['应出勤天数', 22], ['实出勤天数', 20], ['考核结果', '合格']] as const) f = await withCellsChanged(f, column, 6, () => value);
      return f;
    },
    second: (f) => withCellsChanged(f, '实出勤天数', 3, () => 19),
  },
  { kind: 'workshops', first: async () => file('workshops-ledger.xlsx'), second: (f) => withCellsChanged(f, '负责人', 4, (i) => `新负责人${'甲乙丙丁'[i]}`) },
  { kind: 'loans', roster: true, first: async () => file('microloans-ledger.xlsx'), second: (f) => withCellsChanged(f, '已还本金（元）', 6, (i) => 1000 * (i + 1)) },
  { kind: 'monitoring', roster: true, first: async () => file('monitoring-objects.xlsx'), second: (f) => withCellsChanged(f, '人均纯收入（元）', 12, (i) => 9000 + i) },
  { kind: 'monitoring-cases', roster: true, setup: monitored, first: async () => file('monitoring-cases.xlsx'), second: (f) => withCellsChanged(f, '帮扶责任人', 4, (i) => `新责任人${'甲乙丙丁'[i]}`) },
  { kind: 'visits', roster: true, setup: monitored, first: async () => file('monitoring-visits.xlsx'), second: (f) => withCellsChanged(f, '走访内容', 6, (i) => `核实收入变化（第${i + 1}次）`) },
  { kind: 'migrant-work', roster: true, setup: monitored, first: async () => file('migrant-work.xlsx'), second: (f) => withCellsChanged(f, '月均收入（元）', 8, (i) => 4000 + i) },
];

describe('one generic undo for every import kind', () => {
  for (const c of CASES) {
    it(`${c.kind}: undo of a changed copy, then of the first import, leaves every table as before each`, async () => {
      const b = c.roster ? await rosterBackend() : freshBackend();
      try {
        await c.setup?.(b);
        const first = await c.first(b);
        const before1 = dump(b);
        const s1 = await importBuffer(b, c.kind, `${c.kind}-1.xlsx`, first);
        expect(s1.batchId, JSON.stringify(s1)).not.toBeNull();
        const before2 = dump(b);
        expect(before2).not.toEqual(before1);
        const s2 = await importBuffer(b, c.kind, `${c.kind}-2.xlsx`, await c.second(first));
        expect(s2.updated, JSON.stringify(s2)).toBeGreaterThan(0);
        expect(dump(b)).not.toEqual(before2);

        await call(b, 'import.undo', { batchId: s2.batchId! });
        expect(dump(b)).toEqual(before2);
        await call(b, 'import.undo', { batchId: s1.batchId! });
        expect(dump(b)).toEqual(before1);
      } finally {
        b.close();
      }
    });
  }
});
