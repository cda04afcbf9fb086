import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../electron/backend/index';
import { importFileForCli } from '../../electron/backend/import/service';
import { migrations } from '../../electron/backend/db/migrations';
import { migrate } from '../../electron/backend/db/open';
import { backupsDir, listBackups, runDailyBackup, startSafety } from '../../electron/backend/services/backups';
import { sample } from '../samples';
import type { Result } from '../../shared/api/contract';
import { childArgs } from '../support/childBundle';
import { call, freshBackend, rosterBackend, rosterDatabase, tmpDir, validId } from './helpers';

async function importPersons(b: Backend) {
  const r = await importFileForCli(b.ctx, { file: sample('persons-county-export.xlsx'), kind: 'persons', dryRun: false, allOrNothing: false });
  expect(r.summary?.inserted).toBe(3000);
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try { await p; } catch (e) { return e as { code: string; message: string }; }
  throw new Error('expected the call to fail');
}

const b64 = (file: string) => fs.readFileSync(file).toString('base64');

describe('备份与恢复 through dispatch', () => {
  let b: Backend;
  let first: Result<'backup.now'>;
  beforeAll(async () => {
    b = await rosterBackend();
    first = await call(b, 'backup.now', {});
  });

  it('立即备份 writes a named, verifiable file into <数据目录>/backups and the header learns the time', async () => {
    expect(first.name).toMatch(/^乐平镇-台账备份-\d{8}-\d{6}\.sqlite$/);
    expect(first).toMatchObject({ location: 'data', kind: 'manual', exists: true, dir: backupsDir(b.ctx) });
    expect(first.size).toBeGreaterThan(100_000);
    expect(fs.statSync(path.join(first.dir, first.name)).size).toBe(first.size);
    const info = await call(b, 'app.info', {});
    expect(info.lastBackupAt).toBe(first.at);
    const list = await call(b, 'backup.list', {});
    expect(list.files.map((f) => f.name)).toContain(first.name);
    expect(list.settings).toEqual({ autoBackup: true, keepDaily: 7, keepWeekly: 4 });
    const check = await call(b, 'backup.verify', { name: first.name });
    expect(check).toMatchObject({ ok: true, persons: 3000, township: '乐平镇', schemaVersion: migrations.length });
  });

  it('download gives the same bytes; names that are paths are refused', async () => {
    const d = await call(b, 'backup.download', { name: first.name });
    expect(Buffer.from(d.base64, 'base64').equals(fs.readFileSync(path.join(first.dir, first.name)))).toBe(true);
    for (const name of ['../ledger.sqlite', '..\\ledger.sqlite', '/etc/passwd', '.upload-x.sqlite', 'notes.txt']) {
      expect((await failure(call(b, 'backup.download', { name }))).code).toBe('VALIDATION');
    }
    expect((await failure(call(b, 'backup.verify', { name: 'gone.sqlite' }))).code).toBe('NOT_FOUND');
  });

  it('校验 of uploaded bytes: a half file and an Excel file are refused with the reason, and nothing is left behind', async () => {
    const bytes = fs.readFileSync(path.join(first.dir, first.name));
    const half = await call(b, 'backup.verify', { fileName: 'half.sqlite', base64: bytes.subarray(0, bytes.length >> 1).toString('base64') });
    expect(half).toMatchObject({ ok: false, fileName: 'half.sqlite' });
    expect(half.message).toMatch(/文件不完整/);
    const xlsx = await call(b, 'backup.verify', { fileName: '名单.xlsx', base64: b64(sample('persons-county-export.xlsx')) });
    expect(xlsx.message).toMatch(/不是台账备份文件/);
    expect(fs.readdirSync(backupsDir(b.ctx)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('恢复 checks first: a bad file changes nothing and takes no safety copy', async () => {
    const before = fs.readdirSync(backupsDir(b.ctx)).length;
    const e = await failure(call(b, 'backup.restore', { fileName: 'x.sqlite', base64: Buffer.from('SQLite format 3\0garbage').toString('base64') }));
    expect(e.code).toBe('BAD_FILE');
    expect(e.message).toMatch(/^不能恢复“x\.sqlite”/);
    expect(fs.readdirSync(backupsDir(b.ctx))).toHaveLength(before);
    expect((await call(b, 'stats.get', {})).persons).toBe(3000);
  });

  it('恢复 brings the data back, keeps the current data as 恢复前备份, keeps the backup log and records who did it', async () => {
    const { rows } = await call(b, 'persons.query', { limit: 2 });
    await call(b, 'persons.delete', { id: rows[0].id });
    await call(b, 'persons.update', { ...rows[1], name: '改过的名字' });
    expect((await call(b, 'stats.get', {})).persons).toBe(2999);

    const r = await call(b, 'backup.restore', { name: first.name });
    expect(r.restoredFrom).toBe(first.name);
    expect(r.safetyBackup.kind).toBe('before-restore');
    expect((await call(b, 'stats.get', {})).persons).toBe(3000);
    expect((await call(b, 'persons.get', { id: rows[1].id })).name).toBe(rows[1].name);

    // The copy taken before the restore holds the state that was replaced.
    const safety = new Database(path.join(r.safetyBackup.dir, r.safetyBackup.name), { readonly: true });
    expect((safety.prepare('SELECT name FROM persons WHERE id = ?').get(rows[1].id) as { name: string }).name).toBe('改过的名字');
    safety.close();

    const list = await call(b, 'backup.list', {});
    expect(list.files.map((f) => f.name)).toEqual(expect.arrayContaining([first.name, r.safetyBackup.name]));
    expect(list.lastBackupAt).toBe(r.safetyBackup.at);
    const log = await call(b, 'audit.query', { table: 'database', limit: 5 });
    expect(log.rows[0]).toMatchObject({ action: 'restore', tableLabel: '整个数据库', operator: '测试员' });
    expect(log.rows[0].summary).toContain(first.name);
    // The backend keeps working on the reopened file, and closes it.
    expect((await call(b, 'persons.query', { name: rows[1].name, limit: 5 })).total).toBeGreaterThan(0);
  });

  it('an older backup (before the safety tables) is migrated on restore, after a copy', async () => {
    const old = path.join(tmpDir(), 'old.sqlite');
    // The file a version-4 program (before the safety tables) wrote, holding the backup's roster.
    const o = new Database(old);
    migrate(o, null, migrations.slice(0, 4));
    o.pragma('foreign_keys = OFF'); // the batches the rows name are not copied
    o.prepare('ATTACH ? AS src').run(path.join(first.dir, first.name));
    // Only the columns a version-4 file has: later migrations added some (人编号 …).
    for (const t of ['villages', 'households', 'persons']) {
      const cols = (o.prepare(`SELECT name FROM pragma_table_info('${t}')`).all() as { name: string }[]).map((c) => c.name).join(', ');
      o.exec(`INSERT INTO ${t} (${cols}) SELECT ${cols} FROM src.${t}`);
    }
    o.exec('DETACH src');
    o.close();
    const r = await call(b, 'backup.restore', { fileName: 'old.sqlite', base64: b64(old) });
    expect(r.check.schemaVersion).toBe(4);
    expect((await call(b, 'app.info', {})).schemaVersion).toBe(migrations.length);
    expect((await call(b, 'stats.get', {})).persons).toBe(3000);
    expect((await call(b, 'persons.query', { name: (await call(b, 'persons.query', { limit: 1, offset: 0, deleted: false })).rows[0].name, limit: 5, offset: 0, deleted: false })).total).toBeGreaterThan(0);
    expect(fs.readdirSync(backupsDir(b.ctx)).some((n) => n.startsWith('before-migration-v4-'))).toBe(true);
    expect((await call(b, 'backup.list', {})).files.some((f) => f.name === first.name)).toBe(true);
  });

  it('refuses to swap while another process holds the database open, leaving the data as it was', async () => {
    const other = new Database(b.ctx.dbFile);
    other.prepare('SELECT count(*) FROM persons').get();
    try {
      const e = await failure(call(b, 'backup.restore', { name: first.name }));
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toMatch(/正被其他程序使用/);
    } finally { other.close(); }
    expect((await call(b, 'stats.get', {})).persons).toBe(3000);
  });
});

describe('the automatic backup of the day', () => {
  it('skips a never-changed database, runs once a day, and rotates to 7 daily + 4 weekly', async () => {
    const b = freshBackend();
    expect(await runDailyBackup(b.ctx, new Date(2026, 9, 1, 9, 0, 0))).toBeNull();
    await call(b, 'settings.update', { township: '乐平镇' });
    const day1 = await runDailyBackup(b.ctx, new Date(2026, 9, 1, 9, 0, 0));
    expect(day1).toMatchObject({ name: '乐平镇-自动备份-20261001-090000.sqlite', kind: 'auto' });
    expect(await runDailyBackup(b.ctx, new Date(2026, 9, 1, 17, 0, 0))).toBeNull();
    const manual = await call(b, 'backup.now', {});
    for (let i = 1; i < 60; i++) await runDailyBackup(b.ctx, new Date(2026, 9, 1 + i, 9, 0, 0));
    const autos = listBackups(b.ctx).filter((f) => f.kind === 'auto').map((f) => f.name.slice(9, 17));
    expect(autos).toEqual(['20261129', '20261128', '20261127', '20261126', '20261125', '20261124', '20261123', '20261122', '20261115', '20261108', '20261101']);
    expect(fs.existsSync(path.join(backupsDir(b.ctx), manual.name))).toBe(true); // rotation never touches 立即备份
  });

  it('is off when the setting says so; the settings are kept and audited', async () => {
    const b = freshBackend();
    await call(b, 'settings.update', { township: '乐平镇' });
    expect(await call(b, 'backup.updateSettings', { autoBackup: false, keepDaily: 3 })).toEqual({ autoBackup: false, keepDaily: 3, keepWeekly: 4 });
    expect(await runDailyBackup(b.ctx, new Date(2026, 9, 1, 9, 0, 0))).toBeNull();
    expect((await failure(call(b, 'backup.updateSettings', { keepDaily: 0 }))).code).toBe('VALIDATION');
    const log = await call(b, 'audit.query', { table: 'safety_settings', limit: 5 });
    expect(log.rows[0].summary).toContain('自动备份：是 → 否');
  });

  it('runs at start in the long-running modes and cleans up what a crash left', async () => {
    const dataDir = tmpDir();
    const first = openBackend({ dataDir, mode: 'test', operator: '测试员' });
    await call(first, 'settings.update', { township: '乐平镇' });
    first.close();
    fs.mkdirSync(path.join(dataDir, 'backups'));
    fs.writeFileSync(path.join(dataDir, '.ledger.sqlite.restore-1234abcd'), 'left by a crash');
    const b = openBackend({ dataDir, mode: 'browser', operator: '测试员' });
    try {
      for (let i = 0; i < 200 && !listBackups(b.ctx).some((f) => f.kind === 'auto'); i++) await new Promise((r) => setTimeout(r, 25));
      expect(listBackups(b.ctx).filter((f) => f.kind === 'auto')).toHaveLength(1);
      expect(fs.existsSync(path.join(dataDir, '.ledger.sqlite.restore-1234abcd'))).toBe(false);
      expect((await call(b, 'app.info', {})).lastBackupAt).not.toBeNull();
    } finally { b.close(); }
  });
});

describe('a crash in the middle of a backup', () => {
  it('leaves no half file under a backup name, the database intact, and the next backup cleans up', async () => {
    const dataDir = tmpDir(), target = tmpDir();
    await rosterDatabase(dataDir); // 3000 people: a backup of many pages
    const child = path.resolve(__dirname, 'safety-kill-backup.ts');
    const r = spawnSync(process.execPath, await childArgs(child, [dataDir, target]), { encoding: 'utf8' });
    expect(r.signal).toBe('SIGKILL');
    expect(r.stdout).toMatch(/inside backup: \d+ of \d+ pages/);
    expect(fs.readdirSync(target).filter((n) => n.endsWith('.sqlite'))).toEqual([]);
    expect(fs.readdirSync(target).some((n) => n.endsWith('.part'))).toBe(true);
    const b = openBackend({ dataDir, mode: 'test', operator: '测试员' });
    try {
      expect(b.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((await call(b, 'stats.get', {})).persons).toBe(3000);
      const f = await call(b, 'backup.now', {});
      expect((await call(b, 'backup.verify', { name: f.name })).ok).toBe(true);
    } finally { b.close(); }
    const { backupNow } = await import('../../electron/backend/services/backups');
    const again = openBackend({ dataDir, mode: 'test' });
    try { await backupNow(again.ctx, target); } finally { again.close(); }
    expect(fs.readdirSync(target).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('程序锁', () => {
  it('is off by default; once set it is asked at the next start, and while locked only unlocking is answered', async () => {
    const dataDir = tmpDir();
    const b = openBackend({ dataDir, mode: 'test', operator: '测试员' });
    expect(await call(b, 'lock.status', {})).toEqual({ enabled: false, locked: false, idleMinutes: 10 });
    expect((await failure(call(b, 'lock.set', { password: '12', idleMinutes: 5 }))).message).toMatch(/至少 4 位/);
    expect(await call(b, 'lock.set', { password: '乐平1234', idleMinutes: 5 })).toEqual({ enabled: true, locked: false, idleMinutes: 5 });
    const stored = b.ctx.db.prepare("SELECT value FROM safety_settings WHERE key = 'lock.hash'").get() as { value: string };
    expect(stored.value).toMatch(/^"scrypt\$/);
    expect(stored.value).not.toContain('乐平1234');
    b.close();

    const again = openBackend({ dataDir, mode: 'test', operator: '测试员' });
    try {
      expect(await call(again, 'lock.status', {})).toMatchObject({ enabled: true, locked: true });
      const e = await failure(call(again, 'persons.query', {}));
      expect(e).toMatchObject({ code: 'LOCKED', message: '程序已锁定，请输入程序锁密码解锁。' });
      expect((await failure(call(again, 'backup.download', { name: 'x.sqlite' }))).code).toBe('LOCKED');
      expect((await call(again, 'app.info', {})).township).toBe('');
      expect((await failure(call(again, 'lock.unlock', { password: 'wrong' }))).message).toBe('密码不正确，还可以再试 4 次。');
      expect(await call(again, 'lock.unlock', { password: '乐平1234' })).toMatchObject({ locked: false });
      expect((await call(again, 'persons.query', {})).total).toBe(0);

      // Idle: the page asks the backend to lock.
      expect(await call(again, 'lock.lock', {})).toMatchObject({ locked: true });
      for (let i = 0; i < 4; i++) await failure(call(again, 'lock.unlock', { password: 'wrong' }));
      expect((await failure(call(again, 'lock.unlock', { password: 'wrong' }))).message).toMatch(/已连续输错 5 次，请 30 秒后再试/);
      expect((await failure(call(again, 'lock.unlock', { password: '乐平1234' }))).message).toMatch(/秒后再试/);
      expect((await call(again, 'lock.status', {})).locked).toBe(true);
    } finally { again.close(); }

    // The CLI is never locked (whoever runs it holds the data folder), and lock-off is its way out.
    const cli = openBackend({ dataDir, mode: 'cli' });
    try {
      expect(await call(cli, 'lock.status', {})).toMatchObject({ enabled: true, locked: false });
      expect((await call(cli, 'stats.get', {})).persons).toBe(0);
    } finally { cli.close(); }
  });

  it('changing or turning off the lock needs the current password', async () => {
    const b = freshBackend();
    await call(b, 'lock.set', { password: 'abcd', idleMinutes: 10 });
    expect((await failure(call(b, 'lock.set', { password: 'efgh', idleMinutes: 10 }))).message).toMatch(/当前密码不正确/);
    expect(await call(b, 'lock.set', { password: 'efgh', idleMinutes: 15, currentPassword: 'abcd' })).toMatchObject({ idleMinutes: 15 });
    expect((await failure(call(b, 'lock.disable', { password: 'abcd' }))).code).toBe('VALIDATION');
    expect(await call(b, 'lock.disable', { password: 'efgh' })).toMatchObject({ enabled: false });
    expect((await failure(call(b, 'lock.lock', {}))).code).toBe('CONFLICT');
    const log = await call(b, 'audit.query', { table: 'safety_settings', limit: 10 });
    expect(log.rows.map((r) => r.summary).join('\n')).not.toMatch(/abcd|efgh|scrypt/);
  });
});

describe('操作日志', () => {
  let b: Backend;
  beforeAll(async () => {
    b = openBackend({ dataDir: tmpDir(), mode: 'test' }); // operator from the settings, as in the app
    await call(b, 'settings.update', { operator: '张会计' });
    const v = await call(b, 'villages.create', { name: '西关村', code: '140724100202' });
    const p = await call(b, 'persons.create', {
      idNo: validId('14072419850505123'), name: '王建国', villageId: v.id, householdNo: null, householdType: '脱贫户',
      monitorCategory: null, riskEliminated: null, exitYear: 2018, relation: '户主', laborSkill: null, phone: null,
    });
    await call(b, 'settings.update', { operator: '李主任' });
    await call(b, 'persons.update', { ...p, name: '王建军', phone: '13912345678' });
  });

  it('records who, when, what and shows field by field before → after', async () => {
    const { rows, total } = await call(b, 'audit.query', { limit: 100 });
    // Two settings, the village, the person and the household created with them (its own row), the update.
    expect(total).toBe(6);
    const upd = rows.find((r) => r.table === 'persons' && r.action === 'update')!;
    expect(upd).toMatchObject({ operator: '李主任', actionLabel: '修改', tableLabel: '人员' });
    expect(upd.changes).toEqual(expect.arrayContaining([
      { field: 'name', label: '姓名', before: '王建国', after: '王建军' },
      { field: 'phone', label: '电话', before: '', after: '13912345678' },
    ]));
    expect(upd.summary).toContain('姓名：王建国 → 王建军');
    expect(upd.at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const created = rows.find((r) => r.table === 'persons' && r.action === 'create')!;
    expect(created.operator).toBe('张会计');
    expect(created.summary).toContain('姓名：王建国');
  });

  it('filters by date, operator, table and action; facets list what is there', async () => {
    const today = (await call(b, 'audit.query', { limit: 1 })).rows[0].at.slice(0, 10);
    expect((await call(b, 'audit.query', { from: today, to: today, limit: 100 })).total).toBe(6);
    expect((await call(b, 'audit.query', { to: '2000-01-01', limit: 100 })).total).toBe(0);
    expect((await call(b, 'audit.query', { operator: '李主任', limit: 100 })).total).toBe(2);
    expect((await call(b, 'audit.query', { table: 'persons', action: 'create', limit: 100 })).total).toBe(1);
    const f = await call(b, 'audit.facets', {});
    expect(f.operators).toEqual(['张会计', '李主任']);
    expect(f.tables).toEqual(expect.arrayContaining([{ value: 'persons', label: '人员' }, { value: 'villages', label: '村' }]));
    expect(f.actions).toEqual(expect.arrayContaining([{ value: 'update', label: '修改' }]));
  });

  it('exports the filtered log as a workbook with a title, the filter and one row per entry', async () => {
    const out = await call(b, 'audit.export', { table: 'persons' });
    expect(out.fileName).toMatch(/操作日志-\d{8}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell('A1').value)).toContain('操作日志');
    expect(String(ws.getCell('A2').value)).toContain('对象 人员');
    expect(ws.getRow(3).values).toEqual([undefined, '序号', '时间', '操作员', '操作类型', '对象', '涉及', '导入批次', '内容']);
    expect(String(ws.getCell('F4').value)).toMatch(/^王建/);
    expect(ws.getCell('C4').value).toBe('李主任');
    expect(ws.getCell('D4').value).toBe('修改');
    expect(String(ws.getCell('H4').value)).toContain('姓名：王建国 → 王建军');
    expect(ws.getRow(6).getCell(1).value).toBeNull();
  });

  it('ties the rows of an import to its batch', async () => {
    const i = freshBackend();
    await importPersons(i);
    const batch = (await call(i, 'import.batches', {}))[0];
    const rows = await call(i, 'audit.query', { batchId: batch.id, limit: 10 });
    expect(rows.rows[0]).toMatchObject({ action: 'import', batchId: batch.id, tableLabel: '导入批次' });
    expect(rows.rows[0].summary).toContain('persons-county-export.xlsx');
  });
});

describe('automatic backup at start', () => {
  it('says nothing when the app closes before the first backup of the day has run', async () => {
    const b = openBackend({ dataDir: tmpDir(), mode: 'test', operator: '测试员' });
    const lines: string[] = [];
    const stop = startSafety(b.ctx, { autoBackup: true, log: (l) => lines.push(l) });
    stop();
    b.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(lines).toEqual([]);
  });

  it('still reports a backup that fails while the app runs', async () => {
    const b = openBackend({ dataDir: tmpDir(), mode: 'test', operator: '测试员' });
    const lines: string[] = [];
    b.ctx.db.close(); // the backup cannot read the database
    const stop = startSafety(b.ctx, { autoBackup: true, log: (l) => lines.push(l) });
    // Waits for the report itself (up to 10 s), not a fixed pause.
    for (let i = 0; i < 400 && !lines.some((l) => l.includes('自动备份失败')); i++) await new Promise((r) => setTimeout(r, 25));
    stop();
    expect(lines.join('\n')).toMatch(/自动备份失败/);
  });
});
