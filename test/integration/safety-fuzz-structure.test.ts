import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openBackend } from '../../electron/backend/index';
import { liveReadWorkers } from '../../electron/backend/import/read';
import { sample } from '../samples';
import { childArgs } from '../support/childBundle';
import { tmpDir } from './helpers';
import { unzip } from './safety-zip';

/**
 * Structural fuzzing of the importer (issue 19): real workbooks with elements left unclosed or
 * repeated by the hundred thousand, extreme references and lengths, parts inflated after their
 * data, parts huge or missing — in a child process (a crash or a hang is then reported with the
 * case that caused it). Each case must end in a preview or a Chinese refusal,
 * leave no reader thread running and write nothing. The bound on each case is the reader
 * thread's own time and memory limit; the child's timers show that the main thread kept running.
 * FUZZ_SEED=… reproduces a run.
 *
 * How many cases: `npm test` runs 150 — the 8 fixed hostile files (every cap, the 1.2 GB filler, the
 * 200 MB cell) and 142 random mutations, which with this seed reach every mutation kind, both
 * answers and the caps (asserted below). The long run the issue asked for, 500 or more, is
 * FUZZ_STRUCTURE_CASES=500 (a few minutes more on a two-core machine; do it after changing the reader).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const CASES = Number(process.env.FUZZ_STRUCTURE_CASES) || 150;
/** Only a hang detector: no timing is asserted. */
const SILENCE_LIMIT_MS = 180_000;

interface Line {
  ready?: boolean; start?: number; done?: number; finished?: boolean; ms?: number; worstGapMs?: number;
  mutation?: string; detail?: string; base?: string; state?: string; message?: string; problems?: string[];
  before?: Record<string, number>; after?: Record<string, number>; maxRssMb?: number; kinds?: string[];
}

async function runChild(): Promise<{ lines: Line[]; exit: string; lastStarted: Line | null; hung: boolean }> {
  const child = spawn(process.execPath, await childArgs(path.resolve(__dirname, 'safety-fuzz-structure-child.ts'), [tmpDir('ledger-sfuzz-'), String(SEED), String(CASES)]), {
    stdio: ['ignore', 'pipe', 'pipe'],
    // The reader thread's limits, as the app sets them from the file size; a smaller heap here
    // makes the memory limit part of what is tested.
    env: { ...process.env, LEDGER_READ_MEMORY_MB: '256' },
  });
  const lines: Line[] = [];
  let lastStarted: Line | null = null, hung = false, stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + String(d)).slice(-2000); });
  let timer: NodeJS.Timeout;
  const arm = () => { clearTimeout(timer); timer = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, SILENCE_LIMIT_MS); };
  arm();
  readline.createInterface({ input: child.stdout }).on('line', (l) => {
    arm();
    try {
      const j = JSON.parse(l) as Line;
      lines.push(j);
      if (j.start !== undefined) lastStarted = j;
    } catch { /* a stray log line */ }
  });
  return new Promise((resolve) => child.on('close', (code, signal) => {
    clearTimeout(timer);
    resolve({ lines, exit: signal ? `signal ${signal}` : `code ${code}${code ? `: ${stderr}` : ''}`, lastStarted, hung });
  }));
}

describe('structural fuzzing of the importer', () => {
  it(`${CASES} structurally mutated workbooks: a preview or a Chinese refusal each, no thread left running, nothing written`, async () => {
    const { lines, exit, lastStarted, hung } = await runChild();
    const where = lastStarted ? `case ${lastStarted.start} (${lastStarted.mutation} ${lastStarted.detail ?? ''} of ${lastStarted.base}, seed ${SEED})` : 'before the first case';
    expect(hung, `hung at ${where}`).toBe(false);
    expect(exit, `the import process died at ${where}`).toBe('code 0');

    const done = lines.filter((l) => l.done !== undefined);
    expect(done).toHaveLength(CASES);
    const slowest = [...done].sort((a, b) => b.ms! - a.ms!)[0];
    const states = new Map<string, number>();
    for (const l of done) states.set(l.state!, (states.get(l.state!) ?? 0) + 1);
    const fin = lines.find((l) => l.finished)!;
    console.log(`structural fuzz: ${done.length} cases (seed ${SEED}); answers ${[...states].map(([s, n]) => `${s} ${n}`).join(', ')}; `
      + `slowest #${slowest.done} ${slowest.mutation} (${slowest.detail}) of ${slowest.base}: ${slowest.ms} ms, ${slowest.state}; `
      + `longest main-thread timer gap ${Math.max(...done.map((l) => l.worstGapMs!))} ms; child peak RSS ${fin.maxRssMb} MB`);

    const bad = done.filter((l) => l.problems!.length).map((l) => `#${l.done} ${l.mutation} (${l.detail}) of ${l.base}: ${l.problems!.join('; ')}`);
    expect(bad).toEqual([]);
    // Both answers really occurred, and the caps were reached, not just the easy paths.
    expect(states.get('failed') ?? 0).toBeGreaterThan(20);
    expect((states.get('ready') ?? 0) + (states.get('needsMapping') ?? 0)).toBeGreaterThan(20);
    expect(done.some((l) => /上限/.test(l.message ?? ''))).toBe(true);
    // A shorter run still tried every kind of mutation (alone or as one of a pair).
    const tried = new Set(done.flatMap((l) => l.mutation!.split('+')));
    expect(lines.find((l) => l.ready)!.kinds!.filter((k) => !tried.has(k))).toEqual([]);
    expect(fin.after).toEqual(fin.before);
    // The memory bound: the main process never held a hostile file's blow-up (the reader thread's heap is capped at 256 MB).
    expect(fin.maxRssMb).toBeLessThan(2500);
  }, 1_500_000); // a bound for a shared CI machine, not a timing assertion
});

