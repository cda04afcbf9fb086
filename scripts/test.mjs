#!/usr/bin/env node
// `npm test`: type check and import-boundary lint, the builds (UI, Electron main, CLI/server bundle),
// unit + integration (+ electron where the binary exists), electronegativity on the built app, then
// the browser e2e suite in Debian's Chromium. Prints each stage's time, then one closing line
// "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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

await stage('单元、集成测试 / unit + integration (vitest)', () => {
  const vjson = path.join(out, 'vitest.json');
  run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vjson}`]);
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

const chromium = process.env.LEDGER_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  console.log(`\n缺少 Chromium（${chromium}），无法运行界面测试。请先安装：sudo apt-get install -y chromium fonts-noto-cjk poppler-utils`);
  failed++; problems.push('e2e: chromium missing');
} else if (built.ui && built.node) {
  await stage('界面测试 / e2e (Playwright, Chromium)', () => {
    const pjson = path.join(out, 'playwright.json');
    run(bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pjson, E2E_SKIP_BUILD: '1' });
    if (fs.existsSync(pjson)) {
      const s = JSON.parse(fs.readFileSync(pjson, 'utf8')).stats;
      // A test that only passed on a retry is a failure to look into, not a pass.
      passed += s.expected; failed += s.unexpected + s.flaky; skipped += s.skipped;
      if (s.unexpected) problems.push('e2e');
      if (s.flaky) problems.push(`e2e: ${s.flaky} flaky (passed only on retry)`);
    } else { failed++; problems.push('playwright did not report'); }
  });
}

const fmt = (ms) => `${Math.floor(ms / 60000)}:${String(Math.round((ms % 60000) / 1000)).padStart(2, '0')}`;
console.log('\n各阶段用时 / stage times');
for (const [title, ms] of times) console.log(`  ${fmt(ms).padStart(6)}  ${title}`);
console.log(`  ${fmt(times.reduce((a, [, ms]) => a + ms, 0)).padStart(6)}  合计 / total`);
if (problems.length) console.log(`\n失败 / failed: ${problems.join(', ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
