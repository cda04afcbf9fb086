#!/usr/bin/env node
/**
 * Runs electronegativity (@doyensec/electronegativity) on what Electron really loads: the bundled
 * main/preload (dist-electron/) and the built renderer (dist/renderer/). Every finding must be
 * listed with a reason in build/electronegativity-allow.json, otherwise the run fails.
 *
 *   node scripts/build-electron.mjs && vite build && node scripts/electronegativity.mjs [--allow FILE] [--json]
 *
 * Offline by construction: the tool fetches translations and Electron's release list with `got`;
 * both calls are answered locally with a refusal, and the release check (which only says "a newer
 * Electron exists", and differs from day to day) is not run. Electron's version is given from our
 * own package.json, so version-based checks still apply.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_ALLOW = path.join(ROOT, 'build', 'electronegativity-allow.json');
export const INPUTS = ['dist-electron', 'dist/renderer'];
/** Network-only checks: their answer depends on today's releases, not on our code. */
const EXCLUDED_CHECKS = ['availablesecurityfixesglobalcheck'];

/**
 * @typedef {{ check: string, file: string, line: number, column: number, severity: string, confidence: string, sample: string, description: string, manualReview: boolean }} Finding
 * @typedef {{ check: string, file?: string, sample?: string, reason: string }} AllowEntry
 */

/** `*` matches within one path segment, `**` across segments; paths use forward slashes. */
export function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') { re += '.*'; i++; if (glob[i + 1] === '/') i++; }
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Refuses an allow file whose entries lack a check id or a reason: an exception nobody explained is not an exception. */
export function parseAllow(json) {
  const list = Array.isArray(json) ? json : json?.allow;
  if (!Array.isArray(list)) throw new Error('electronegativity allow file must be a JSON array of {check, file?, sample?, reason}');
  return list.map((e, i) => {
    if (!e || typeof e.check !== 'string' || !e.check.trim()) throw new Error(`allow entry ${i + 1}: "check" is missing`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < 10) throw new Error(`allow entry ${i + 1} (${e.check}): "reason" must say why (at least 10 characters)`);
    if (e.file != null && typeof e.file !== 'string') throw new Error(`allow entry ${i + 1} (${e.check}): "file" must be a string`);
    if (e.sample != null && typeof e.sample !== 'string') throw new Error(`allow entry ${i + 1} (${e.check}): "sample" must be a string`);
    return { check: e.check, file: e.file, sample: e.sample, reason: e.reason };
  });
}

/** @param {Finding} f @param {AllowEntry} a */
export function isAllowed(f, a) {
  if (a.check.toUpperCase() !== f.check.toUpperCase()) return false;
  if (a.file != null && !globToRegExp(a.file).test(f.file)) return false;
  if (a.sample != null && !f.sample.includes(a.sample)) return false;
  return true;
}

/**
 * Splits findings into those the allow file explains and those it does not, and names allow
 * entries that no longer match anything (so the file does not grow stale exceptions).
 * @param {Finding[]} findings @param {AllowEntry[]} allow
 */
export function filterFindings(findings, allow) {
  const used = new Set();
  const allowed = [], blocked = [];
  for (const f of findings) {
    const i = allow.findIndex((a) => isAllowed(f, a));
    if (i >= 0) { used.add(i); allowed.push({ finding: f, reason: allow[i].reason }); }
    else blocked.push(f);
  }
  return { allowed, blocked, unused: allow.filter((_, i) => !used.has(i)) };
}

/** @param {Finding} f */
export function describe(f) {
  const where = `${f.file}${f.line ? `:${f.line}:${f.column}` : ''}`;
  const sample = f.sample ? `\n      代码 / code: ${f.sample.trim().replace(/\s+/g, ' ').slice(0, 160)}` : '';
  return `${f.check} [${f.severity}, ${f.confidence}${f.manualReview ? ', 需人工复核 / review' : ''}] ${where}\n      ${f.description}${sample}`;
}

function toPosix(p) { return p.split(path.sep).join('/'); }

