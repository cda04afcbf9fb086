import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBackend } from '../../electron/backend/index';
import { cliArgs } from '../support/cli';
import { call, tmpDir } from './helpers';

// Issue 19: the ledger holds people's ID numbers; on Linux its folder is 0700 and the database,
// backups and what the CLI exports are 0600 (a Windows profile folder is private already).

const mode = (f: string) => fs.statSync(f).mode & 0o777;
const cli = (dataDir: string, ...args: string[]) => spawnSync(process.execPath, cliArgs([...args, '--data', dataDir]), { encoding: 'utf8', env: { ...process.env } });

describe.skipIf(process.platform === 'win32')('private files', () => {
  it('an existing 0755 data folder and 0644 database are made private at open; backups are 0600', async () => {
    const dir = path.join(tmpDir(), 'data');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    let b = openBackend({ dataDir: dir, mode: 'test', operator: '测试员' });
    b.close();
    fs.chmodSync(path.join(dir, 'ledger.sqlite'), 0o644);
    fs.chmodSync(path.join(dir, 'search-index.sqlite'), 0o644); // names and ID numbers in grams
    fs.chmodSync(dir, 0o755);
    b = openBackend({ dataDir: dir, mode: 'test', operator: '测试员' });
    try {
      await call(b, 'settings.update', { township: '乐平镇' });
      await call(b, 'persons.query', { name: '王', limit: 10, offset: 0, deleted: false }); // writes the search index
      expect(mode(dir)).toBe(0o700);
      const files = fs.readdirSync(dir).filter((n) => n.startsWith('ledger.sqlite') || n.startsWith('search-index.sqlite'));
      expect(files).toContain('search-index.sqlite');
      for (const f of files) expect(mode(path.join(dir, f)), f).toBe(0o600);
      const f = await call(b, 'backup.now', {});
      expect(mode(f.dir)).toBe(0o700);
      expect(mode(path.join(f.dir, f.name))).toBe(0o600);
      expect(mode(path.join(f.dir, `${f.name}.sha256`))).toBe(0o600);
    } finally { b.close(); }
  });

  it('the CLI creates the data folder 0700 and writes the database, a backup and an export 0600', () => {
    const root = tmpDir();
    fs.chmodSync(root, 0o755);
    const data = path.join(root, 'data'), out = path.join(root, 'usb');
    expect(cli(data, 'stats').status).toBe(0);
    expect(mode(data)).toBe(0o700);
    expect(mode(path.join(data, 'ledger.sqlite'))).toBe(0o600);
    expect(cli(data, 'backup', out).status).toBe(0);
    for (const n of fs.readdirSync(out)) expect(mode(path.join(out, n)), n).toBe(0o600);
    const xlsx = path.join(root, '名单.xlsx');
    const r = cli(data, 'export', 'persons', xlsx);
    expect(r.status, r.stderr).toBe(0);
    expect(mode(xlsx)).toBe(0o600);
  });
});
