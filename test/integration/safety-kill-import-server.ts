// Child process for the browser-mode crash test: the real web server (startWebServer from
// electron/web.ts over openBackend in 'browser' mode, as `npm run web` starts it) on a temp data
// dir and a free port. It prints one JSON line {port, token} when it listens.
//
// With LEDGER_TEST_PAUSE_AT=<rows>, a persons commit of at least that many rows stops after every
// row has been written inside the transaction, says so on stdout, and spins (holding the
// transaction open) until the parent kills it: the kill then lands mid-transaction for certain.
import fs from 'node:fs';
import path from 'node:path';
import { openBackend } from '../../electron/backend/index';
import { getKind } from '../../electron/backend/import/kinds';
import { startWebServer } from '../../electron/web';

const [dataDir, staticDir] = process.argv.slice(2);
const pauseAt = Number(process.env.LEDGER_TEST_PAUSE_AT ?? 0);
if (pauseAt > 0) {
  const kind = getKind('persons');
  const commit = kind.commit.bind(kind);
  kind.commit = (ctx, rows, batchId) => {
    const r = commit(ctx, rows, batchId);
    if (rows.length >= pauseAt) {
      const n = (ctx.db.prepare('SELECT count(*) AS n FROM persons').get() as { n: number }).n;
      fs.writeSync(1, `inside commit: batch ${batchId}, ${rows.length} rows written, ${n} persons in the open transaction\n`);
      const until = Date.now() + 60_000; // the parent's SIGKILL lands long before this ends
      while (Date.now() < until) { /* hold the transaction open */ }
    }
    return r;
  };
}
fs.mkdirSync(staticDir, { recursive: true });
if (!fs.existsSync(path.join(staticDir, 'index.html'))) fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
const backend = openBackend({ dataDir, mode: 'browser', operator: '测试员' });
const web = await startWebServer({ backend, port: 0, staticDir });
fs.writeSync(1, JSON.stringify({ port: web.port, token: web.token }) + '\n');
