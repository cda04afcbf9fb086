import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliArgs, runCliInProcess } from '../support/cli';
import { tmpDir } from './helpers';
import { sample } from '../samples';

/**
 * The bundled CLI starts an import's reader thread before it opens the ledger (read.readEarly), and
 * the import takes that thread over; from source (runCliInProcess) there is no early thread. The
 * same files through both must give the same result, and an import refused before or while reading
 * must still end the process with its message.
 */
const bundled = (args: string[]) => {
  const r = spawnSync(process.execPath, cliArgs(args), { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const summary = (json: string) => { const s = JSON.parse(json) as Record<string, unknown>; delete s.batchId; return s; };

describe('CLI import with its reader thread started early', () => {
  it.each([
    ['persons-county-export.xlsx', 'persons'],
    ['persons-gbk.csv', 'persons'],
    ['persons-county-export.xls', 'persons'],
    ['microloans-ledger.xlsx', 'loans'],
  ])('%s imports as it does without the early thread', async (file, kind) => {
    const early = bundled(['import', sample(file), '--kind', kind, '--json', '--data', tmpDir()]);
    const plain = await runCliInProcess(['import', sample(file), '--kind', kind, '--json', '--data', tmpDir()]);
    expect(early.status).toBe(plain.status);
    expect(summary(early.stdout)).toEqual(summary(plain.stdout));
    expect((summary(early.stdout) as { inserted: number }).inserted).toBeGreaterThan(0);
  });

  it('a file refused while reading, a missing file and an unknown kind end the process with the same message', async () => {
    const dir = tmpDir();
    const fake = path.join(dir, '名单.xlsx');
    fs.writeFileSync(fake, '姓名,身份证号\n张三,140724198309180818\n');
    for (const args of [['import', fake, '--kind', 'persons'], ['import', path.join(dir, '没有这个文件.xlsx')], ['import', sample('persons-county-export.xlsx'), '--kind', 'nosuch']]) {
      const early = bundled([...args, '--data', tmpDir()]);
      const plain = await runCliInProcess([...args, '--data', tmpDir()]);
      expect(early.status).toBe(2);
      expect(early.status).toBe(plain.status);
      expect(early.stderr.trim().split('\n').pop()).toBe(plain.stderr.trim().split('\n').pop());
    }
  });
});