/** Runs the tool's own runner (its CLI also prints a banner and calls the network). */
export async function scan(inputs = INPUTS, root = ROOT) {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const offline = Object.assign(() => Promise.reject(new Error('offline: no network at build time')), {
    head: () => Promise.reject(new Error('offline: no network at build time')),
  });
  for (const from of ['dist/locales/i18n.js', 'dist/finder/checks/GlobalChecks/AvailableSecurityFixesGlobalCheck.js']) {
    const gotPath = createRequire(path.join(pkgDir, from)).resolve('got');
    require.cache[gotPath] = /** @type {any} */ ({ id: gotPath, filename: gotPath, loaded: true, exports: offline, children: [], paths: [] });
  }
  const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).optionalDependencies?.electron
    ?? JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies?.electron;
  const run = require(path.join(pkgDir, 'dist', 'runner.js'));
  const lang = process.env.LANG;
  const log = console.log;
  process.env.LANG = 'en-US'; // the bundled English messages; other locales would be fetched
  /** @type {Finding[]} */ const findings = [];
  /** @type {{ file: string, message: string }[]} */ const errors = [];
  // One scan over a copy holding every input: the global checks (CSP, navigation limits,
  // permission handler) must see main, preload and the renderer's HTML together, as Electron does.
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-electronegativity-'));
  for (const rel of inputs) fs.cpSync(path.resolve(root, rel), path.join(app, rel), { recursive: true, filter: (f) => !f.endsWith('.map') });
  const back = (f) => (!f || f === 'N/A' ? 'N/A' : toPosix(path.relative(app, path.resolve(app, f))));
  try {
    // The tool announces its failed translation fetch on stdout; that is expected here.
    console.log = (...a) => { if (!/Could not retrieve updated translations/.test(String(a[0]))) log(...a); };
    const r = await run({ input: app, electronVersionOverride: electronVersion, excludeFromScan: EXCLUDED_CHECKS, isRelative: false });
    for (const e of r.errors) if (!e.tolerable) errors.push({ file: back(e.file), message: e.message });
    for (const i of r.issues) {
      findings.push({
        check: i.id, file: back(i.file), line: i.location?.line ?? 0, column: i.location?.column ?? 0,
        severity: i.severity?.name ?? '', confidence: i.confidence?.name ?? '', sample: typeof i.sample === 'string' ? i.sample : '',
        description: i.description ?? '', manualReview: !!i.manualReview,
      });
    }
  } finally {
    console.log = log;
    if (lang === undefined) delete process.env.LANG; else process.env.LANG = lang;
    fs.rmSync(app, { recursive: true, force: true });
  }
  return { findings, errors, electronVersion };
}

async function main() {
  const argv = process.argv.slice(2);
  const ai = argv.indexOf('--allow');
  const allowFile = ai >= 0 ? path.resolve(argv[ai + 1]) : DEFAULT_ALLOW;
  const missing = INPUTS.filter((d) => !fs.existsSync(path.join(ROOT, d)));
  if (missing.length) {
    console.error(`缺少构建结果 / not built: ${missing.join(', ')}。请先运行 npm run build:electron 和 npm run build。`);
    process.exit(2);
  }
  const allow = parseAllow(JSON.parse(fs.readFileSync(allowFile, 'utf8')));
  const t0 = Date.now();
  const { findings, errors, electronVersion } = await scan();
  const { allowed, blocked, unused } = filterFindings(findings, allow);
  if (argv.includes('--json')) {
    console.log(JSON.stringify({ electronVersion, findings, errors, allowed: allowed.length, blocked, unused }, null, 2));
  } else {
    console.log(`electronegativity (Electron ${electronVersion}) on ${INPUTS.join(', ')}: ${findings.length} findings, ${allowed.length} allowed with a reason, ${blocked.length} not allowed, ${errors.length} files not parsed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    for (const a of allowed) console.log(`  allowed  ${a.finding.check} ${a.finding.file}:${a.finding.line} — ${a.reason}`);
    for (const u of unused) console.log(`  note: allow entry ${u.check}${u.file ? ` (${u.file})` : ''} matched nothing; remove it if the code changed`);
    for (const f of blocked) console.log(`  NOT ALLOWED ${describe(f)}`);
    for (const e of errors) console.log(`  NOT PARSED ${e.file}: ${e.message}`);
  }
  if (blocked.length || errors.length) {
    console.log(`\n安全检查未通过 / electronegativity failed: 修复上面的问题，或在 ${toPosix(path.relative(ROOT, allowFile))} 中写明理由后放行。`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => { console.error(`electronegativity 运行失败：${e instanceof Error ? e.stack : e}`); process.exit(1); });
}
