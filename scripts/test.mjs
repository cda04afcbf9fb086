#!/usr/bin/env node
// `npm test`: type check and import-boundary lint, the builds (UI, Electron main, CLI/server bundle),
// electronegativity on the built app, unit + integration (+ electron where the binary exists), then
// the browser e2e suite in Debian's Chromium (side by side with vitest where there are 4+ cores).
// Prints each stage's time, then one closing line "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { E2E_BROWSERS, e2eBrowser } from './e2e-browser.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bin = (n) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${n}.cmd` : n);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-test-report-'));
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
/** Runs commands side by side (the type checks are single-threaded; the machine has two cores). */
const runAll = (cmds) => Promise.all(cmds.map(([cmd, args]) => new Promise((resolve) => {
  const p = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
  p.on('exit', (code) => resolve(code ?? 1));
  p.on('error', () => resolve(1));
})));

const started = Date.now();
let passed = 0, failed = 0, skipped = 0;
const problems = [];
const times = [];
async function stage(title, fn) {
  console.log(`== ${title}`);
  const t0 = Date.now();
  try { return await fn(); } finally { times.push([title, Date.now() - t0]); }
}

await stage('类型检查、导入边界 / type check + lint', async () => {
  // Three programs: backend/tests/scripts with Node types, the UI without them (a sandboxed page has
  // no process/Buffer/require), shared/ with no environment at all. Lint: renderer ↛ node/electron,
  // backend ↛ electron, shared pure.
  const [a, b, c, lint] = await runAll([
    [bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
    [bin('tsc'), ['-p', 'renderer/tsconfig.json', '--noEmit']],
    [bin('tsc'), ['-p', 'shared/tsconfig.json', '--noEmit']],
    [bin('eslint'), ['--max-warnings', '0', 'renderer/src', 'shared', 'electron/backend']],
  ]);
  if (a || b || c) { failed++; problems.push('type check'); }
  if (lint) { failed++; problems.push('lint'); }
});

// Built once, here: the e2e global setup is told to skip its own UI build (E2E_SKIP_BUILD), and the
// browser-mode server and CLI that tests start run from the fresh dist-node bundle.
const built = await stage('构建 / build (UI, Electron main, CLI + server bundle)', () => {
  const ui = run(bin('vite'), ['build', '--logLevel', 'warn']) === 0;
  if (!ui) { failed++; problems.push('vite build'); }
  const electron = run(process.execPath, ['scripts/build-electron.mjs']) === 0;
  if (!electron) { failed++; problems.push('build-electron'); }
  const node = run(process.execPath, ['scripts/build-node.mjs', '--if-stale']) === 0;
  if (!node) { failed++; problems.push('build-node'); }
  return { ui, electron, node };
});

/** One command, asynchronously (so two stages can run side by side); resolves with its exit code. */
const runAsync = (cmd, args, env = {}) => new Promise((resolve) => {
  const p = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  p.on('exit', (code) => resolve(code ?? 1));
  p.on('error', () => resolve(1));
});

const vitestStage = () => stage('单元、集成测试 / unit + integration (vitest)', async () => {
  const vjson = path.join(out, 'vitest.json');
  await runAsync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vjson}`]);
  if (fs.existsSync(vjson)) {
    const r = JSON.parse(fs.readFileSync(vjson, 'utf8'));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    if (r.numFailedTests || !r.success) problems.push('vitest');
  } else { failed++; problems.push('vitest did not report'); }
});

// What Electron loads (bundled main/preload + built renderer) is scanned; any finding not explained
// in build/electronegativity-allow.json fails the run.
await stage('Electron 安全扫描 / electronegativity (dist-electron + dist/renderer)', () => {
  if (!built.ui || !built.electron) { failed++; problems.push('electronegativity: build failed'); }
  else if (run(process.execPath, ['scripts/electronegativity.mjs']) !== 0) { failed++; problems.push('electronegativity'); }
});

const e2eStage = async () => {
  if (!e2eBrowser()) {
    console.log(`\n缺少 Chromium（${process.env.LEDGER_E2E_BROWSER || E2E_BROWSERS.join(' 或 ')}），无法运行界面测试。请先安装：sudo apt-get install -y chromium fonts-noto-cjk poppler-utils（可再装 chromium-headless-shell，测试更快）`);
    failed++; problems.push('e2e: chromium missing');
    return;
  }
  if (!built.ui || !built.node) return;
  await stage('界面测试 / e2e (Playwright, Chromium)', async () => {
    const pjson = path.join(out, 'playwright.json');
    await runAsync(bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pjson, E2E_SKIP_BUILD: '1' });
    if (fs.existsSync(pjson)) {
      const s = JSON.parse(fs.readFileSync(pjson, 'utf8')).stats;
      // A test that only passed on a retry is a failure to look into, not a pass.
      passed += s.expected; failed += s.unexpected + s.flaky; skipped += s.skipped;
      if (s.unexpected) problems.push('e2e');
      if (s.flaky) problems.push(`e2e: ${s.flaky} flaky (passed only on retry)`);
    } else { failed++; problems.push('playwright did not report'); }
  });
};

// vitest (two workers) and Playwright (two workers, each a browser and a server) each keep two cores
// busy. Side by side only where there are cores for both: on a two-core machine they would just
// take turns on the same cores, and the browser tests' waits would stretch toward their time limits.
// LEDGER_TEST_SIDE_BY_SIDE=1 / =0 overrides.
const cores = os.availableParallelism?.() ?? os.cpus().length;
const sideBySide = process.env.LEDGER_TEST_SIDE_BY_SIDE ? process.env.LEDGER_TEST_SIDE_BY_SIDE === '1' : cores >= 4;
if (sideBySide) {
  console.log(`== vitest 与界面测试同时运行 / vitest and e2e side by side (${cores} cores)`);
  await Promise.all([vitestStage(), e2eStage()]);
} else {
  await vitestStage();
  await e2eStage();
}

// Rounded to the second first: 4:59.6 is 5:00, not 4:60.
const fmt = (ms) => { const s = Math.round(ms / 1000); return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`; };
console.log('\n各阶段用时 / stage times');
for (const [title, ms] of times) console.log(`  ${fmt(ms).padStart(6)}  ${title}`);
console.log(`  ${fmt(Date.now() - started).padStart(6)}  合计 / total${sideBySide ? '（两项同时运行，合计小于各项之和 / two stages overlapped）' : ''}`);
if (problems.length) console.log(`\n失败 / failed: ${problems.join(', ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
