// Child process of the import fuzz test (safety-fuzz.test.ts): feeds mutated sample files to
// readWorkbook and to the import channels, one JSON line per case, so the parent can tell a
// crash or a hang (no next line) from an answer. Deterministic: the same seed gives the same cases.
import fs from 'node:fs';
import path from 'node:path';
import { openBackend } from '../../electron/backend/index';
import { AppError } from '../../electron/backend/errors';
import { readWorkbook } from '../../electron/backend/import/read';
import { SAMPLES } from '../samples';
import { rng } from '../support/rng';
import { unzip, zip, type ZipPart } from './safety-zip';

const [dataDir, seedArg, casesArg] = process.argv.slice(2);
const SEED = Number(seedArg ?? 20261128);
const CASES = Number(casesArg ?? 200);

const R = rng(SEED);

const emit = (o: unknown) => fs.writeSync(1, `${JSON.stringify(o)}\n`);
const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

// ---- the samples and their XML parts ---------------------------------------------------------

const load = (f: string) => fs.readFileSync(path.join(SAMPLES, f));
/** Small files most of the time; the 3000-row export now and then (it takes longer to stage). */
const SMALL = ['bad/bad-checksum.xlsx', 'bad/duplicate-ids.xlsx', 'bad/huge-cell.xlsx', 'bad/formula-injection.xlsx', 'bad/header-only.xlsx',
  'posts-roster-township.xlsx', 'workshops-ledger.xlsx', 'microloans-ledger.xlsx', 'persons-gbk.csv', 'posts-roster-township.xls'];
const LARGE = ['persons-county-export.xlsx', 'persons-county-export.xls'];
const files = new Map([...SMALL, ...LARGE].map((f) => [f, load(f)]));

