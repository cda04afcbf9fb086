import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../electron/backend/db/open';
import { childArgs } from '../support/childBundle';
import { personsWorkbook, tmpDir } from './helpers';

// kill -9 of the browser-mode server while it commits a large import: on restart the database
// passes integrity_check and holds all of the batch or none of it, never part.

const CHILD = path.resolve(__dirname, 'safety-kill-import-server.ts');
const BIG = 4000;
const children: ChildProcess[] = [];
afterAll(() => { for (const c of children) if (c.exitCode == null && c.signalCode == null) c.kill('SIGKILL'); });

interface Server { child: ChildProcess; port: number; token: string; stdout: () => string; exited: Promise<NodeJS.Signals | number | null> }

async function startServer(dataDir: string, pauseAt = 0): Promise<Server> {
  const child = spawn(process.execPath, await childArgs(CHILD, [dataDir, path.join(dataDir, 'ui')]), {
    env: { ...process.env, LEDGER_TEST_PAUSE_AT: String(pauseAt) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '', err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exited = new Promise<NodeJS.Signals | number | null>((r) => child.on('exit', (code, signal) => r(signal ?? code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 60_000);
    const onData = () => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer); child.stdout!.off('data', onData);
      const { port, token } = JSON.parse(line) as { port: number; token: string };
      resolve({ child, port, token, stdout: () => out, exited });
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`server exited (${signal ?? code}) before listening: ${err}`)); });
  });
}

/** POST /rpc/<channel>; `sent` resolves once the whole request is on the wire. */
function rpc(s: Server, channel: string, params: unknown) {
  const body = JSON.stringify(params);
  let sent!: () => void;
  const flushed = new Promise<void>((r) => (sent = r));
  const answer = new Promise<{ ok: boolean; data?: any; error?: { message: string } }>((resolve, reject) => {
    // A connection of its own (agent: false): a kept-alive socket that the server closes for idleness
    // just as the next request goes out (a workbook took seconds to write meanwhile) ends in ECONNRESET.
    const req = http.request({ host: '127.0.0.1', port: s.port, method: 'POST', path: `/rpc/${channel}`, agent: false,
      headers: { 'x-ledger-token': s.token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let t = ''; res.setEncoding('utf8'); res.on('data', (c) => (t += c)); res.on('end', () => { try { resolve(JSON.parse(t)); } catch (e) { reject(e); } });
    });
    req.on('error', reject);
    req.end(body, () => sent());
  });
  return { answer, flushed };
}

async function call(s: Server, channel: string, params: unknown) {
  const r = await rpc(s, channel, params).answer;
  if (!r.ok) throw new Error(`${channel}: ${r.error?.message}`);
  return r.data;
}

async function stage(s: Server, base64: string, fileName: string) {
  let job = await call(s, 'import.start', { kind: 'persons', fileName, base64 });
  for (let i = 0; i < 1200 && job.state === 'reading'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = await call(s, 'import.status', { jobId: job.jobId });
  }
  expect(job.state).toBe('ready');
  return job as { jobId: string; counts: { new: number; changed: number; unchanged: number; error: number } };
}

/** Opens the file the way the next start would, without our code: SQLite's own recovery, then checks. */
function inspect(dataDir: string) {
  const db = new Database(path.join(dataDir, DB_FILE));
  try {
    return {
      integrity: (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check),
      persons: (db.prepare('SELECT count(*) AS n FROM persons').get() as { n: number }).n,
      batches: (db.prepare('SELECT count(*) AS n FROM import_batches').get() as { n: number }).n,
    };
  } finally { db.close(); }
}

let commitMs = 0; // how long the good commit of BIG rows took, for the kill without a hook

describe('kill -9 of the browser-mode server during a large import', () => {
  const dataDir = tmpDir('ledger-kill-import-');

  it('killed inside the commit transaction: the database is intact and holds none of the batch; a restart then commits all of it', async () => {
    const s = await startServer(dataDir, BIG);
    const first = await stage(s, (await personsWorkbook(300, 1)).toString('base64'), '第一批.xlsx');
    expect(first.counts.new).toBe(300);
    await call(s, 'import.commit', { jobId: first.jobId });
    const big = (await personsWorkbook(BIG, 2)).toString('base64');
    const job = await stage(s, big, '大批量.xlsx');
    expect(job.counts).toMatchObject({ new: BIG, error: 0 });

    const commit = rpc(s, 'import.commit', { jobId: job.jobId });
    commit.answer.catch(() => { /* the connection dies with the server */ });
    for (let i = 0; i < 600 && !s.stdout().includes('inside commit'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(s.stdout()).toContain(`${BIG} rows written, ${300 + BIG} persons in the open transaction`);
    s.child.kill('SIGKILL');
    expect(await s.exited).toBe('SIGKILL');

    expect(inspect(dataDir)).toEqual({ integrity: ['ok'], persons: 300, batches: 1 });

    // The app starts again on the same file, says 300, and the same workbook then goes in whole.
    const again = await startServer(dataDir);
    try {
      expect(await call(again, 'stats.get', {})).toMatchObject({ persons: 300 });
      const retry = await stage(again, big, '大批量.xlsx');
      expect(retry.counts).toMatchObject({ new: BIG, error: 0 });
      const t0 = Date.now();
      const done = await call(again, 'import.commit', { jobId: retry.jobId });
      commitMs = Date.now() - t0;
      expect(done.summary).toMatchObject({ inserted: BIG });
      expect(await call(again, 'stats.get', {})).toMatchObject({ persons: 300 + BIG });
    } finally {
      again.child.kill('SIGKILL'); await again.exited;
    }
    expect(inspect(dataDir)).toEqual({ integrity: ['ok'], persons: 300 + BIG, batches: 2 });
  });

  it('killed from outside while the commit request is being served (no hook): all or none, never part', async () => {
    const before = inspect(dataDir).persons;
    const outcomes: string[] = [];
    // Kill at a fraction of a commit's measured length after the request is on the wire.
    const delays = [0.3, 0.9].map((f) => Math.max(5, Math.round(f * (commitMs || 400))));
    let expected = before;
    for (const [i, delay] of delays.entries()) {
      const s = await startServer(dataDir);
      const job = await stage(s, (await personsWorkbook(BIG, 10 + i)).toString('base64'), `第${i + 3}批.xlsx`);
      expect(job.counts.new).toBe(BIG);
      const commit = rpc(s, 'import.commit', { jobId: job.jobId });
      let answered = false;
      commit.answer.then(() => { answered = true; }, () => { /* killed */ });
      await commit.flushed;
      await new Promise((r) => setTimeout(r, delay));
      s.child.kill('SIGKILL');
      await s.exited;
      const after = inspect(dataDir);
      expect(after.integrity).toEqual(['ok']);
      expect([expected, expected + BIG]).toContain(after.persons);
      outcomes.push(`${delay} ms: ${after.persons === expected ? 'none' : 'all'}${answered ? ' (answered)' : ''}`);
      expected = after.persons;
    }
    console.log(`kill during commit without a hook, ${BIG} rows, good commit took ${commitMs} ms: ${outcomes.join('; ')}`);
  });
});
