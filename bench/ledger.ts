import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBackend } from '../electron/backend/index';
import { runChecks } from '../electron/backend/checks';
import { getOverview } from '../electron/backend/services/overview';
import { exportExchangePackage } from '../electron/backend/export/exchange';
import { checkDigit } from '../shared/idcard';
import { todayIso } from '../shared/dates';
import type { DB } from '../electron/backend/db/open';

/**
 * Issue 18 goal 4: a county-size ledger (100k persons, 10k appointments with a year of
 * attendance, 5k loans, workshops with employments) written straight into SQLite, then the three
 * things a clerk waits for — 问题清单 (runChecks), 概览 (getOverview), the 交换包 export — each
 * timed and set against a baseline measured in the same run on the same database: reading every
 * row of the tables those features look at (what any answer has to touch at least once).
 */

export interface LedgerSize { persons: number; appointments: number; loans: number }

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Writes the ledger with plain prepared inserts in one transaction (the bench's set-up, not a measured path). */
export function seedLedger(db: DB, size: LedgerSize = { persons: 100_000, appointments: 10_000, loans: 5_000 }) {
  let seed = 7;
  const rnd = (k: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % k; };
  const VILLAGES = 40;
  db.transaction(() => {
    const batch = Number(db.prepare("INSERT INTO import_batches (kind, file_name, file_sha256, committed_at) VALUES ('persons', 'bench', '-', '-')").run().lastInsertRowid);
    const vIns = db.prepare('INSERT INTO villages (name, code) VALUES (?, ?)');
    for (let v = 1; v <= VILLAGES; v++) vIns.run(`第${v}村`, `140724${pad(100 + v, 3)}000`);
    const hIns = db.prepare('INSERT INTO households (hh_no, village_id, hh_type, monitor_category, size, created_batch_id) VALUES (?, ?, ?, ?, ?, ?)');
    const pIns = db.prepare(`INSERT INTO persons (id_no, name, sex, birth_date, household_id, village_id, relation, labor_skill, phone, in_roster, created_batch_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const ids = new Set<string>();
    let hh = 0;
    for (let i = 0; i < size.persons;) {
      const village = 1 + (hh % VILLAGES);
      const type = ['脱贫户', '监测户', '一般户', '脱贫户'][rnd(4)];
      const members = 1 + rnd(5);
      const hid = Number(hIns.run(`14072410${pad(hh, 8)}`, village, type, type === '监测户' ? '脱贫不稳定户' : null, members, batch).lastInsertRowid);
      hh++;
      for (let m = 0; m < members && i < size.persons; m++) {
        const y = 1945 + rnd(65), mo = 1 + rnd(12), d = 1 + rnd(28);
        const first17 = `140724${y}${pad(mo, 2)}${pad(d, 2)}${pad(rnd(1000), 3)}`;
        const id = first17 + checkDigit(first17);
        if (ids.has(id)) continue;
        ids.add(id);
        pIns.run(id, `王${'建国秀英春花小军志强'[rnd(10)]}${'明亮兰梅燕霞娟华'[rnd(8)]}`, Number(id[16]) % 2 ? '男' : '女', `${y}-${pad(mo, 2)}-${pad(d, 2)}`,
          hid, village, m === 0 ? '户主' : '子女', rnd(50) === 0 ? '丧失劳动力' : '普通劳动力', `139${pad(rnd(1e8), 8)}`, rnd(40) === 0 ? 0 : 1, batch);
        i++;
      }
    }
    const personIds = (db.prepare('SELECT id FROM persons').pluck().all() as number[]);
    const posts = Math.ceil(size.appointments / 4);
    const poIns = db.prepare(`INSERT INTO posts (village_id, name, category, headcount, wage_fen, council_record, status, created_batch_id) VALUES (?, ?, ?, ?, ?, ?, '设立', ?)`);
    for (let p = 0; p < posts; p++) poIns.run(1 + (p % VILLAGES), `保洁员${p}`, ['乡村公益岗', '光伏公益岗', '护林员'][p % 3], 5, 50000, p % 7 ? '村委会2026-01-05会议' : null, batch);
    const aIns = db.prepare(`INSERT INTO appointments (post_id, person_id, agreement_no, start_date, end_date, term_months, wage_fen, bank_account, status, exit_date, created_batch_id)
      VALUES (?, ?, ?, ?, ?, 12, ?, ?, ?, ?, ?)`);
    const tIns = db.prepare(`INSERT INTO attendance (appointment_id, month, due_days, present_days, assessment, payable_fen, paid_fen) VALUES (?, ?, 22, ?, ?, ?, ?)`);
    const year = Number(todayIso().slice(0, 4));
    for (let a = 0; a < size.appointments; a++) {
      const person = personIds[rnd(personIds.length)];
      const left = rnd(10) === 0;
      const start = `${year}-${pad(1 + rnd(3), 2)}-01`;
      const aid = Number(aIns.run(1 + (a % posts), person, a % 9 ? `XY${pad(a, 6)}` : null, start, `${year}-12-31`, 50000,
        `6217${pad(rnd(5000000) + a * 1000, 12)}`, left ? '离岗' : '在岗', left ? `${year}-06-30` : null, batch).lastInsertRowid);
      for (let m = 1; m <= 10; m++) {
        const bad = rnd(200) === 0;
        tIns.run(aid, `${year}-${pad(m, 2)}`, bad ? 0 : 22, '合格', 50000, 50000);
      }
    }
    const lIns = db.prepare(`INSERT INTO loans (person_id, bank, contract_no, amount_fen, issue_date, due_date, term_months, rate_e6, status, created_batch_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, 43500, ?, ?)`);
    const rIns = db.prepare('INSERT INTO loan_repayments (loan_id, repay_date, principal_fen, interest_fen) VALUES (?, ?, ?, ?)');
    for (let l = 0; l < size.loans; l++) {
      const iy = year - 1 - rnd(3), im = 1 + rnd(12);
      const term = [12, 24, 36][rnd(3)];
      const due = `${iy + term / 12}-${pad(im, 2)}-15`;
      const lid = Number(lIns.run(personIds[rnd(personIds.length)], '农商银行', `HT${pad(l, 7)}`, [3_000_000, 5_000_000, 2_000_000][rnd(3)],
        `${iy}-${pad(im, 2)}-15`, due, term, due < todayIso() && rnd(3) ? '已结清' : '正常', batch).lastInsertRowid);
      rIns.run(lid, `${iy}-${pad(im, 2)}-20`, 0, 3000);
    }
    const wIns = db.prepare(`INSERT INTO workshops (name, credit_code, village_id, status, created_batch_id) VALUES (?, ?, ?, '正常运营', ?)`);
    const eIns = db.prepare('INSERT OR IGNORE INTO employments (workshop_id, person_id, start_date, end_date) VALUES (?, ?, ?, ?)');
    for (let w = 0; w < 100; w++) {
      const wid = Number(wIns.run(`扶贫车间${w}`, null, 1 + (w % VILLAGES), batch).lastInsertRowid);
      for (let e = 0; e < 20; e++) eIns.run(wid, personIds[rnd(personIds.length)], `${year - 1}-0${1 + rnd(9)}-01`, rnd(4) ? null : `${year}-03-31`);
    }
  })();
}

/** Reading every row of the tables the checks, 概览 and export look at: the floor any of them stands on. */
function readAllRows(db: DB): number {
  let n = 0;
  for (const t of ['persons', 'households', 'villages', 'posts', 'appointments', 'attendance', 'loans', 'loan_repayments', 'workshops', 'employments']) {
    n += (db.prepare(`SELECT * FROM ${t}`).raw().all() as unknown[]).length;
  }
  return n;
}

/** Best of k runs: the wall time, and the CPU time of the same run (on a shared machine the wall time swings with load, CPU time far less). */
const best = async (k: number, f: () => unknown, before?: () => void) => {
  let ms = Infinity, cpu = Infinity;
  for (let i = 0; i < k; i++) {
    before?.();
    const t = performance.now(), u = process.cpuUsage();
    await f();
    const c = process.cpuUsage(u);
    if (performance.now() - t < ms) { ms = performance.now() - t; cpu = (c.user + c.system) / 1000; }
  }
  return { ms, cpu };
};

export async function benchLedger(size: LedgerSize = { persons: 100_000, appointments: 10_000, loans: 5_000 }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-ledger-'));
  const b = openBackend({ dataDir, mode: 'bench' });
  const t0 = performance.now();
  seedLedger(b.ctx.db, size);
  const seedMs = performance.now() - t0;
  const db = b.ctx.db;
  const count = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  console.log(`ledger: ${count('persons')} persons, ${count('appointments')} appointments (${count('attendance')} attendance months), ${count('loans')} loans, `
    + `${count('employments')} workshop employments; seeded in ${(seedMs / 1000).toFixed(2)} s`);
  getOverview(b.ctx); // first call pays the search-index catch-up and statement compilation, as the first screen does
  // A write the 概览 cache must see (runCache.dataVersion), without touching the ledger: a row in a scratch table.
  db.exec('CREATE TEMP TABLE bench_write (x)');
  const write = () => { db.prepare('INSERT INTO bench_write VALUES (1)').run(); };
  const base = await best(3, () => readAllRows(db));
  let findings = 0;
  const checks = await best(3, () => { findings = runChecks(b.ctx).length; }, write); // after a write: nothing kept from the last run
  const overviewAfterWrite = await best(3, () => getOverview(b.ctx), write);
  getOverview(b.ctx);
  const overview = await best(3, () => getOverview(b.ctx));
  let bytes = 0;
  const exp = await best(1, async () => { bytes = (await exportExchangePackage(b.ctx)).buffer.length; });
  const rss = Math.round(process.memoryUsage().rss / 1e6);
  const line = (label: string, r: { ms: number; cpu: number }, target?: number) =>
    console.log(`  ${label}: ${r.ms.toFixed(0)} ms (CPU ${r.cpu.toFixed(0)} ms), ${(r.ms / base.ms).toFixed(2)}× baseline`
      + (target ? ` (target ≤ ${target} ms${r.ms <= target ? ', met' : ', NOT met'})` : ''));
  console.log(`  baseline, read every row of the ten tables: ${base.ms.toFixed(0)} ms (CPU ${base.cpu.toFixed(0)} ms)`);
  line(`check (runChecks, ${findings} findings)`, checks, 1000);
  line('概览 (getOverview), data unchanged since the last look (problem counts kept)', overview, 300);
  line('概览 right after a write (every rule run again)', overviewAfterWrite);
  line(`exchange export (${(bytes / 1e6).toFixed(1)} MB)`, exp, 5000);
  console.log(`  RSS after: ${rss} MB`);
  b.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { baseMs: base.ms, checksMs: checks.ms, overviewMs: overview.ms, overviewAfterWriteMs: overviewAfterWrite.ms, exportMs: exp.ms };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await benchLedger();