function sheetPart(parts: ZipPart[]): ZipPart {
  return parts.find((p) => /^xl\/worksheets\/sheet1\.xml$/.test(p.name)) ?? parts.find((p) => p.name.startsWith('xl/worksheets/') && p.data.length)!;
}
const withPart = (parts: ZipPart[], part: ZipPart, data: Buffer | string) =>
  zip(parts.map((p) => (p === part ? { name: p.name, data: Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8') } : p)));
const withSheetXml = (f: string, edit: (xml: string) => string) => {
  const parts = unzip(files.get(f)!);
  const s = sheetPart(parts);
  return withPart(parts, s, edit(s.data.toString('utf8')));
};

// ---- mutations ---------------------------------------------------------------------------------

const FRAGMENTS = ['<row', '</row>', '<row r="7">', '<c r="A1"', '<c r="XFD9" t="s">', '</c>', '<v>', '</v>', '<v>999999</v>', '<t>', '</t>', '>', '"', '/>',
  '&amp;', '&#x0;', '&#99999999;', '_x0000_', 'r="1048576"', 'r="99999999999"', 'r="-3"', 't="inlineStr"', '<is><t>', '<si>', '</si>', '<mergeCell ref="A1:ZZZZ99"/>', '<sheetData>', '</sheetData>'];

type Mutation = { name: string; apply: (buf: Buffer, file: string) => Buffer };
const byteMutations: Mutation[] = [
  { name: 'truncate', apply: (b) => b.subarray(0, R.int(0, b.length - 1)) },
  {
    name: 'flip-bytes', apply: (b) => {
      const out = Buffer.from(b);
      for (let i = R.int(1, 32); i > 0; i--) out[R.int(0, out.length - 1)] ^= R.int(1, 255);
      return out;
    },
  },
  {
    name: 'fill-range', apply: (b) => {
      const out = Buffer.from(b);
      const at = R.int(0, out.length - 1);
      out.fill(R.pick([0, 0xff, 0x41]), at, Math.min(out.length, at + R.int(1, 4096)));
      return out;
    },
  },
  { name: 'insert-random', apply: (b) => { const at = R.int(0, b.length); return Buffer.concat([b.subarray(0, at), R.bytes(R.int(1, 2000)), b.subarray(at)]); } },
  { name: 'magic-then-noise', apply: (b) => Buffer.concat([b.subarray(0, R.int(2, 8)), R.bytes(R.int(0, 20000))]) },
  { name: 'repeat-chunk', apply: (b) => { const at = R.int(0, b.length - 1); const chunk = b.subarray(at, at + R.int(1, 5000)); return Buffer.concat([b.subarray(0, at), chunk, chunk, b.subarray(at)]); } },
];
const zipMutations: Mutation[] = [
  {
    name: 'drop-part', apply: (b) => {
      const parts = unzip(b);
      const drop = R.pick(parts.filter((p) => p.data.length));
      return zip(parts.filter((p) => p !== drop));
    },
  },
  {
    name: 'xml-edit', apply: (b) => {
      const parts = unzip(b);
      const target = R.pick(parts.filter((p) => /\.(xml|rels)$/.test(p.name) && p.data.length));
      let xml = target.data.toString('utf8');
      for (let i = R.int(1, 6); i > 0; i--) {
        const at = R.int(0, xml.length);
        const op = R.int(0, 3);
        if (op === 0) xml = xml.slice(0, at) + xml.slice(at + R.int(1, 400));
        else if (op === 1) xml = xml.slice(0, at) + R.pick(FRAGMENTS) + xml.slice(at);
        else if (op === 2) xml = xml.slice(0, at);
        else { const span = xml.slice(at, at + R.int(1, 2000)); xml = xml.slice(0, at) + span.repeat(R.int(2, 50)) + xml.slice(at); }
      }
      return withPart(parts, target, xml);
    },
  },
  {
    name: 'huge-string', apply: (b) => {
      const parts = unzip(b);
      const s = sheetPart(parts);
      const big = R.pick(['王', 'x', '1', '&amp;']).repeat(R.int(50_000, 500_000));
      const xml = s.data.toString('utf8').replace(/(<row r="(\d+)"[^>]*>)/, (m, open) => `${open}<c r="Q${R.int(1, 9)}" t="inlineStr"><is><t>${big}</t></is></c>`);
      return withPart(parts, s, xml);
    },
  },
  {
    name: 'declare-1048576-rows', apply: (b) => {
      const parts = unzip(b);
      const s = sheetPart(parts);
      const xml = s.data.toString('utf8')
        .replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>')
        .replace('</sheetData>', `<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>${R.pick(['合计', '王建国', '140724198505051234'])}</t></is></c></row></sheetData>`);
      return withPart(parts, s, xml);
    },
  },
];
const csvMutations: Mutation[] = [
  { name: 'csv-open-quote', apply: (b) => { const at = R.int(0, b.length); return Buffer.concat([b.subarray(0, at), Buffer.from('"'), b.subarray(at)]); } },
  { name: 'csv-nul-bytes', apply: (b) => { const out = Buffer.from(b); for (let i = R.int(1, 20); i > 0; i--) out[R.int(0, out.length - 1)] = 0; return out; } },
  { name: 'csv-long-line', apply: (b) => Buffer.concat([b, Buffer.from(`\r\n${'张三,'.repeat(R.int(10_000, 200_000))}\r\n`)]) },
];

/** Hand-made hostile files that once hung or crashed the reader, and the limits Excel itself has. */
const FIXED: { name: string; file: string; make: () => Buffer }[] = [
  { name: 'row-number-2e9', file: 'bad/bad-checksum.xlsx', make: () => withSheetXml('bad/bad-checksum.xlsx', (x) => x.replace('</sheetData>', '<row r="2000000000"><c r="A1"><v>1</v></c></row></sheetData>')) },
  { name: 'column-ZZZZZZ', file: 'bad/bad-checksum.xlsx', make: () => withSheetXml('bad/bad-checksum.xlsx', (x) => x.replace('</sheetData>', '<row r="30"><c r="ZZZZZZ30" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')) },
  { name: 'row-tag-without-end', file: 'bad/bad-checksum.xlsx', make: () => withSheetXml('bad/bad-checksum.xlsx', (x) => x.replace('</sheetData>', '<row r="40"</row></sheetData>')) },
  { name: 'cell-tag-without-end', file: 'bad/bad-checksum.xlsx', make: () => withSheetXml('bad/bad-checksum.xlsx', (x) => x.replace('</sheetData>', '<row r="40"><c r="A40"</row></sheetData>')) },
  { name: 'cell-never-closed', file: 'bad/bad-checksum.xlsx', make: () => withSheetXml('bad/bad-checksum.xlsx', (x) => x.replace('</sheetData>', '<row r="40"><c r="A40"><v>1</row></sheetData>')) },
  { name: 'text-never-closed', file: 'bad/bad-checksum.xlsx', make: () => withSheetXml('bad/bad-checksum.xlsx', (x) => x.replace('</sheetData>', '<row r="40"><c r="A40" t="inlineStr"><is><t>abc</is></c></row></sheetData>')) },
  { name: '1048576-rows-on-the-roster', file: 'posts-roster-township.xlsx', make: () => zipMutations[3].apply(files.get('posts-roster-township.xlsx')!, '') },
  { name: '1048576-rows-declared', file: 'persons-county-export.xlsx', make: () => withSheetXml('persons-county-export.xlsx', (x) => x.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:P1048576"/>').replace('</sheetData>', '<row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>')) },
  { name: 'one-8MB-cell', file: 'bad/huge-cell.xlsx', make: () => withSheetXml('bad/huge-cell.xlsx', (x) => x.replace(/(<row r="5"[^>]*>)/, `$1<c r="Z5" t="inlineStr"><is><t>${'王'.repeat(8_000_000 / 3)}</t></is></c>`)) },
  { name: 'char-ref-beyond-unicode', file: 'bad/bad-checksum.xlsx', make: () => {
    const parts = unzip(files.get('bad/bad-checksum.xlsx')!);
    const sst = parts.find((p) => p.name === 'xl/sharedStrings.xml')!;
    return withPart(parts, sst, sst.data.toString('utf8').replace(/<t>/g, '<t>&#99999999;&#xFFFFFFFF;'));
  } },
  { name: 'empty-sheet-xml', file: 'bad/bad-checksum.xlsx', make: () => withSheetXml('bad/bad-checksum.xlsx', () => '') },
  { name: 'no-workbook-part', file: 'bad/bad-checksum.xlsx', make: () => zip(unzip(files.get('bad/bad-checksum.xlsx')!).filter((p) => p.name !== 'xl/workbook.xml')) },
  { name: 'no-sheet-part', file: 'bad/bad-checksum.xlsx', make: () => zip(unzip(files.get('bad/bad-checksum.xlsx')!).filter((p) => !p.name.startsWith('xl/worksheets/'))) },
  { name: 'zip-without-entries', file: 'bad/bad-checksum.xlsx', make: () => zip([]) },
  { name: 'pk-magic-only', file: 'bad/bad-checksum.xlsx', make: () => Buffer.from('PK\u0003\u0004', 'latin1') },
  { name: 'ole-magic-only', file: 'posts-roster-township.xls', make: () => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600, 0xff)]) },
];

const [DROP_PART, XML_EDIT_ONE, HUGE] = [zipMutations[0], zipMutations[1], zipMutations[2]];
const XML_EDIT = [XML_EDIT_ONE];

function randomCase(i: number): { name: string; file: string; buf: Buffer } {
  const file = i % 25 === 0 ? R.pick(LARGE) : R.pick(SMALL);
  const src = files.get(file)!;
  const isZip = file.endsWith('.xlsx');
  // XML-level edits find the most; the costly 1,048,576-row and huge-string cases stay few.
  const pool = [...byteMutations, ...(isZip ? [...XML_EDIT, ...XML_EDIT, ...XML_EDIT, DROP_PART, DROP_PART, HUGE] : []), ...(file.endsWith('.csv') ? csvMutations : [])];
  const m = R.pick(pool);
  return { name: m.name, file, buf: m.apply(src, file) };
}

// ---- run ---------------------------------------------------------------------------------------

// The data folder already holds the roster (the test puts a copy of it there): the cases are staged against 3000 people.
const b = openBackend({ dataDir, mode: 'test', operator: '模糊测试' });
const snapshot = () => {
  const one = (sql: string) => (b.ctx.db.prepare(sql).get() as { n: number }).n;
  return {
    totalChanges: one('SELECT total_changes() AS n'),
    persons: one('SELECT count(*) AS n FROM persons'), households: one('SELECT count(*) AS n FROM households'),
    villages: one('SELECT count(*) AS n FROM villages'), batches: one('SELECT count(*) AS n FROM import_batches'),
    audit: one('SELECT count(*) AS n FROM audit_log'), mappings: one('SELECT count(*) AS n FROM saved_mappings'),
    settings: one('SELECT count(*) AS n FROM settings'),
  };
};
const before = snapshot();
emit({ ready: true, persons: before.persons });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAX_POLLS = 3000;

for (let i = 0; i < CASES; i++) {
  const c = i < FIXED.length ? { name: FIXED[i].name, file: FIXED[i].file, buf: FIXED[i].make() } : randomCase(i);
  const fileName = path.basename(c.file);
  emit({ start: i, mutation: c.name, sample: c.file, bytes: c.buf.length });
  const t0 = performance.now();
  const problems: string[] = [];

  // 1. The reader alone, for the hand-made cases (the random ones reach it through the channels below).
  let read = '';
  if (i < FIXED.length) try {
    const r = await readWorkbook(c.buf, fileName);
    read = `read ${r.sheets.length} sheet(s), ${r.sheets.reduce((n, s) => n + s.rows.length, 0)} rows`;
  } catch (e) {
    if (!(e instanceof AppError)) problems.push(`readWorkbook threw ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`);
    else if (!hasChinese(e.message)) problems.push(`refusal without Chinese: ${e.message}`);
    read = `refused: ${(e as Error).message.slice(0, 120)}`;
  }

  // 2. The import channels, as the page uses them: start, wait, preview, cancel. Never commit.
  let state = '', message: string | null = null;
  const start = await b.invoke('import.start', { kind: 'persons', fileName, base64: c.buf.toString('base64') });
  if (!start.ok) {
    state = `error ${start.error.code}`;
    message = start.error.message;
    if (!['BAD_FILE', 'VALIDATION'].includes(start.error.code) || !hasChinese(start.error.message)) problems.push(`import.start answered ${start.error.code}: ${start.error.message}`);
  } else {
    let job = start.data as { jobId: string; state: string; message: string | null };
    for (let p = 0; p < MAX_POLLS && job.state === 'reading'; p++) {
      await sleep(p < 20 ? 1 : 10);
      const s = await b.invoke('import.status', { jobId: job.jobId });
      if (!s.ok) { problems.push(`import.status failed: ${s.error.message}`); break; }
      job = s.data as typeof job;
    }
    state = job.state; message = job.message;
    if (job.state === 'reading') problems.push(`still reading after ${MAX_POLLS} polls`);
    else if (job.state === 'failed') {
      if (!message || !hasChinese(message)) problems.push(`failed without a Chinese message: ${message}`);
      else if (message.startsWith('读取文件时出错')) problems.push(`unexpected exception inside the import: ${message}`);
    } else if (job.state === 'ready') {
      const pv = await b.invoke('import.preview', { jobId: job.jobId, category: 'all', limit: 50 });
      if (!pv.ok) problems.push(`preview failed: ${pv.error.message}`);
    } else if (job.state !== 'needsMapping') problems.push(`unexpected state ${job.state}`);
    await b.invoke('import.cancel', { jobId: job.jobId });
  }
  emit({ done: i, ms: Math.round(performance.now() - t0), mutation: c.name, sample: c.file, read, state, message: message?.slice(0, 160) ?? null, problems });
}

emit({ finished: true, before, after: snapshot() });
b.close();
