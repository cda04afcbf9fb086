import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * web.ts only builds the UI when dist/renderer is missing, so a stale build would test old code.
 * The build takes a few seconds; always doing it keeps the tests honest.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD) return;
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
