// Runs one CLI call exactly as `npm run -s cli -- …` does (scripts/run.mjs: the bundled CLI in
// this process) and reports its wall time from process start, CPU time and peak RSS on stderr, as the
// last line, so the CLI's own JSON stays alone on stdout.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const t0 = performance.timeOrigin;
process.on('exit', () => {
  const u = process.resourceUsage(); // CPU of all threads (the reader thread included), in µs
  process.stderr.write(`\n${JSON.stringify({ ms: Date.now() - t0, cpuMs: Math.round((u.userCPUTime + u.systemCPUTime) / 1000), rssMb: Math.round(u.maxRSS / 1024) })}\n`);
});
const run = path.join(here, '..', 'scripts', 'run.mjs');
process.argv = [process.argv[0], run, 'cli', ...process.argv.slice(2)];
await import(run);
