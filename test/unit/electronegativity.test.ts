import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

interface Finding { check: string; file: string; line: number; column: number; severity: string; confidence: string; sample: string; description: string; manualReview: boolean }
interface AllowEntry { check: string; file?: string; sample?: string; reason: string }
interface Module {
  ROOT: string;
  DEFAULT_ALLOW: string;
  parseAllow(json: unknown): AllowEntry[];
  filterFindings(f: Finding[], a: AllowEntry[]): { allowed: { finding: Finding; reason: string }[]; blocked: Finding[]; unused: AllowEntry[] };
  scan(inputs?: string[], root?: string): Promise<{ findings: Finding[]; errors: { file: string; message: string }[] }>;
}
// A plain .mjs script: imported through a variable so the type checker does not want typings.
const script = '../../scripts/electronegativity.mjs';
const en = (await import(script)) as Module;

const finding = (over: Partial<Finding> = {}): Finding => ({
  check: 'OPEN_EXTERNAL_JS_CHECK', file: 'dist-electron/main.js', line: 10, column: 4, severity: 'MEDIUM', confidence: 'TENTATIVE',
  sample: 'electron.shell.openExternal(url2).catch(() => {', description: 'Review the use of openExternal', manualReview: true, ...over,
});

describe('electronegativity allow list', () => {
  const allow: AllowEntry[] = [{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'dist-electron/*.js', sample: 'shell.openExternal(', reason: 'only URLs the policy checked' }];

  it('lets through a finding the allow file explains, and nothing else', () => {
    const r = en.filterFindings([
      finding(),
      finding({ file: 'dist/renderer/assets/index-x.js' }), // same check, other file
      finding({ sample: 'shell.openPath(p)' }), // same file, other call
      finding({ check: 'NODE_INTEGRATION_JS_CHECK', sample: 'nodeIntegration: true' }),
    ], allow);
    expect(r.allowed.map((a) => a.finding.file)).toEqual(['dist-electron/main.js']);
    expect(r.allowed[0].reason).toBe('only URLs the policy checked');
    expect(r.blocked.map((b) => `${b.check} ${b.file}`)).toEqual([
      'OPEN_EXTERNAL_JS_CHECK dist/renderer/assets/index-x.js', 'OPEN_EXTERNAL_JS_CHECK dist-electron/main.js', 'NODE_INTEGRATION_JS_CHECK dist-electron/main.js',
    ]);
    expect(r.unused).toEqual([]);
  });

  it('matches check ids without regard to case, ** across folders, and names entries that matched nothing', () => {
    const r = en.filterFindings([finding({ file: 'dist/renderer/assets/deep/a.js', check: 'csp_global_check', sample: '' })], [
      { check: 'CSP_GLOBAL_CHECK', file: 'dist/renderer/**', reason: 'a reason long enough' },
      { check: 'AUXCLICK_JS_CHECK', reason: 'a reason long enough' },
    ]);
    expect(r.blocked).toEqual([]);
    expect(r.unused.map((u) => u.check)).toEqual(['AUXCLICK_JS_CHECK']);
  });

  it('refuses an allow entry without a check or a reason', () => {
    expect(() => en.parseAllow([{ check: 'X' }])).toThrow(/reason/);
    expect(() => en.parseAllow([{ check: 'X', reason: 'ok' }])).toThrow(/reason/);
    expect(() => en.parseAllow([{ reason: 'because it is fine' }])).toThrow(/check/);
    expect(() => en.parseAllow({})).toThrow();
  });

  it('the checked-in allow file is valid and every entry says why', () => {
    const list = en.parseAllow(JSON.parse(fs.readFileSync(en.DEFAULT_ALLOW, 'utf8')));
    expect(list.length).toBeGreaterThan(0);
    for (const e of list) expect(e.reason.length).toBeGreaterThan(20);
  });
});

describe('electronegativity scan (offline)', () => {
  it('finds sandbox and contextIsolation off in a main bundle, which the allow file does not excuse', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-en-fixture-'));
    try {
      fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'fixture', version: '1.0.0', optionalDependencies: { electron: '40.10.2' } }));
      fs.mkdirSync(path.join(root, 'dist-electron'));
      fs.writeFileSync(path.join(root, 'dist-electron', 'main.js'), [
        "const { BrowserWindow } = require('electron');",
        'const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });',
        "win.loadURL('app://ledger/index.html');",
      ].join('\n'));
      fs.mkdirSync(path.join(root, 'dist', 'renderer'), { recursive: true });
      fs.writeFileSync(path.join(root, 'dist', 'renderer', 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
      const { findings, errors } = await en.scan(['dist-electron', 'dist/renderer'], root);
      expect(errors).toEqual([]);
      const checks = new Set(findings.map((f) => f.check));
      expect(checks).toContain('SANDBOX_JS_CHECK');
      expect(checks).toContain('CONTEXT_ISOLATION_JS_CHECK');
      const allow = en.parseAllow(JSON.parse(fs.readFileSync(en.DEFAULT_ALLOW, 'utf8')));
      const { blocked } = en.filterFindings(findings, allow);
      expect(blocked.map((b) => b.check)).toEqual(expect.arrayContaining(['SANDBOX_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK']));
      expect(blocked.find((b) => b.check === 'CONTEXT_ISOLATION_JS_CHECK')?.file).toBe('dist-electron/main.js');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
