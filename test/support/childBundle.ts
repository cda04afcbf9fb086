/**
 * Child processes of the tests (a script a test starts in its own process to kill it, crash it or
 * watch it for a hang), started from an esbuild bundle of the script instead of through tsx:
 * `node --import tsx <child>.ts` spent ~2 s of CPU transpiling the backend at every start, the
 * bundle starts in a fraction of that. The bundle keeps tsx's meaning: every module sees its own
 * source file as import.meta.url (worker scripts, the samples folder and the app's package.json
 * are found as from source, and no bundled module takes itself for the main one), better-sqlite3
 * stays the one native module in node_modules. Built and kept current by devBundle, as the reader
 * thread's script is.
 *
 *   spawn(process.execPath, await childArgs(path.resolve(__dirname, 'my-child.ts'), [arg, ...]))
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { devBundle } from '../../electron/backend/devBundle';

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '..', '..');
/** Not in the bundle's inputs, but they change what the bundle is. */
const ALSO = ['package-lock.json', 'tsconfig.json', path.relative(ROOT, HERE)];


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

/** The bundle of one child script (a path under test/), current with its sources. */
export function childBundle(entry: string): Promise<string> {
  return devBundle({
    root: ROOT, entry, also: ALSO,
    name: `test-children/${path.relative(ROOT, entry).replace(/[\\/]/g, '__').replace(/\.[cm]?ts$/, '')}.mjs`,
    options: {
      format: 'esm', tsconfig: path.join(ROOT, 'tsconfig.json'), external: ['better-sqlite3', 'electron', 'vite', 'esbuild'], plugins: [ownImportMetaUrl],
      // Bundled CommonJS packages call require() and read __dirname; an ES module has neither.
      banner: { js: "import { createRequire as __ledgerRequire } from 'node:module'; import { fileURLToPath as __ledgerPath } from 'node:url';\nconst require = __ledgerRequire(import.meta.url); const __filename = __ledgerPath(import.meta.url); const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));" },
    },
  });
}

/** Arguments for spawn(process.execPath, …): the child script's bundle and its own arguments. */
export const childArgs = async (entry: string, args: string[] = []): Promise<string[]> => [await childBundle(entry), ...args];
