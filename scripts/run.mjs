#!/usr/bin/env node
/**
 * `npm run cli -- …` and `npm run web -- …`: runs the bundled CLI or browser-mode server from
 * dist-node/ in this same process (one Node start-up per call), rebuilding the bundle first when a
 * source file changed since it was built (scripts/build-node.mjs). Rebuild notes go to stderr, so
 * `npm run -s cli -- … --json` prints nothing but JSON on stdout.
 *
 *   node scripts/run.mjs cli|web [arguments]
 */
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { ENTRIES, OUT_DIR, ensureNodeBuilt } from './build-node.mjs';

const [which, ...args] = process.argv.slice(2);
if (!Object.hasOwn(ENTRIES, which)) {
  process.stderr.write(`用法：node scripts/run.mjs ${Object.keys(ENTRIES).join('|')} [参数]\n`);
  process.exit(2);
}
try {
  await ensureNodeBuilt();
} catch (e) {
  process.stderr.write(`构建命令行失败：${e instanceof Error ? e.message : e}\n`);
  process.exit(2);
}
const bundle = path.join(OUT_DIR, `${which}.cjs`);
// The bundle runs its main when argv[1] is its own path, as if started as `node dist-node/cli.cjs …`.
process.argv = [process.argv[0], bundle, ...args];

if (which === 'cli') runWithCodeCache(bundle);
else createRequire(import.meta.url)(bundle);

/**
 * Most of a CLI call's start-up is V8 compiling the 5 MB bundle. Node 22 caches that itself
 * (module.enableCompileCache); on Node 20 we keep V8's code cache beside the bundle, as
 * v8-compile-cache does: loaded when it matches this bundle and V8, written after the first run
 * (so it includes the functions that run compiled). The cache is only an optimisation: when it is
 * missing, stale or rejected, the bundle compiles as usual.
 */
function runWithCodeCache(file) {
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache(path.join(OUT_DIR, '.compile-cache'));
    createRequire(import.meta.url)(file);
    return;
  }
  const source = fs.readFileSync(file, 'utf8');
  const stamp = fs.statSync(file);
  const cacheFile = path.join(OUT_DIR, `.${path.basename(file)}.${process.version}.${stamp.size}-${Math.round(stamp.mtimeMs)}.v8cache`);
  let cachedData;
  try { cachedData = fs.readFileSync(cacheFile); } catch { /* first run */ }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        for (const old of fs.readdirSync(OUT_DIR)) if (old.startsWith(`.${path.basename(file)}.`) && old.endsWith('.v8cache')) fs.rmSync(path.join(OUT_DIR, old), { force: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch { /* read-only install: run without the cache */ }
    });
  }
  const mod = new Module(file, null);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  const req = createRequire(file);
  script.runInThisContext()(mod.exports, req, mod, file, path.dirname(file));
}
