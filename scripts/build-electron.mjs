#!/usr/bin/env node
/**
 * Bundles the Electron main process and the preload with esbuild into dist-electron/ (CommonJS).
 * `electron` and `better-sqlite3` (native) stay external; every other dependency is bundled, so at
 * run time main.js needs nothing from node_modules but better-sqlite3.
 *
 *   node scripts/build-electron.mjs [--outdir DIR] [--no-sourcemap]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EXTERNAL = ['electron', 'better-sqlite3'];

/** @param {{ outdir?: string, sourcemap?: boolean, logLevel?: string }} [opts] */
export async function buildElectron(opts = {}) {
  const { build } = await import('esbuild');
  const outdir = path.resolve(opts.outdir ?? path.join(ROOT, 'dist-electron'));
  fs.mkdirSync(outdir, { recursive: true });
  // The root package.json says "type": "module"; these bundles are CommonJS. Name and version are
  // repeated so that a package.json lookup from the bundle finds the app's own version.
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(outdir, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, private: true, type: 'commonjs' }, null, 2) + '\n');
  const common = {
    bundle: true,
    format: /** @type {const} */ ('cjs'),
    external: EXTERNAL,
    sourcemap: opts.sourcemap ?? true,
    logLevel: /** @type {any} */ (opts.logLevel ?? 'warning'),
    legalComments: /** @type {const} */ ('none'),
    absWorkingDir: ROOT,
    tsconfig: path.join(ROOT, 'tsconfig.json'),
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: { main: path.join(ROOT, 'electron', 'main.ts') },
      outdir,
      platform: 'node',
      target: 'node20',
      // Modules written as ESM read import.meta.url; give them the bundle's own file URL.
      define: { 'import.meta.url': '__ledgerImportMetaUrl' },
      // "use strict" first: a directive only counts at the very top of the file.
      banner: { js: "\"use strict\";\nconst __ledgerImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
    }),
    // The readers run in worker threads (a damaged or crafted file can loop or exhaust them), and a large
    // import's search index is built in one: ship them bundled beside main.js, where devBundle.workerScript
    // looks for them (new URL('./…', import.meta.url)).
    build({
      ...common,
      entryPoints: {
        'read-worker': path.join(ROOT, 'electron', 'backend', 'import', 'read-worker.ts'),
        'xls-worker': path.join(ROOT, 'electron', 'backend', 'import', 'xls-worker.cjs'),
        'search-worker': path.join(ROOT, 'electron', 'backend', 'services', 'search-worker.ts'),
      },
      outdir,
      outExtension: { '.js': '.cjs' },
      platform: 'node',
      target: 'node20',
    }),
    build({
      ...common,
      entryPoints: { preload: path.join(ROOT, 'electron', 'preload.ts') },
      outdir,
      // Sandboxed preload: only require('electron') is available, no Node built-ins.
      platform: 'browser',
      target: 'chrome120',
    }),
  ]);
  return { outdir, main: path.join(outdir, 'main.js'), preload: path.join(outdir, 'preload.js') };
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const args = process.argv.slice(2);
  const oi = args.indexOf('--outdir');
  buildElectron({ outdir: oi >= 0 ? args[oi + 1] : undefined, sourcemap: !args.includes('--no-sourcemap') })
    .then((r) => console.log(`已生成 ${path.relative(ROOT, r.main)} 和 ${path.relative(ROOT, r.preload)}`))
    .catch((e) => { console.error(`构建 Electron 主进程失败：${e instanceof Error ? e.message : e}`); process.exit(1); });
}
