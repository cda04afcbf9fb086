import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/**
 * A script run from source where no loader helps (a worker thread does not inherit tsx's; a test's
 * child process would pay ~2 s of CPU for it): bundled with esbuild into node_modules/.cache and
 * reused until a file it was made of changes (mtime or size). Only from source: the Electron app and
 * dist-node ship their bundles, and never load esbuild.
 */
export interface DevBundle {
  /** The project root: the cache lives in its node_modules, inputs are recorded relative to it. */
  root: string;
  entry: string;
  /** The bundle's file name in the cache. */
  name: string;
  /** esbuild options beyond entry, output, bundling and the metafile. */
  options: BuildOptions;
  /** Files (relative to root) that change what the bundle is without being in it: lock file, tsconfig. */
  also?: string[];
}

const pending = new Map<string, Promise<string>>();

/** The bundle's path, built first when missing or stale; once per process and bundle. */
export function devBundle(b: DevBundle): Promise<string> {
  let p = pending.get(b.name);
  if (!p) {
    p = build(b);
    pending.set(b.name, p);
    p.catch(() => pending.delete(b.name));
  }
  return p;
}

async function build({ root, entry, name, options, also = [] }: DevBundle): Promise<string> {
  const stamp = (f: string) => { const s = fs.statSync(path.join(root, f)); return `${s.mtimeMs}:${s.size}`; };
  const outDir = path.join(root, 'node_modules', '.cache', 'township-ledger');
  const out = path.join(outDir, name), inputsFile = `${out}.inputs.json`;
  try {
    const inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf8')) as Record<string, string>;
    if (fs.existsSync(out) && Object.entries(inputs).every(([f, s]) => stamp(f) === s)) return out;
  } catch { /* not built yet, or a source file moved: build */ }
  // A variable keeps the app's bundlers from pulling esbuild into main.js or the CLI (this path never runs there).
  const esbuildName = 'esbuild';
  const esbuild = createRequire(import.meta.url)(esbuildName) as typeof import('esbuild');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const before = Object.fromEntries(also.map((f) => [f, stamp(f)]));
  const buildStart = Date.now();
  // Side by side, test workers may build the same bundle: each writes its own file and renames it into place.
  const tmp = `${out}.${process.pid}.${buildStart}.tmp`;
  const r = await esbuild.build({
    platform: 'node', target: 'node20', logLevel: 'silent', ...options,
    entryPoints: [entry], bundle: true, outfile: tmp, write: true, metafile: true, absWorkingDir: root,
  });
  const inputs: Record<string, string> = { ...before };
  for (const f of Object.keys(r.metafile!.inputs)) if (!f.includes('node_modules')) inputs[f] = stamp(f);
  fs.renameSync(tmp, out);
  // A source saved while esbuild ran may or may not be in this bundle: use it once, record nothing, build again next time.
  if (!Object.keys(inputs).some((f) => fs.statSync(path.join(root, f)).mtimeMs >= buildStart - 1000)) {
    fs.writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(inputs));
    fs.renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
  }
  return out;
}

/**
 * A worker thread's script, `name` beside the module at `here` (its import.meta.url): the app's builds
 * (dist-node, Electron) bundle it there as <name>.cjs; from source (tsx, vitest) it is bundled once
 * into node_modules/.cache and rebuilt when a source file changes, because a worker thread does not
 * inherit tsx's TypeScript loader. The module must sit one folder below electron/backend.
 */
export async function workerScript(name: string, here: string): Promise<string> {
  const bundled = bundledWorkerScript(name, here);
  if (bundled) return bundled;
  const src = fileURLToPath(new URL(`./${name}.ts`, here));
  return devBundle({
    root: path.resolve(path.dirname(src), '../../..'), entry: src, name: `${name}.cjs`,
    options: { format: 'cjs', external: ['better-sqlite3', 'electron'], sourcemap: 'inline' },
  });
}

/** The script the app's builds put beside the module (workerScript), found without waiting; null when running from source. */
export function bundledWorkerScript(name: string, here: string): string | null {
  const bundled = fileURLToPath(new URL(`./${name}.cjs`, here));
  return fs.existsSync(bundled) ? bundled : null;
}
