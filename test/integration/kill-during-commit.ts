// Child process for the crash test: stages a real import, then dies with SIGKILL inside the
// commit transaction, after every row has been written but before COMMIT (WAL, or the rollback
// journal of a large import).
import fs from 'node:fs';
import { openBackend } from '../../electron/backend/index';
import { getKind } from '../../electron/backend/import/kinds';

const [dataDir, file] = process.argv.slice(2);
const b = openBackend({ dataDir, mode: 'test' });
const kind = getKind('persons');
const commit = kind.commit.bind(kind);
kind.commit = (ctx, rows, batchId) => {
  const r = commit(ctx, rows, batchId);
  const n = (ctx.db.prepare('SELECT count(*) AS n FROM persons').get() as { n: number }).n;
  fs.writeSync(1, `inside commit: ${n} rows written, journal ${String(ctx.db.pragma('journal_mode', { simple: true }))}\n`);
  process.kill(process.pid, 'SIGKILL');
  const until = Date.now() + 10_000; // SIGKILL lands before this loop ends
  while (Date.now() < until) { /* wait */ }
  return r;
};
const { importFileForCli } = await import('../../electron/backend/import/service');
await importFileForCli(b.ctx, { file, kind: 'persons', dryRun: false, allOrNothing: false });
console.log('NOT KILLED');
