/**
 * The CLI and the browser-mode server run from an esbuild bundle (scripts/build-node.mjs), not
 * through tsx. Built here from a copy of the sources, so that editing a source to check the
 * staleness rule never touches the working tree: the bundle answers with JSON only on stdout,
 * finds its worker threads (.xls and .xlsx readers) beside itself, and is stale exactly when a
 * source file changed, appeared or went away.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sample } from '../samples';
import { ROOT } from '../support/cli';
import { tmpDir } from './helpers';

// A plain .mjs script: imported through a variable so the type checker does not look for typings.
const buildScript = '../../scripts/build-node.mjs';
type BuildNode = {
  buildNode(o: { root: string; outdir: string }): Promise<{ cli: string; web: string }>;
  isStale(o: { root: string; outdir: string }): string | null;
  ensureNodeBuilt(o: { root: string; outdir: string; log: (s: string) => void }): Promise<boolean>;
  workerEntries(root: string): Record<string, string>;
};

let root: string, outdir: string, m: BuildNode;

beforeAll(async () => {
  m = await import(buildScript);
  root = tmpDir('ledger-bundle-src-');
  for (const d of ['electron', 'shared']) fs.cpSync(path.join(ROOT, d), path.join(root, d), { recursive: true });
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json']) fs.copyFileSync(path.join(ROOT, f), path.join(root, f));
  fs.mkdirSync(path.join(root, 'scripts'));
  fs.copyFileSync(path.join(ROOT, 'scripts', 'build-node.mjs'), path.join(root, 'scripts', 'build-node.mjs'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  outdir = path.join(root, 'dist-node');
  await m.buildNode({ root, outdir });
}, 180_000);

const node = (bundle: string, args: string[]) => spawnSync(process.execPath, [bundle, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

describe('the bundled CLI', () => {
  it('prints only JSON on stdout with --json, and exits 0', () => {
    const r = node(path.join(outdir, 'cli.cjs'), ['stats', '--json', '--data', tmpDir()]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ persons: 0, households: 0, villages: 0 });
  });

  it('reads .xls and .xlsx through the worker scripts built beside it', () => {
    expect(Object.keys(m.workerEntries(root))).toContain('xls-worker');
    for (const w of Object.keys(m.workerEntries(root))) expect(fs.existsSync(path.join(outdir, `${w}.cjs`)), w).toBe(true);
    // The same 花名册 in both formats, checked without writing (--dry-run): both readers ran and agree.
    const read = (file: string) => {
      const r = node(path.join(outdir, 'cli.cjs'), ['import', sample(file), '--kind', 'post-library', '--dry-run', '--json', '--data', tmpDir()]);
      expect(r.stdout, r.stderr).not.toBe('');
      return JSON.parse(r.stdout) as { rows: number; refused?: boolean };
    };
    const xls = read('posts-roster-township.xls'), xlsx = read('posts-roster-township.xlsx');
    expect(xls.refused).toBeUndefined();
    expect(xls.rows).toBeGreaterThan(100);
    expect(xlsx.rows).toBe(xls.rows);
  });

  it('is stale exactly when a source file changed or was added, or a bundle file is missing', async () => {
    expect(m.isStale({ root, outdir })).toBeNull();
    const said: string[] = [];
    expect(await m.ensureNodeBuilt({ root, outdir, log: (s) => said.push(s) })).toBe(false);
    expect(said).toEqual([]);
    const file = path.join(root, 'shared', 'dates.ts');
    const before = fs.readFileSync(file, 'utf8');
    fs.appendFileSync(file, '\n// edited\n');
    expect(m.isStale({ root, outdir })).toBe('源代码有改动');
    fs.writeFileSync(file, before); // same content, new mtime: still a change as far as the cheap check goes
    expect(m.isStale({ root, outdir })).toBe('源代码有改动');
    fs.rmSync(file);
    expect(m.isStale({ root, outdir })).toBe('源代码有改动');
    fs.writeFileSync(path.join(root, 'electron', 'new-module.ts'), 'export const x = 1;\n');
    expect(m.isStale({ root, outdir })).toBe('源代码有改动');
    fs.rmSync(path.join(outdir, 'cli.cjs'));
    expect(m.isStale({ root, outdir })).toBe('缺少 cli.cjs');
  });
});
