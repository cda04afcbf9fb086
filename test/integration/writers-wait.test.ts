import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openBackend } from '../../electron/backend/index';
import { sample } from '../samples';
import { cliArgs } from '../support/cli';
import { tmpDir } from './helpers';

// Issue 19: a second writer on one data folder (the CLI importing while the app edits) waits for
// the first instead of failing with English "database is locked"; past the wait, a Chinese message.

const HOLDER = path.join(import.meta.dirname, 'writers-wait-holder.mjs');
const children: ChildProcess[] = [];
afterEach(() => { for (const c of children.splice(0)) c.kill(); });

/** Another process holding the write lock; resolves once it has it. */
function holdLock(dbFile: string, holdMs = 0): Promise<ChildProcess> {
  const c = spawn(process.execPath, [HOLDER, dbFile, String(holdMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(c);
  return new Promise((resolve, reject) => {
    c.stdout!.on('data', (d) => { if (String(d).includes('locked')) resolve(c); });
    c.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
}

function ledger(busyTimeoutMs?: number) {
  const dir = tmpDir();
  return openBackend({ dataDir: dir, mode: 'test', operator: '测试员', busyTimeoutMs });
}

describe('writers wait for each other', () => {
  it('an edit made while another process writes waits and succeeds (read-then-write transactions included)', async () => {
    const b = ledger();
    try {
      // The edit reads (duplicate check) before it writes: a deferred transaction would fail at once.
      await holdLock(b.ctx.dbFile, 1500);
      const r = await b.invoke('villages.create', { name: '东村', code: null });
      expect(r).toMatchObject({ ok: true });
      expect(b.ctx.db.prepare("SELECT value FROM settings WHERE key = 'holder'").get()).toEqual({ value: '"另一个进程"' });
      const u = await b.invoke('settings.update', { township: '乐平镇' });
      expect(u).toMatchObject({ ok: true });
    } finally { b.close(); }
  });

  it('a service transaction that reads before it writes waits too (in WAL a deferred one would get SQLITE_BUSY at once)', async () => {
    const b = ledger();
    try {
      const db = b.ctx.db;
      await holdLock(b.ctx.dbFile, 1500);
      const n = db.transaction(() => {
        const c = (db.prepare('SELECT count(*) AS n FROM villages').get() as { n: number }).n;
        db.prepare("INSERT INTO settings (key, value) VALUES ('after-wait', ?)").run(JSON.stringify(c));
        return c;
      })();
      expect(n).toBe(0);
      expect(db.prepare("SELECT value FROM settings WHERE key = 'holder'").get()).toBeTruthy();
    } finally { b.close(); }
  });

  it('past the wait it answers BUSY with a Chinese message saying the ledger is in use and what to do', async () => {
    const b = ledger(300);
    try {
      const holder = await holdLock(b.ctx.dbFile);
      const r = await b.invoke('villages.create', { name: '东村', code: null });
      expect(r).toMatchObject({ ok: false, error: { code: 'BUSY' } });
      const msg = !r.ok ? r.error.message : '';
      expect(msg).toMatch(/台账正被另一个台账窗口或命令行.*占用/);
      expect(msg).toMatch(/请等那边完成后再试/);
      expect(msg).not.toMatch(/database is locked/);
      holder.stdin!.write('release\n');
      await new Promise((r2) => holder.on('exit', r2));
      expect(await b.invoke('villages.create', { name: '东村', code: null })).toMatchObject({ ok: true });
    } finally { b.close(); }
  });

  const cli = (dataDir: string, env: Record<string, string>, ...args: string[]) => {
    const c = spawn(process.execPath, cliArgs([...args, '--data', dataDir]), { env: { ...process.env, ...env } });
    children.push(c);
    let stderr = '', stdout = '';
    c.stderr!.on('data', (d) => { stderr += String(d); });
    c.stdout!.on('data', (d) => { stdout += String(d); });
    const done = new Promise<{ code: number | null; stderr: string; stdout: string }>((r) => c.on('exit', (code) => r({ code, stderr, stdout })));
    return { child: c, done, stderr: () => stderr };
  };

  it('a CLI import started while another writer holds the ledger says it is waiting, then imports', async () => {
    const b = ledger();
    const dir = b.ctx.dataDir, dbFile = b.ctx.dbFile;
    b.close();
    const holder = await holdLock(dbFile);
    const run = cli(dir, { LEDGER_WAIT_SECONDS: '120' }, 'import', sample('persons-county-export.xlsx'), '--kind', 'persons', '--json');
    for (let i = 0; i < 1200 && !run.stderr().includes('正在等待'); i++) await new Promise((r) => setTimeout(r, 50));
    holder.stdin!.write('release\n');
    const r = await run.done;
    expect(r.stderr).toMatch(/台账正被另一个台账窗口或命令占用，正在等待它完成（最多 120 秒）/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ inserted: 3000 });
  }, 120_000);

  it('a CLI import that waits past the limit fails in Chinese, writing nothing', async () => {
    const b = ledger();
    const dir = b.ctx.dataDir, dbFile = b.ctx.dbFile;
    b.close();
    await holdLock(dbFile);
    const r = await cli(dir, { LEDGER_WAIT_SECONDS: '1' }, 'import', sample('persons-county-export.xlsx'), '--kind', 'persons').done;
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/已等待 1 秒仍未结束/);
    expect(r.stderr).not.toMatch(/database is locked/);
    for (const c of children.splice(0)) c.kill();
    const after = openBackend({ dataDir: dir, mode: 'test' });
    try { expect(after.ctx.db.prepare('SELECT count(*) AS n FROM persons').get()).toEqual({ n: 0 }); } finally { after.close(); }
  }, 120_000);
});
