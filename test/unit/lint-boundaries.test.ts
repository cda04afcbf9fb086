import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The import-boundary rules of eslint.config.js, run through ESLint's own API on snippets placed
// (by file name only) in each layer: a forbidden import must be an error, an allowed one silent.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: ROOT });

async function errors(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return r.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('ESLint import boundaries', () => {
  const renderer = 'renderer/src/pages/BoundaryProbe.tsx';
  it.each([
    "import fs from 'node:fs';",
    "import fs from 'fs';",
    "import { readFile } from 'fs/promises';",
    "import path from 'path';",
    "import { spawn } from 'child_process';",
    "import Database from 'better-sqlite3';",
    "import { ipcRenderer } from 'electron';",
    "import { dispatch } from '../../../electron/backend/dispatch';",
    "export { isSafeExternalUrl } from '../../../electron/policy';",
    "const m = await import('node:os');",
    "const fs = require('fs');",
  ])('renderer: %s is an error', async (code) => {
    const e = await errors(renderer, code);
    expect(e.length).toBeGreaterThan(0);
    expect(e[0]).toMatch(/^no-restricted-(imports|syntax)/);
  });

  it('renderer: UI libraries, shared/ and its own modules are allowed', async () => {
    expect(await errors(renderer, [
      "import React from 'react';",
      "import { Button } from 'antd';",
      "import dayjs from 'dayjs';",
      "import { validateId } from '../../../shared/idcard';",
      "import { invoke } from '../api';",
      "const Lazy = React.lazy(() => import('./Other'));",
      'export const x = [React, Button, dayjs, validateId, invoke, Lazy];',
    ].join('\n'))).toEqual([]);
  });

  const backend = 'electron/backend/services/boundary-probe.ts';
  it.each([
    "import { app } from 'electron';",
    "import electron from 'electron/main';",
    "const { app } = require('electron');",
    "const e = await import('electron');",
    "import { start } from '../../main';",
  ])('backend: %s is an error', async (code) => {
    expect((await errors(backend, code)).length).toBeGreaterThan(0);
  });

  it('backend: Node and SQLite are allowed (it is plain Node)', async () => {
    expect(await errors(backend, "import fs from 'node:fs';\nimport Database from 'better-sqlite3';\nimport { validateId } from '../../../shared/idcard';\nexport const x = [fs, Database, validateId];")).toEqual([]);
  });

  const shared = 'shared/boundary-probe.ts';
  it.each([
    "import fs from 'node:fs';",
    "import crypto from 'crypto';",
    "import { app } from 'electron';",
    "import { openBackend } from '../electron/backend/index';",
    "import { invoke } from '../renderer/src/api';",
    "import Database from 'better-sqlite3';",
  ])('shared: %s is an error', async (code) => {
    expect((await errors(shared, code)).length).toBeGreaterThan(0);
  });

  it('shared: its own modules and zod are allowed', async () => {
    expect(await errors(shared, "import { z } from 'zod';\nimport { toHalfWidth } from './text';\nexport const x = [z, toHalfWidth];")).toEqual([]);
  });

  it('the messages say in Chinese what to do instead', async () => {
    expect((await errors(renderer, "import fs from 'node:fs';"))[0]).toContain('api.invoke');
    expect((await errors(backend, "import { app } from 'electron';"))[0]).toContain('浏览器模式');
  });
});