/** A sheet whose rows go on for 1.2 GB: a reader needs seconds for it whatever it does, so it outlasts a short time limit. */
function endlessRowsXlsx(): Buffer {
  const parts = unzip(fs.readFileSync(sample('bad/bad-checksum.xlsx')));
  const out = parts.map((p) => {
    if (!/^xl\/worksheets\/sheet1\.xml$/.test(p.name)) return { name: p.name, ...deflated(p.data) };
    const s = p.data.toString('utf8'), at = s.indexOf('<sheetData>') + '<sheetData>'.length;
    const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 };
    const unit = zlib.deflateRawSync(Buffer.from('<row r="2"></row>'.repeat(61_681)).subarray(0, 1 << 20), flush);
    const raw = Buffer.concat([zlib.deflateRawSync(Buffer.from(s.slice(0, at)), flush), ...Array.from({ length: 1200 }, () => unit), zlib.deflateRawSync(Buffer.from(s.slice(at)))]);
    return { name: p.name, raw, size: 0, crc: 0 };
  });
  return zipRaw(out);
}
const deflated = (data: Buffer) => ({ raw: zlib.deflateRawSync(data), size: data.length, crc: zlib.crc32(data) });
function zipRaw(parts: { name: string; raw: Buffer; size: number; crc: number }[]): Buffer {
  const chunks: Buffer[] = [], central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8); local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.raw.length, 18); local.writeUInt32LE(p.size, 22); local.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(8, 10); c.writeUInt32LE(p.crc >>> 0, 16);
    c.writeUInt32LE(p.raw.length, 20); c.writeUInt32LE(p.size, 24); c.writeUInt16LE(name.length, 28); c.writeUInt32LE(offset, 42);
    chunks.push(local, name, p.raw); central.push(c, name);
    offset += 30 + name.length + p.raw.length;
  }
  const cd = Buffer.concat(central), end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(parts.length, 8); end.writeUInt16LE(parts.length, 10); end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, cd, end]);
}

describe('the reader thread', () => {
  afterEach(() => { delete process.env.LEDGER_READ_TIMEOUT_MS; });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  type Job = { jobId: string; state: string; message: string | null };

  it('a file that outlasts the time limit is refused in Chinese, and the app answers other calls meanwhile', async () => {
    const b = openBackend({ dataDir: tmpDir('ledger-slow-'), mode: 'test' });
    try {
      process.env.LEDGER_READ_TIMEOUT_MS = '1500';
      const buf = endlessRowsXlsx();
      const start = await b.invoke('import.start', { kind: 'persons', fileName: '慢文件.xlsx', base64: buf.toString('base64') });
      expect(start.ok).toBe(true);
      let job = (start as { data: Job }).data;
      const started = Date.now();
      let answeredWhileReading = 0;
      while (job.state === 'reading') {
        // Another call while the file is read: answered at once, before the read has ended.
        const s = await b.invoke('stats.get', {});
        expect(s.ok).toBe(true);
        const st = await b.invoke('import.status', { jobId: job.jobId });
        job = (st as { data: Job }).data;
        // Counted only well into the read: the very first answers could come before the reader had started.
        if (job.state === 'reading' && Date.now() - started >= 300) answeredWhileReading++;
        await sleep(50);
      }
      // At least one answer came while the read was well under way (how many fit into the 1.5 s depends on the machine's load).
      expect(answeredWhileReading).toBeGreaterThan(0);
      expect(job.state).toBe('failed');
      expect(job.message).toMatch(/读取文件“慢文件\.xlsx”超过了 2 秒的时间上限/);
      for (let k = 0; k < 100 && liveReadWorkers() > 0; k++) await sleep(20);
      expect(liveReadWorkers()).toBe(0);
    } finally { b.close(); }
  }, 120_000);

  it('取消 ends the reader thread at once and writes nothing', async () => {
    const b = openBackend({ dataDir: tmpDir('ledger-cancel-'), mode: 'test' });
    try {
      process.env.LEDGER_READ_TIMEOUT_MS = '600000';
      const start = await b.invoke('import.start', { kind: 'persons', fileName: '慢文件.xlsx', base64: endlessRowsXlsx().toString('base64') });
      const job = (start as { data: Job }).data;
      await sleep(300);
      expect(liveReadWorkers()).toBe(1);
      const c = await b.invoke('import.cancel', { jobId: job.jobId });
      expect((c as { data: Job }).data.state).toBe('cancelled');
      for (let k = 0; k < 100 && liveReadWorkers() > 0; k++) await sleep(20);
      expect(liveReadWorkers()).toBe(0);
      const s = await b.invoke('stats.get', {});
      expect((s as { data: { persons: number } }).data.persons).toBe(0);
    } finally { b.close(); }
  }, 120_000);
});
