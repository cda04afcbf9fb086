// Child process for writers-wait.test.ts: another writer on the same ledger (as a CLI import
// would be). Takes the write lock, says "locked", and lets go on "release" (stdin) or after holdMs.
import Database from 'better-sqlite3';

const [file, holdMs] = process.argv.slice(2);
const db = new Database(file);
db.pragma('busy_timeout = 10000');
db.exec('BEGIN IMMEDIATE');
db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('holder', '\"另一个进程\"')").run();
process.stdout.write('locked\n');
const release = () => { db.exec('COMMIT'); db.close(); process.stdout.write('released\n'); process.exit(0); };
process.stdin.on('data', (d) => { if (String(d).includes('release')) release(); });
if (Number(holdMs) > 0) setTimeout(release, Number(holdMs));
