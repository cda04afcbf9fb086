// Child process for the crash test: opens a data folder that holds the persons sample (the test puts
// a copy of it there), starts 立即备份 into a folder and dies with SIGKILL after the first batch of
// pages has been copied, in the middle of the backup.
import fs from 'node:fs';
import { openBackend } from '../../electron/backend/index';
import { backupNow } from '../../electron/backend/services/backups';

const [dataDir, target] = process.argv.slice(2);
const b = openBackend({ dataDir, mode: 'test' });
const db = b.ctx.db;
const backup = db.backup.bind(db);
db.backup = ((dest: string) => backup(dest, {
  progress: ({ totalPages, remainingPages }) => {
    fs.writeSync(1, `inside backup: ${totalPages - remainingPages} of ${totalPages} pages\n`);
    process.kill(process.pid, 'SIGKILL');
    const until = Date.now() + 10_000; // SIGKILL lands before this loop ends
    while (Date.now() < until) { /* wait */ }
    return 10;
  },
})) as typeof db.backup;
await backupNow(b.ctx, target);
console.log('NOT KILLED');
