/**
 * One list of rule metadata (shared/rules.ts): the rule engine, the 问题清单 screen and the exports
 * all read titles from it, so they cannot drift apart again (L01 was 贷款金额超限 in the checks and
 * 贷款超额 on the screen).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_CODES, RULE_META, ruleModule, ruleTitle } from '../../shared/rules';
import { RULES } from '../../electron/backend/checks';
import { RULE_TITLES, ruleModule as pageOf } from '../../renderer/src/pages/issues/ruleTitles';

const CHECKS = path.resolve(__dirname, '..', '..', 'electron', 'backend', 'checks');

describe('rule metadata', () => {
  it('every registered rule has its metadata from the shared list, and every listed code a rule', () => {
    expect(RULES.map((r) => r.code).sort()).toEqual([...RULE_CODES].sort());
    for (const r of RULES) {
      expect({ code: r.code, module: r.module, severity: r.severity, title: r.title }).toEqual({ code: r.code, ...RULE_META[r.code] });
    }
  });

  it('no check file writes a title of its own', () => {
    for (const f of fs.readdirSync(CHECKS).filter((f) => f.endsWith('.ts') && f !== 'engine.ts' && f !== 'index.ts')) {
      expect(fs.readFileSync(path.join(CHECKS, f), 'utf8'), f).not.toMatch(/\btitle:\s*['"`]/);
    }
  });

  it('the 问题清单 screen shows the same titles', () => {
    for (const code of RULE_CODES) expect(RULE_TITLES[code]).toBe(RULE_META[code].title);
    expect(ruleTitle('L01')).toBe('贷款金额超限');
    expect(ruleTitle('X99')).toBe('X99');
    expect(ruleModule('M01')).toBe('monitoring');
    expect(pageOf('W02')).toBe('workshops');
    expect(pageOf('M01')).toBe('monitoring'); // the 防返贫监测 page opens the household
  });
});
