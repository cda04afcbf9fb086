// Import boundaries between the three layers (see DESIGN.md, "Architecture"). Only these rules are
// linted: the point is that a renderer file can never reach Node or the database, the backend runs
// without Electron (web server, CLI, tests), and shared/ stays pure TypeScript for both sides.
import { builtinModules } from 'node:module';
import tsParser from '@typescript-eslint/parser';

const nodeBuiltins = [...new Set(builtinModules.filter((m) => !m.startsWith('_')))];

const NODE_MSG = '界面和 shared/ 不能直接使用 Node 模块：文件以字节传递，读写通过 api.invoke 交给后端。';
const ELECTRON_MSG = '只有 electron/main.ts 和 electron/preload.ts 可以使用 electron；界面通过 api.invoke 调用后端。';
const BACKEND_ELECTRON_MSG = '后端（electron/backend）不能依赖 electron：它还要在浏览器模式、命令行和测试中运行。';
const SQLITE_MSG = '数据库只能由后端打开。';
const ZOD_MSG = '界面只以类型方式（import type）引用 shared/api 的接口定义；界面要用的常量放在 shared/api/labels.ts。';
const SHARED_RENDERER_MSG = 'shared/ 供界面和后端共用，不能反过来依赖界面代码。';

/** Bare names and node:* (also their sub-paths such as fs/promises). */
const nodePatterns = [
  { regex: '^node:', message: NODE_MSG },
  { regex: `^(${nodeBuiltins.map((m) => m.replace(/[/.]/g, '\\$&')).join('|')})(/.*)?$`, message: NODE_MSG },
];
const electronPatterns = [
  { regex: '^electron(/.*)?$', message: ELECTRON_MSG },
  // Anything in the electron/ folder by relative path: main, preload, policy, the backend.
  { regex: '(^|/)electron(/|$)', message: ELECTRON_MSG },
];
const sqlitePatterns = [{ regex: '^better-sqlite3(/.*)?$', message: SQLITE_MSG }];

const CLOCK_MSG = '界面里的“现在”和“今天”用 renderer/src/clock.ts 的 ledgerNow()（台账的时钟），不要用 dayjs() 或 new Date()。';

// Dynamic import() and require() get past no-restricted-imports; they are stopped by selector.
const requireCall = { selector: "CallExpression[callee.name='require']", message: 'ES 模块中不要使用 require()。' };
const dynamicImportOf = (re, message) => ({ selector: `ImportExpression[source.value=/${re}/]`, message });

export default [
  { ignores: ['dist/**', 'dist-electron/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  {
    files: ['renderer/src/**/*.{ts,tsx}', 'shared/**/*.ts', 'electron/backend/**/*.ts'],
    languageOptions: { parser: tsParser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: true } } },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...nodePatterns, ...electronPatterns, ...sqlitePatterns] }],
      'no-restricted-syntax': ['error', requireCall,
        dynamicImportOf('^node:|^(fs|path|child_process|os|better-sqlite3|electron)(\\u002F|$)|(^|\\u002F)electron(\\u002F|$)', NODE_MSG),
        // The schemas are types for the UI: a value import would build every zod schema on each page load.
        { selector: "ImportDeclaration[importKind!='type'][source.value=/(^zod$|shared\\u002Fapi\\u002F(?!labels$))/]", message: ZOD_MSG },
        { selector: ":matches(ExportNamedDeclaration[exportKind!='type'], ExportAllDeclaration[exportKind!='type'])[source.value=/(^zod$|shared\\u002Fapi\\u002F(?!labels$))/]", message: ZOD_MSG },
        // "Now" and "today" are the ledger's (renderer/src/clock.ts), which LEDGER_NOW may set apart from the computer's.
        { selector: "CallExpression[callee.name='dayjs'][arguments.length=0], NewExpression[callee.name='Date'][arguments.length=0]", message: CLOCK_MSG }],
    },
  },
  {
    files: ['electron/backend/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '^electron(/.*)?$', message: BACKEND_ELECTRON_MSG },
        // The shell modules around the backend import electron themselves.
        { regex: '^(\\.\\./)+(main|preload|electron-shim)(\\.ts)?$', message: BACKEND_ELECTRON_MSG },
      ] }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.name='require'][arguments.0.value=/^electron(\\u002F|$)/]", message: BACKEND_ELECTRON_MSG },
        dynamicImportOf('^electron(\\u002F|$)', BACKEND_ELECTRON_MSG)],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ...nodePatterns, ...electronPatterns, ...sqlitePatterns,
        { regex: '(^|/)renderer(/|$)', message: SHARED_RENDERER_MSG },
      ] }],
      'no-restricted-syntax': ['error', requireCall,
        dynamicImportOf('^node:|(^|\\u002F)(electron|renderer)(\\u002F|$)|^better-sqlite3', NODE_MSG)],
    },
  },
];
