import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBackend } from '../electron/backend/index';
import { personsKind, type PersonRecord } from '../electron/backend/import/kinds/persons';
import type { StagedRow } from '../electron/backend/import/kinds/types';
import { queryPersons } from '../electron/backend/services/persons';
import { refreshPersonSearch } from '../electron/backend/services/personSearch';
import { checkDigit } from '../shared/idcard';
import { PersonQuery } from '../shared/api/contract';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '建国秀英春花小军志强桂兰玉梅海燕红霞丽娟文明德福金宝振华永红淑珍凤英明亮晓东彩云爱民长青满仓';

function median(xs: number[]) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }

/** Issue 3's benchmark: 100,000 persons, then the grid's page queries and the ID lookup. */
export async function benchPersons(n = 100_000) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-persons-'));
  const b = openBackend({ dataDir, mode: 'bench' });
  let seed = 42;
  const rnd = (k: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % k; };
  const rows: StagedRow<PersonRecord>[] = [];
  const ids = new Set<string>();
  for (let i = 0; rows.length < n; i++) {
    const y = 1940 + rnd(70), m = 1 + rnd(12), d = 1 + rnd(28);
    const first17 = `1407241${String(rnd(100)).padStart(2, '0').slice(0, 1)}`.slice(0, 6) + `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(rnd(1000)).padStart(3, '0')}`;
    const id = first17 + checkDigit(first17);
    if (ids.has(id)) continue;
    ids.add(id);
    const name = SURNAMES[rnd(SURNAMES.length)] + GIVEN.slice(rnd(GIVEN.length - 1), 0) + GIVEN[rnd(GIVEN.length)] + GIVEN[rnd(GIVEN.length)];
    const rec: PersonRecord = {
      idNo: id, name, sex: Number(id[16]) % 2 ? '男' : '女', birthDate: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      village: `第${1 + (rows.length % 40)}村`, householdNo: `01407241${String(Math.floor(rows.length / 3)).padStart(7, '0')}`,
      householdType: ['脱贫户', '监测户', '一般户'][rnd(3)], phone: `139${String(rnd(1e8)).padStart(8, '0')}`,
    };
    rows.push({ row: rows.length + 4, category: 'new', key: id, label: name, record: rec, changes: [], errors: [], existingId: null, raw: [] });
  }
  const t0 = performance.now();
  b.ctx.db.transaction(() => {
    const batch = Number(b.ctx.db.prepare("INSERT INTO import_batches (kind, file_name, file_sha256, committed_at) VALUES ('persons', 'bench', '-', '-')").run().lastInsertRowid);
    personsKind.commit(b.ctx, rows, batch);
  })();
  const insertMs = performance.now() - t0;
  const t1 = performance.now();
  refreshPersonSearch(b.ctx.db);
  const indexMs = performance.now() - t1;
  console.log(`persons: seeded ${n} persons in ${(insertMs / 1000).toFixed(2)} s (${Math.round(n / (insertMs / 1000)).toLocaleString('en-US')} rows/s), `
    + `search index ${(indexMs / 1000).toFixed(2)} s (${(indexMs / insertMs * 100).toFixed(0)} % of the insert)`);
  const village = (b.ctx.db.prepare("SELECT id FROM villages WHERE name = '第7村'").get() as { id: number }).id;
  const cases: [string, object][] = [
    ['no filter, first page', {}],
    ['name substring 建国', { name: '建国' }],
    ['pinyin initials wjg', { name: 'wjg' }],
    ['ID substring 0918', { idNo: '0918' }],
    ['village filter', { villageId: village }],
    ['village + 户类型 + sort by name', { villageId: village, householdType: '脱贫户', sort: { field: 'name', dir: 'asc' } }],
    ['deep page (offset 90,000)', { offset: 90_000 }],
  ];
  for (const [label, q] of cases) {
    const params = PersonQuery.parse({ limit: 100, ...q });
    const cold: number[] = [], warm: number[] = [];
    for (let i = 0; i < 9; i++) {
      b.ctx.db.prepare("UPDATE settings SET value = value WHERE key = 'none'").run(); // any write drops the cached counts
      b.ctx.db.prepare("INSERT INTO settings (key, value) VALUES ('bench', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(i));
      let t = performance.now(); queryPersons(b.ctx, params); cold.push(performance.now() - t);
      t = performance.now(); queryPersons(b.ctx, { ...params, offset: params.offset + 100 }); warm.push(performance.now() - t);
    }
    console.log(`  page query, ${label}: median ${median(cold).toFixed(1)} ms new filter, ${median(warm).toFixed(1)} ms next page (target ≤ 30 ms)`);
  }
  const some = [...ids].slice(0, 2000);
  const look = b.ctx.db.prepare('SELECT id FROM persons WHERE id_no = ?');
  const lt: number[] = [];
  for (const id of some) { const t = performance.now(); look.get(id); lt.push(performance.now() - t); }
  console.log(`  ID lookup: median ${(median(lt) * 1000).toFixed(0)} µs (target ≤ 1 ms)`);
  b.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
