#!/usr/bin/env node
/**
 * `npm start [-- --data DIR ...]`
 *
 * With the Electron runtime installed (optionalDependency `electron`): bundles main/preload into
 * dist-electron/, builds the UI if dist/renderer is missing, makes sure a better-sqlite3 binary for
 * Electron's ABI exists in .electron-native/ (built there on demand; node_modules/better-sqlite3
 * stays in Node's ABI for tests and the CLI) and launches Electron with it.
 *
 * Without it: says so in one line and starts the browser mode (electron/web.ts, bundled into
 * dist-node/ by scripts/build-node.mjs), passing the arguments through.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NATIVE_DIR = path.join(ROOT, '.electron-native');
const require = createRequire(path.join(ROOT, 'package.json'));

export const FALLBACK_LINE = '未安装 Electron 运行环境（可选依赖 electron 的程序文件不在本机），改用浏览器模式启动。';

/** The Electron binary and version, or null when the optional dependency is not installed. */
export function detectElectron() {
  try {
    const bin = require('electron');
    if (typeof bin !== 'string' || !fs.existsSync(bin)) return null;
    const version = require('electron/package.json').version;
    return { path: bin, version };
  } catch {
    return null;
  }
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status === 0;
}

function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(ROOT, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((p) => p && fs.existsSync(p)) ?? null;
}

/**
 * Returns the path of better_sqlite3.node built for the given Electron, building it in
 * .electron-native/better-sqlite3 (a copy of node_modules/better-sqlite3) when missing or stale.
 */
export function ensureElectronNative(electron, { arch = process.arch, platform = process.platform, log = console.log, nativeDir = NATIVE_DIR } = {}) {
  const src = path.dirname(require.resolve('better-sqlite3/package.json'));
  const bs3Version = JSON.parse(fs.readFileSync(path.join(src, 'package.json'), 'utf8')).version;
  const dest = path.join(nativeDir, 'better-sqlite3');
  const binding = path.join(dest, 'build', 'Release', 'better_sqlite3.node');
  const stampFile = path.join(nativeDir, 'better-sqlite3.stamp.json');
  const want = { electron: electron.version, betterSqlite3: bs3Version, platform, arch };
  try {
    const have = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    if (fs.existsSync(binding) && JSON.stringify(have) === JSON.stringify(want)) return binding;
  } catch { /* no stamp yet */ }

  log(`正在为 Electron ${electron.version} 编译 better-sqlite3（仅首次，需要联网下载头文件）…`);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.rmSync(stampFile, { force: true });
  fs.mkdirSync(nativeDir, { recursive: true });
  const srcBuild = path.join(src, 'build');
  fs.cpSync(src, dest, { recursive: true, filter: (p) => p !== srcBuild && !p.startsWith(srcBuild + path.sep) });

  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  // 1) A prebuilt binary for this Electron, if the machine can reach it.
  let prebuild = null;
  try { prebuild = path.join(path.dirname(require.resolve('prebuild-install/package.json')), 'bin.js'); } catch { /* not installed */ }
  let ok = !!prebuild && fs.existsSync(prebuild) && run(process.execPath, [prebuild, '--runtime=electron', `--target=${electron.version}`, `--arch=${arch}`, `--platform=${platform}`], { cwd: dest, env });
  // 2) Otherwise compile against Electron's headers.
  if (!ok || !fs.existsSync(binding)) {
    const gyp = findNodeGyp();
    if (!gyp) throw new Error('找不到 node-gyp（随 npm 提供），无法为 Electron 编译 better-sqlite3。');
    ok = run(process.execPath, [gyp, 'rebuild', '--release', `--target=${electron.version}`, `--arch=${arch}`,
      '--dist-url=https://electronjs.org/headers', `--devdir=${path.join(nativeDir, 'gyp')}`], { cwd: dest, env });
  }
  if (!ok || !fs.existsSync(binding)) throw new Error('为 Electron 编译 better-sqlite3 失败（需要联网下载 Electron 头文件或预编译包，以及 C++ 编译工具和 Python，见 build/README.md）。');
  // Check that Electron's own Node can load it.
  const check = spawnSync(electron.path, ['-e', `require(${JSON.stringify(binding)})`], { env: { ...env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'pipe' });
  if (check.status !== 0) throw new Error(`编译出的 better-sqlite3 无法在 Electron 中加载：${String(check.stderr).trim()}`);
  fs.writeFileSync(stampFile, JSON.stringify(want, null, 2) + '\n');
  return binding;
}

/** Builds the UI into dist/renderer when it is not there yet. */
export async function ensureUiBuilt() {
  if (fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) return;
  console.log('首次运行：正在构建界面（约半分钟）…');
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

/** Runs a child with our stdio, forwards termination signals, and exits with its code. */
function supervise(child) {
  const forward = (sig) => { if (child.exitCode === null) child.kill(sig); };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (e) => { console.error(`启动失败：${e.message}`); process.exit(1); });
}

export function startBrowserMode(args) {
  console.log(FALLBACK_LINE);
  // The bundled server (dist-node/web.cjs), rebuilt first when a source file changed.
  supervise(spawn(process.execPath, [path.join(ROOT, 'scripts', 'run.mjs'), 'web', ...args], { cwd: ROOT, stdio: 'inherit' }));
}

export async function startElectron(electron, args) {
  const { buildElectron } = await import('./build-electron.mjs');
  await buildElectron();
  await ensureUiBuilt();
  const binding = ensureElectronNative(electron);
  const env = { ...process.env, LEDGER_NATIVE_BINDING: binding };
  delete env.ELECTRON_RUN_AS_NODE;
  supervise(spawn(electron.path, ['.', ...args], { cwd: ROOT, stdio: 'inherit', env }));
}

async function main() {
  const args = process.argv.slice(2);
  const electron = process.env.LEDGER_FORCE_BROWSER ? null : detectElectron();
  if (!electron) return startBrowserMode(args);
  return startElectron(electron, args);
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  main().catch((e) => { console.error(`启动失败：${e instanceof Error ? e.message : e}`); process.exit(1); });
}
