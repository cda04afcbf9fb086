#!/usr/bin/env node
/**
 * Release packaging: `npm run dist:win` / `npm run dist:linux` (= `node scripts/package-electron.mjs
 * --win` or `--linux`; extra arguments go to electron-builder, the pinned devDependency).
 *
 * 1. bundles main/preload (no source maps) and builds the UI fresh;
 * 2. runs electron-builder with build/electron-builder.yml. Its npmRebuild recompiles
 *    node_modules/better-sqlite3 IN PLACE for Electron's ABI — so this script first saves the
 *    Node build and puts it back afterwards (even when packaging fails), leaving node_modules
 *    usable for tests, the CLI and the browser mode.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));

/** The pinned devDependency: a release is built by the version in package-lock.json, never whatever a registry serves that day. */
function electronBuilderCommand() {
  let pkg;
  try { pkg = require.resolve('electron-builder/package.json'); } catch {
    throw new Error('找不到 electron-builder（开发依赖）。请先在项目目录运行 npm ci。');
  }
  return [process.execPath, [path.join(path.dirname(pkg), 'cli.js')]];
}

function nodeBindingLoads() {
  const r = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: ROOT, stdio: 'pipe' });
  return r.status === 0;
}

async function main() {
  const args = process.argv.slice(2);
  if (!args.some((a) => ['--win', '--windows', '--linux', '-w', '-l'].includes(a))) {
    console.error('用法：node scripts/package-electron.mjs --win | --linux [electron-builder 参数]');
    process.exit(2);
  }
  await buildElectron({ sourcemap: false });
  console.log('正在构建界面…');
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });

  const bs3 = path.dirname(require.resolve('better-sqlite3/package.json'));
  const nodeBuild = path.join(bs3, 'build');
  const saved = path.join(ROOT, '.electron-native', 'node-abi-build');
  fs.rmSync(saved, { recursive: true, force: true });
  if (fs.existsSync(nodeBuild)) fs.cpSync(nodeBuild, saved, { recursive: true });

  let status = 1;
  try {
    const [cmd, pre] = electronBuilderCommand();
    const r = spawnSync(cmd, [...pre, '--config', path.join('build', 'electron-builder.yml'), ...args], {
      cwd: ROOT, stdio: 'inherit',
    });
    status = r.status ?? 1;
  } finally {
    if (fs.existsSync(saved)) {
      fs.rmSync(nodeBuild, { recursive: true, force: true });
      fs.cpSync(saved, nodeBuild, { recursive: true });
      fs.rmSync(saved, { recursive: true, force: true });
    }
    if (!nodeBindingLoads()) {
      console.error('警告：node_modules/better-sqlite3 已不是 Node 版本，请运行 npm rebuild better-sqlite3。');
    }
  }
  if (status === 0) console.log('安装包已生成：dist/release/');
  process.exit(status);
}

main().catch((e) => { console.error(`打包失败：${e instanceof Error ? e.message : e}`); process.exit(1); });
