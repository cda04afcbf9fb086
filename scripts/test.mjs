#!/usr/bin/env node
// `npm test`: type check, import-boundary lint, unit + integration (+ electron where the binary
// exists), the UI build, electronegativity on the built app, then the browser e2e suite in
// Debian's Chromium. Prints one closing line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bin = (n) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${n}.cmd` : n);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-test-report-'));
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

let passed = 0, failed = 0, skipped = 0;
const problems = [];

console.log('== 类型检查 / type check');
// Three programs: backend/tests/scripts with Node types, the UI without them (a sandboxed page has
// no process/Buffer/require), shared/ with no environment at all.
if (['tsconfig.json', 'renderer/tsconfig.json', 'shared/tsconfig.json'].map((p) => run(bin('tsc'), ['-p', p, '--noEmit'])).some((s) => s !== 0)) {
  failed++; problems.push('type check');
}

console.log('== 导入边界检查 / lint (eslint: renderer ↛ node/electron, backend ↛ electron, shared pure)');
if (run(bin('eslint'), ['--max-warnings', '0', 'renderer/src', 'shared', 'electron/backend']) !== 0) { failed++; problems.push('lint'); }

console.log('== 单元、集成测试 / unit + integration (vitest)');
const vjson = path.join(out, 'vitest.json');
run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vjson}`]);
if (fs.existsSync(vjson)) {
  const r = JSON.parse(fs.readFileSync(vjson, 'utf8'));
  passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  if (r.numFailedTests || !r.success) problems.push('vitest');
} else { failed++; problems.push('vitest did not report'); }

console.log('== 构建界面 / build the UI');
const uiBuilt = run(bin('vite'), ['build', '--logLevel', 'warn']) === 0;
if (!uiBuilt) { failed++; problems.push('vite build'); }

// What Electron loads (bundled main/preload + built renderer) is scanned; any finding not explained
// in build/electronegativity-allow.json fails the run.
console.log('== Electron 安全扫描 / electronegativity (dist-electron + dist/renderer)');
if (!uiBuilt || run(process.execPath, ['scripts/build-electron.mjs']) !== 0) { failed++; problems.push('electronegativity: build failed'); }
else if (run(process.execPath, ['scripts/electronegativity.mjs']) !== 0) { failed++; problems.push('electronegativity'); }

const chromium = process.env.LEDGER_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  console.log(`\n缺少 Chromium（${chromium}），无法运行界面测试。请先安装：sudo apt-get install -y chromium fonts-noto-cjk poppler-utils`);
  failed++; problems.push('e2e: chromium missing');
} else if (uiBuilt) {
  console.log('== 界面测试 / e2e (Playwright, Chromium)');
  const pjson = path.join(out, 'playwright.json');
  run(bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pjson });
  if (fs.existsSync(pjson)) {
    const s = JSON.parse(fs.readFileSync(pjson, 'utf8')).stats;
    passed += s.expected; failed += s.unexpected; skipped += s.skipped; passed += s.flaky;
    if (s.unexpected) problems.push('e2e');
  } else { failed++; problems.push('playwright did not report'); }
}

if (problems.length) console.log(`\n失败 / failed: ${problems.join(', ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
