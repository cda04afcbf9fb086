/**
 * Shipped migrations are history: databases in the townships have already run them, and
 * user_version says so, so an edit to one never reaches those databases (001 was once edited after
 * files existed; 006 had to repair it). Their contents are pinned here. To change the schema, add
 * the next numbered file and list it in electron/backend/db/migrations.ts; never edit these.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../electron/backend/db/migrations';

const DIR = path.resolve(__dirname, '..', '..', 'electron', 'backend', 'db', 'migrations');

/** SHA-256 of each shipped file, line endings normalised (a Windows checkout with CRLF is the same file). */
const SHIPPED: Record<string, string> = {
  '001-core.ts': '96fa07b4a8e1e092ad7957aaf8a365c3f032d9f6bfce6bea7098e3a6ba04602c',
  '002-posts.ts': 'd01f0ae2843699f832a61f175b16f67565a32289bac6662ae8f5c69e48eb271e',
  '003-workshops.ts': 'b02fa164cc33fce750f21c55058717af809ed36239447288e3595949f7b57523',
  '004-loans.ts': 'de5a3b4e17c6f1d0bf8005305ea86a7b4928d0a26f9df57e60b90f9f60d93e07',
  '005-safety.ts': 'd2327de352038c525f7002148d2e9119e95b81a7988269cc3093038eac1a3e11',
  '006-person-search.ts': 'e3d15256cc0adb1bf2f608066feb4134f34efaf48250d4cbbabadc071f78ac5c',
  '007-county.ts': '6262c2734593d4fe2781966abdfc6897b00e456cdf3ff42cdf2a92e147e6f613',
};

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(path.join(DIR, file), 'utf8').replace(/\r\n/g, '\n')).digest('hex');

describe('shipped migrations', () => {
  it.each(Object.keys(SHIPPED))('%s is unchanged (add a new migration instead of editing it)', (file) => {
    expect(sha256(file), `${file} changed after it shipped: restore it and put the change in a new numbered migration`).toBe(SHIPPED[file]);
  });

  it('run first, in their numbered order', async () => {
    const files = Object.keys(SHIPPED).sort();
    for (const [i, file] of files.entries()) {
      expect(file.startsWith(String(i + 1).padStart(3, '0'))).toBe(true);
      const mod = await import(path.join(DIR, file));
      expect(migrations[i], `migrations[${i}] must be ${file}`).toBe(mod.default);
    }
  });

  it('every migration file is numbered once and listed in order', () => {
    const files = fs.readdirSync(DIR).filter((f) => /\.ts$/.test(f)).sort();
    const numbers = files.map((f) => Number(/^(\d{3})-/.exec(f)?.[1]));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(migrations.length).toBe(files.length);
  });
});
