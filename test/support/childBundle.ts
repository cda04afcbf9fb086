/**
 * Child processes of the tests (a script a test starts in its own process to kill it, crash it or
 * watch it for a hang), started from an esbuild bundle of the script instead of through tsx:
 * `node --import tsx <child>.ts` spent ~2 s of CPU transpiling the backend at every start, the
 * bundle starts in a fraction of that. The bundle keeps tsx's meaning: every module sees its own
 * source file as import.meta.url (worker scripts, the samples folder and the app's package.json
 * are found as from source, and no bundled module takes itself for the main one), better-sqlite3
 * stays the one native module in node_modules. Built on first use into node_modules/.cache and
 * built again when any source file it was made of changed (mtime or size), as read.ts builds the
 * reader thread's script.
 *
 *   spawn(process.execPath, await childArgs(path.resolve(__dirname, 'my-child.ts'), [arg, ...]))
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '..', '..');
const OUT_DIR = path.join(ROOT, 'node_modules', '.cache', 'township-ledger', 'test-children');
/** Not in the bundle's inputs, but they change what the bundle is. */
const ALSO = ['package-lock.json', 'tsconfig.json', path.relative(ROOT, HERE)];

const stamp = (f: string) => { const s = fs.statSync(path.join(ROOT, f)); return `${s.mtimeMs}:${s.size}`; };
const built = new Map<string, Promise<string>>();

/** The per-module import.meta.url of tsx, written into each source file as a string. */
const ownImportMetaUrl: Plugin = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = fs.readFileSync(args.path, 'utf8');
      const ext = path.extname(args.path).slice(1);
      return {
        contents: text.replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href)),
        loader: ext.endsWith('ts') ? 'ts' : 'js',
      };
    });
  },
};

/** The bundle of one child script (a path under test/), current with its sources; built once per test process. */
export function childBundle(entry: string): Promise<string> {
  let p = built.get(entry);
  if (!p) {
    p = build(entry);
    built.set(entry, p);
    p.catch(() => built.delete(entry));
  }
  return p;
}

async function build(entry: string): Promise<string> {
  const name = path.relative(ROOT, entry).replace(/[\\/]/g, '__').replace(/\.[cm]?ts$/, '');
  const out = path.join(OUT_DIR, `${name}.mjs`), inputsFile = `${out}.inputs.json`;
  try {
    const inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf8')) as Record<string, string>;
    if (fs.existsSync(out) && Object.entries(inputs).every(([f, s]) => stamp(f) === s)) return out;
  } catch { /* not built yet, or a source file moved: build */ }
  // Loaded only here: the tests that start no child never load esbuild.
  const esbuild = createRequire(HERE)('esbuild') as typeof import('esbuild');
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const before = Object.fromEntries(ALSO.map((f) => [f, stamp(f)]));
  const buildStart = Date.now();
  const tmp = `${out}.${process.pid}.${buildStart}.tmp`;
  const r = await esbuild.build({
    entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: tmp, write: true,
    absWorkingDir: ROOT, tsconfig: path.join(ROOT, 'tsconfig.json'), external: ['better-sqlite3', 'electron', 'vite', 'esbuild'],
    metafile: true, logLevel: 'silent', plugins: [ownImportMetaUrl],
    // Bundled CommonJS packages call require() and read __dirname; an ES module has neither.
    banner: { js: "import { createRequire as __ledgerRequire } from 'node:module'; import { fileURLToPath as __ledgerPath } from 'node:url';\nconst require = __ledgerRequire(import.meta.url); const __filename = __ledgerPath(import.meta.url); const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));" },
  });
  const inputs: Record<string, string> = { ...before };
  for (const f of Object.keys(r.metafile!.inputs)) if (!f.includes('node_modules')) inputs[f] = stamp(f);
  fs.renameSync(tmp, out);
  // A source saved while esbuild ran may or may not be in this bundle: use it once, but record nothing, so
  // the next run builds again.
  const savedDuring = Object.keys(inputs).some((f) => fs.statSync(path.join(ROOT, f)).mtimeMs >= buildStart - 1000);
  if (!savedDuring) {
    fs.writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(inputs));
    fs.renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
  }
  return out;
}

/** Arguments for spawn(process.execPath, …): the child script's bundle and its own arguments. */
export const childArgs = async (entry: string, args: string[] = []): Promise<string[]> => [await childBundle(entry), ...args];
