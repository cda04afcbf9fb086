#!/usr/bin/env node
/**
 * Bundles the CLI (electron/cli.ts) and the browser-mode server (electron/web.ts) with esbuild into
 * dist-node/ (CommonJS, like the Electron main in scripts/build-electron.mjs), with every worker
 * script (electron/**\/*-worker.{ts,cjs}) beside them as <name>-worker.cjs, where the code's
 * `new URL('./<name>-worker.cjs', import.meta.url)` finds it. better-sqlite3 (native) and vite (only
 * for building a missing UI) stay external.
 *
 * Why: through tsx every CLI call spent ~2 s transpiling before doing anything; county IT scripts
 * call the CLI hundreds of times. `npm install` builds the bundle (postinstall); `npm run cli`,
 * `npm run web` and `npm start` rebuild it first when a source file changed (see isStale).
 *
 *   node scripts/build-node.mjs [--if-stale] [--quiet] [--sourcemap] [--postinstall]
 *
 * --postinstall: a failed build is reported but does not fail `npm install` (an install without
 * dev dependencies has no esbuild; `npm run cli` then says what is missing).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = path.join(ROOT, 'dist-node');
export const ENTRIES = { cli: 'electron/cli.ts', web: 'electron/web.ts' };
const STAMP = 'build-stamp.json';
/** What the bundles are made of: a change to any of these makes them stale. */
const SOURCE_DIRS = ['electron', 'shared'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build-node.mjs'];

function walk(dir, out) {
  let entries;
  try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return out; }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Every source file with its mtime and size: cheap to take (~120 stat calls), exact enough to notice any edit. */
export function sourceState(root = ROOT) {
  const files = [...SOURCE_DIRS.flatMap((d) => walk(path.join(root, d), [])), ...SOURCE_FILES.map((f) => path.join(root, f))];
  const state = {};
  for (const f of files.sort()) {
    try { const s = fs.statSync(f); state[path.relative(root, f).split(path.sep).join('/')] = `${s.mtimeMs}:${s.size}`; } catch { /* optional file */ }
  }
  return state;
}

/** Worker scripts the backend starts with new Worker(new URL('./<name>-worker.cjs', import.meta.url)). */
export function workerEntries(root = ROOT) {
  const entries = {};
  for (const f of walk(path.join(root, 'electron'), [])) {
    const m = /^(.+-worker)\.(ts|cjs|mjs|js)$/.exec(path.basename(f));
    if (m) entries[m[1]] = f;
  }
  return entries;
}

function readStamp(outdir) {
  try { return JSON.parse(fs.readFileSync(path.join(outdir, STAMP), 'utf8')); } catch { return null; }
}

/**
 * Why the bundle must be (re)built, or null when it is current: missing files, another Node, or
 * any source file added, removed or changed (mtime or size) since the last build.
 */
export function isStale({ root = ROOT, outdir = OUT_DIR } = {}) {
  const stamp = readStamp(outdir);
  if (!stamp) return '尚未构建';
  for (const name of [...Object.keys(ENTRIES).map((e) => `${e}.cjs`), ...stamp.workers.map((w) => `${w}.cjs`)]) {
    if (!fs.existsSync(path.join(outdir, name))) return `缺少 ${name}`;
  }
  if (stamp.node !== process.versions.modules) return 'Node 版本变了';
  const now = sourceState(root);
  const a = Object.keys(now), b = Object.keys(stamp.sources);
  if (a.length !== b.length || a.some((k) => stamp.sources[k] !== now[k])) return '源代码有改动';
  return null;
}

/**
 * Builds into a fresh temporary folder beside dist-node and moves the files in one by one, stamp
 * last: a CLI call running at the same moment loads either the old or the new bundle, and a build
 * that fails leaves the old one in place.
 */
export async function buildNode({ root = ROOT, outdir = OUT_DIR, sourcemap = false, logLevel = 'warning' } = {}) {
  const { build } = await import('esbuild');
  const before = sourceState(root);
  const tmp = fs.mkdtempSync(path.join(path.dirname(outdir), `.${path.basename(outdir)}-`));
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    // The root package.json says "type": "module"; these bundles are CommonJS. Name and version are
    // repeated so that the backend's package.json lookup finds the app's own version.
    fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, private: true, type: 'commonjs' }, null, 2) + '\n');
    const common = {
      bundle: true, format: 'cjs', platform: 'node', target: 'node20', outdir: tmp, absWorkingDir: root,
      external: ['better-sqlite3', 'electron', 'vite'], sourcemap, logLevel, legalComments: 'none',
      tsconfig: path.join(root, 'tsconfig.json'), outExtension: { '.js': '.cjs' },
      // Less to read and deserialize per CLI call; names kept so stack traces stay readable.
      minifyWhitespace: true, minifySyntax: true, keepNames: true,
    };
    const workers = workerEntries(root);
    await Promise.all([
      build({
        ...common,
        entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, path.join(root, v)])),
        // Modules written as ESM read import.meta.url (worker files, ROOT); give them the bundle's own file URL.
        define: { 'import.meta.url': '__ledgerImportMetaUrl' },
        banner: { js: "\"use strict\";\nconst __ledgerImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
      }),
      Object.keys(workers).length ? build({
        ...common,
        entryPoints: workers,
        define: { 'import.meta.url': '__ledgerImportMetaUrl' },
        banner: { js: "const __ledgerImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
      }) : null,
    ]);
    const hash = crypto.createHash('sha256');
    for (const f of fs.readdirSync(tmp).sort()) hash.update(f).update(fs.readFileSync(path.join(tmp, f)));
    fs.writeFileSync(path.join(tmp, STAMP), JSON.stringify({
      node: process.versions.modules, workers: Object.keys(workers).sort(), hash: hash.digest('hex'), sources: before,
    }, null, 1) + '\n');
    fs.mkdirSync(outdir, { recursive: true });
    fs.rmSync(path.join(outdir, STAMP), { force: true });
    const built = fs.readdirSync(tmp).filter((f) => f !== STAMP);
    for (const f of built) fs.renameSync(path.join(tmp, f), path.join(outdir, f));
    // Leftovers of an earlier build (a removed worker, source maps); dot files are caches run.mjs keys itself.
    for (const f of fs.readdirSync(outdir)) if (!f.startsWith('.') && f !== STAMP && !built.includes(f)) fs.rmSync(path.join(outdir, f), { force: true });
    fs.renameSync(path.join(tmp, STAMP), path.join(outdir, STAMP));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { outdir, cli: path.join(outdir, 'cli.cjs'), web: path.join(outdir, 'web.cjs') };
}

/** Rebuilds when stale; says so on stderr only (stdout belongs to the CLI's JSON). */
export async function ensureNodeBuilt({ root = ROOT, outdir = OUT_DIR, log = (s) => process.stderr.write(`${s}\n`) } = {}) {
  const why = isStale({ root, outdir });
  if (!why) return false;
  const t0 = Date.now();
  await buildNode({ root, outdir });
  log(`已重新构建命令行和浏览器模式（${why}，${((Date.now() - t0) / 1000).toFixed(1)} 秒）`);
  return true;
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const args = process.argv.slice(2);
  const quiet = args.includes('--quiet');
  const job = args.includes('--if-stale')
    ? ensureNodeBuilt({ log: quiet ? () => {} : undefined })
    : buildNode({ sourcemap: args.includes('--sourcemap') }).then(() => { if (!quiet) process.stderr.write(`已生成 ${path.relative(ROOT, OUT_DIR)}/cli.cjs 和 web.cjs\n`); });
  job.catch((e) => {
    process.stderr.write(`构建命令行失败：${e instanceof Error ? e.message : e}\n`);
    process.exit(args.includes('--postinstall') ? 0 : 1);
  });
}
