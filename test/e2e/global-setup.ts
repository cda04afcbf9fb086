import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// A plain .mjs script: imported through a variable so the type checker does not look for typings.
const buildNodeScript = '../../scripts/build-node.mjs';

/**
 * web.ts only builds the UI when dist/renderer is missing, so a stale build would test old code:
 * the UI is built here, unless the caller just built it (npm test sets E2E_SKIP_BUILD). The
 * browser-mode server the specs start is the dist-node bundle, rebuilt here when a source changed,
 * once, before any worker starts a server.
 */
export default async function globalSetup(): Promise<void> {
  const { ensureNodeBuilt } = await import(buildNodeScript) as { ensureNodeBuilt(): Promise<boolean> };
  await ensureNodeBuilt();
  if (process.env.E2E_SKIP_BUILD) return;
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
