// Child process of the structural fuzz test (safety-fuzz-structure.test.ts). Where the byte fuzz
// (safety-fuzz-child.ts) flips bytes, this one changes the structure of real workbooks: elements
// left unclosed or repeated by the hundred thousand, extreme cell references and lengths, parts
// inflated after their data, parts huge, empty or missing, sparse far-right cells. Every case goes
// through the import channels as the page uses them (start, status, preview, cancel — never
// commit); one JSON line per case lets the parent tell a crash or a hang from an answer.
// Deterministic: the same seed gives the same cases.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { openBackend } from '../../electron/backend/index';
import { liveReadWorkers } from '../../electron/backend/import/read';
import { SAMPLES } from '../samples';
import { rng } from '../support/rng';
import { unzip, type ZipPart } from './safety-zip';

const [dataDir, seedArg, casesArg] = process.argv.slice(2);
const SEED = Number(seedArg ?? 20261206);
const CASES = Number(casesArg ?? 520);

const R = rng(SEED);
const emit = (o: unknown) => fs.writeSync(1, `${JSON.stringify(o)}\n`);
const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

// ---- zip writing: parts given as text, or already deflated (filler of a gigabyte is never held inflated) ----

interface OutPart { name: string; data?: Buffer; deflated?: { raw: Buffer; size: number; crc: number }; stored?: boolean }

/**
 * Deflated at level 1; a short part is deflated once per content (the 60,000 junk parts of a
 * parts-many case are all the same few bytes: one zlib call each cost ~2 s of CPU per case). The
 * same bytes come out either way.
 */
const smallDeflated = new Map<string, Buffer>();
function deflateSmall(data: Buffer): Buffer {
  if (data.length > 256) return zlib.deflateRawSync(data, { level: 1 });
  const key = data.toString('latin1');
  let raw = smallDeflated.get(key);
  if (!raw) smallDeflated.set(key, (raw = zlib.deflateRawSync(data, { level: 1 })));
  return raw;
}

function zipOut(parts: OutPart[]): Buffer {
  const chunks: Buffer[] = [], central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    let raw: Buffer, size: number, crc: number, method = 8;
    if (p.deflated) ({ raw, size, crc } = p.deflated);
    else if (p.stored) { raw = p.data!; size = raw.length; crc = zlib.crc32(raw); method = 0; }
    else { raw = deflateSmall(p.data!); size = p.data!.length; crc = zlib.crc32(p.data!); }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6); local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14); local.writeUInt32LE(raw.length, 18); local.writeUInt32LE(size >>> 0, 22); local.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(0x0800, 8); c.writeUInt16LE(method, 10);
    c.writeUInt32LE(crc >>> 0, 16); c.writeUInt32LE(raw.length, 20); c.writeUInt32LE(size >>> 0, 24); c.writeUInt16LE(name.length, 28); c.writeUInt32LE(offset, 42);
    chunks.push(local, name, raw);
    central.push(c, name);
    offset += 30 + name.length + raw.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(parts.length, 8); end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, cd, end]);
}

/**
 * head + unit × times + tail as one deflate stream without ever holding it inflated: each piece is
 * deflated on its own and ended with a full flush (byte-aligned, no back-references across pieces),
 * so the compressed unit can simply be repeated — 1.2 GB of filler is about a megabyte of zip.
 */
function deflateRepeated(head: Buffer, unit: Buffer, times: number, tail: Buffer): { raw: Buffer; size: number; crc: number } {
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 };
  const u = zlib.deflateRawSync(unit, flush);
  // The reader never checks the CRC (a crafted file could lie about it anyway); computing it over
  // a gigabyte would cost the test more than the case itself, so long fillers carry a zero.
  let crc = 0;
  if (times <= 64) {
    crc = zlib.crc32(head);
    for (let i = 0; i < times; i++) crc = zlib.crc32(unit, crc);
    crc = zlib.crc32(tail, crc);
  }
  const raw = Buffer.concat([zlib.deflateRawSync(head, flush), ...Array.from({ length: times }, () => u), zlib.deflateRawSync(tail)]);
  return { raw, size: head.length + unit.length * times + tail.length, crc };
}

// ---- the real workbooks ----------------------------------------------------------------------------

const BASES = ['bad/bad-checksum.xlsx', 'bad/duplicate-ids.xlsx', 'posts-roster-township.xlsx', 'workshops-ledger.xlsx', 'microloans-ledger.xlsx', 'persons-county-export.xlsx'];
const baseParts = new Map(BASES.map((f) => [f, unzip(fs.readFileSync(path.join(SAMPLES, f)))]));
const CSV = fs.readFileSync(path.join(SAMPLES, 'persons-gbk.csv'));

interface Book { base: string; parts: OutPart[] }
const book = (base: string): Book => ({ base, parts: baseParts.get(base)!.map((p: ZipPart) => ({ name: p.name, data: p.data })) });
const text = (p: OutPart) => p.data!.toString('utf8');
const part = (b: Book, re: RegExp) => b.parts.find((p) => re.test(p.name) && p.data);
const sheetOf = (b: Book) => part(b, /^xl\/worksheets\/sheet1\.xml$/) ?? part(b, /^xl\/worksheets\/.*\.xml$/)!;
const setText = (p: OutPart, s: string) => { p.data = Buffer.from(s, 'utf8'); };
/** Inserts `what` after the first match of `at` (or at a random offset if there is none). */
function insertAfter(p: OutPart, at: RegExp | string, what: string) {
  const s = text(p);
  const m = typeof at === 'string' ? { index: s.indexOf(at), len: at.length } : (() => { const x = at.exec(s); return x ? { index: x.index, len: x[0].length } : { index: -1, len: 0 }; })();
  const i = m.index >= 0 ? m.index + m.len : R.int(0, s.length);
  setText(p, s.slice(0, i) + what + s.slice(i));
}
/** A part of the book by role, for mutations that pick where to strike. */
function role(b: Book, r: 'sheet' | 'sst' | 'workbook' | 'rels' | 'styles'): OutPart | undefined {
  if (r === 'sheet') return sheetOf(b);
  return part(b, { sst: /^xl\/sharedStrings\.xml$/, workbook: /^xl\/workbook\.xml$/, rels: /^xl\/_rels\/workbook\.xml\.rels$/, styles: /^xl\/styles\.xml$/ }[r]);
}
const ensureSst = (b: Book) => {
  let p = role(b, 'sst');
  if (!p) {
    p = { name: 'xl/sharedStrings.xml', data: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</t></si></sst>') };
    b.parts.push(p);
    const rels = role(b, 'rels');
    if (rels) insertAfter(rels, /<Relationships[^>]*>/, '<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>');
  }
  return p;
};

/** How often an element is repeated: mostly a few thousand at most, by the hundred thousand one time in eight. */
const count = () => (R.next() < 0.125 ? R.pick([100_000, 200_000, 400_000]) : R.pick([1, 10, 1000, 20_000]));

// ---- structural mutations ----------------------------------------------------------------------------

type Mut = { name: string; apply: (b: Book) => string | void };

const UNCLOSED: [string, 'sheet' | 'sst' | 'workbook' | 'rels' | 'styles', RegExp | string][] = [
  ['<row r="5">', 'sheet', '<sheetData>'], ['<row', 'sheet', '<sheetData>'], ['<c r="B7">', 'sheet', /<row[^>]*>/], ['<c r="B7"', 'sheet', /<row[^>]*>/],
  ['<v>', 'sheet', /<c [^>]*>/], ['<is><t>', 'sheet', /<c [^>]*>/], ['<f>', 'sheet', /<c [^>]*>/], ['<si>', 'sst', /<sst[^>]*>/], ['<t>', 'sst', '<si>'],
  ['<rPh sb="0">', 'sst', '<si>'], ['<si', 'sst', /<sst[^>]*>/], ['<mergeCell ref="A1:B2"', 'sheet', '</sheetData>'], ['<sheet name="x" ', 'workbook', '<sheets>'],
  ['<Relationship Id="rId1" ', 'rels', /<Relationships[^>]*>/], ['<xf numFmtId="14" ', 'styles', /<cellXfs[^>]*>/], ['<numFmt numFmtId="170" formatCode="', 'styles', /<numFmts[^>]*>/],
  ['<cellXfs>', 'styles', '<styleSheet'], ['<sheetData>', 'sheet', '<sheetData>'], ['<x:row ', 'sheet', '<sheetData>'], ['<!--', 'sheet', '<sheetData>'], ['<![CDATA[', 'sst', '<si><t>'],
];

const EXTREME_REFS = ['XFD1', 'XFE1', 'A1048576', 'A1048577', 'ZZZZZZZZ9', 'A0', 'A-1', '1A', 'a1', '$A$1', 'A99999999999999999999', '', 'Q' + '9'.repeat(400), 'A'.repeat(400) + '1', 'IV9', 'IW9'];
const LENGTHS = [32_767, 32_768, 999_999, 1_000_001, 3_000_000, 12_000_000];

const muts: Mut[] = [
  {
    name: 'unclosed', apply: (b) => {
      const [tag, r, at] = R.pick(UNCLOSED);
      const p = r === 'sst' ? ensureSst(b) : role(b, r);
      if (!p) return 'no part';
      const n = count();
      insertAfter(p, at, tag.repeat(n));
      return `${n}× ${tag} in ${r}`;
    },
  },
  {
    name: 'repeated', apply: (b) => {
      const which = R.pick(['row', 'c', 'si', 'mergeCell', 'sheet', 'Relationship', 'xf', 'numFmt', 'v', 't'] as const);
      const r = ({ row: 'sheet', c: 'sheet', v: 'sheet', mergeCell: 'sheet', si: 'sst', t: 'sst', sheet: 'workbook', Relationship: 'rels', xf: 'styles', numFmt: 'styles' } as const)[which];
      const p = r === 'sst' ? ensureSst(b) : role(b, r);
      if (!p) return 'no part';
      const s = text(p);
      const m = which === 'mergeCell' ? { 0: '<mergeCell ref="A1:C3"/>', index: -1 }
        : new RegExp(`<${which}[\\s>][\\s\\S]*?(?:</${which}>|/>)`).exec(s) ?? { 0: `<${which}/>`, index: -1 };
      // By the hundred thousand, but never past 48 MB of XML (a whole county row repeated 400k times would be 800 MB).
      const n = Math.max(1, Math.min(count(), Math.floor(48e6 / m[0].length)));
      if (which === 'mergeCell' && !s.includes('<mergeCells')) insertAfter(p, '</sheetData>', `<mergeCells>${m[0].repeat(n)}</mergeCells>`);
      else if (m.index >= 0) setText(p, s.slice(0, m.index) + m[0].repeat(n) + s.slice(m.index));
      else insertAfter(p, which === 'mergeCell' ? '<mergeCells>' : '>', m[0].repeat(n));
      return `${n}× <${which}>`;
    },
  },
  {
    name: 'cell-reference', apply: (b) => {
      const p = sheetOf(b);
      const ref = R.pick(EXTREME_REFS);
      const how = R.int(0, 2);
      if (how === 0) setText(p, text(p).replace(/<c r="[^"]*"/, `<c r="${ref}"`));
      else if (how === 1) setText(p, text(p).replace(/<row r="(\d+)"/, () => `<row r="${R.pick(['0', '-5', '1048576', '1048577', '99999999999', 'x', ''])}"`));
      else insertAfter(p, '<sheetData>', `<row r="6"><c r="${ref}" t="inlineStr"><is><t>王建国</t></is></c></row>`);
      return `${['cell', 'row', 'new row'][how]} ${ref.slice(0, 20)}`;
    },
  },
  {
    name: 'cell-length', apply: (b) => {
      const len = R.pick(LENGTHS);
      const ch = R.pick(['王', 'x', '(', '（', '&amp;', ' ']);
      const big = ch.repeat(len);
      const where = R.int(0, 3);
      if (where === 0) insertAfter(sheetOf(b), /<row r="\d+"[^>]*>/, `<c r="C${R.int(1, 9)}" t="inlineStr"><is><t>${big}</t></is></c>`);
      else if (where === 1) { const s = ensureSst(b); setText(s, text(s).replace(/<si>\s*<t[^>]*>[^<]*<\/t>/, `<si><t>${big}</t>`)); }
      else if (where === 2) insertAfter(sheetOf(b), /<row r="\d+"[^>]*>/, `<c r="B2" t="str"><v>${big}</v></c>`);
      else insertAfter(sheetOf(b), /<row r="\d+"[^>]*>/, `<c r="B2" s="${'1'.repeat(Math.min(len, 2_000_000))}"><v>1</v></c>`);
      return `${len} × ${ch} in ${['inline', 'shared', 'str', 'attribute'][where]}`;
    },
  },
  {
    name: 'header-cell-length', apply: (b) => {
      // The header row's first label made enormous: header detection normalises it.
      const len = R.pick([20_000, 200_000, 999_000]);
      const ch = R.pick(['(', '（', '姓名', 'a ']);
      const p = sheetOf(b);
      setText(p, text(p).replace(/(<c r="[A-Z]+\d+"[^>]*t=")(s|str|inlineStr)("[^>]*>)(<v>[^<]*<\/v>|<is>[\s\S]*?<\/is>)/, (_m, a: string, _t: string, c: string) => `${a}inlineStr${c}<is><t>${ch.repeat(Math.floor(len / ch.length))}</t></is>`));
      return `${len} × ${ch}`;
    },
  },
  {
    name: 'inflated-after-data', apply: (b) => {
      const r = R.pick(['sheet', 'sheet', 'sst', 'workbook', 'styles', 'rels'] as const);
      const p = r === 'sst' ? ensureSst(b) : role(b, r);
      if (!p) return 'no part';
      const mbs = R.pick([1, 8, 40, 100]);
      const unit = Buffer.from(R.pick(['<dummy a="1"/>', ' ', '<row r="3"><c r="A3"><v>1</v></c></row>', '<mergeCell ref="A1:B2"/>', 'x']).repeat(Math.ceil(65536 / 8)), 'utf8').subarray(0, 65536);
      const s = text(p);
      const end = { sheet: '</sheetData>', sst: '</sst>', workbook: '</workbook>', styles: '</styleSheet>', rels: '</Relationships>' }[r];
      const at = r === 'sheet' ? s.indexOf(end) + end.length : s.length; // after the data, or after the root
      if (at < end.length) return 'no end tag';
      p.deflated = deflateRepeated(Buffer.from(s.slice(0, at)), unit, mbs * 16, Buffer.from(s.slice(at)));
      p.data = undefined;
      return `${mbs} MB after ${r}`;
    },
  },
  {
    name: 'part-missing-or-empty', apply: (b) => {
      const name = R.pick(b.parts.map((p) => p.name));
      const how = R.int(0, 2);
      if (how === 0) b.parts = b.parts.filter((p) => p.name !== name);
      else if (how === 1) { const p = b.parts.find((x) => x.name === name)!; p.data = Buffer.alloc(0); p.deflated = undefined; }
      else { const p = b.parts.find((x) => x.name === name)!; p.stored = true; }
      return `${['dropped', 'emptied', 'stored'][how]} ${name}`;
    },
  },
  {
    name: 'part-huge', apply: (b) => {
      const r = R.pick(['sheet', 'sst', 'workbook', 'styles', 'rels'] as const);
      const p = r === 'sst' ? ensureSst(b) : role(b, r);
      if (!p) return 'no part';
      const mbs = R.pick([40, 300]);
      const unit = Buffer.alloc(1 << 20, R.pick([' ', '<', 'a', '\u0000']));
      // Junk before the data: nothing closes, nothing ends the part.
      p.deflated = deflateRepeated(Buffer.from(text(p).slice(0, 200)), unit, mbs, Buffer.alloc(0));
      p.data = undefined;
      return `${mbs} MB ${r}`;
    },
  },
  {
    name: 'parts-many', apply: (b) => {
      const n = Math.min(R.pick([300, 5000, 60_000]), 65_000 - b.parts.length); // a plain zip holds 65,535 entries
      for (let i = 0; i < n; i++) b.parts.push({ name: `xl/junk/p${i}.xml`, data: Buffer.from('<a/>') });
      const wb = role(b, 'workbook');
      if (wb && R.next() < 0.5) insertAfter(wb, '<sheets>', Array.from({ length: Math.min(n, 400) }, (_, i) => `<sheet name="S${i}" sheetId="${i + 9}" r:id="rId1"/>`).join(''));
      return `${n} parts`;
    },
  },
  {
    name: 'merges', apply: (b) => {
      const p = sheetOf(b);
      const n = R.pick([1000, 20_000, 150_000]); // the 400k copies are a fixed case
      const distinct = R.next() < 0.5;
      const big = R.next() < 0.3;
      const cells = Array.from({ length: n }, (_, i) => `<mergeCell ref="${big ? `A${(distinct ? i : 0) + 1}:Z${(distinct ? i : 0) + 5000}` : distinct ? `AA${i + 1}:AB${i + 1}` : 'A1:P3'}"/>`).join('');
      const s = text(p).replace(/<mergeCells[\s\S]*?<\/mergeCells>/, '');
      setText(p, s.replace('</sheetData>', `</sheetData><mergeCells count="${n}">${cells}</mergeCells>`));
      return `${n} ${distinct ? 'distinct' : 'copies'}${big ? ' large' : ''}`;
    },
  },
  {
    name: 'sparse-far-column', apply: (b) => {
      const p = sheetOf(b);
      const col = R.pick(['IW', 'XFD', 'AMJ', 'IV']);
      setText(p, text(p).replace(/<\/row>/g, (_m) => `<c r="${col}1"><v>7</v></c></row>`));
      return `a value in ${col} on every row`;
    },
  },
  {
    name: 'namespace-prefix', apply: (b) => {
      const p = sheetOf(b);
      setText(p, text(p).replace(/<(\/?)([a-zA-Z]+)([\s>/])/g, '<$1x:$2$3').replace('<x:worksheet', '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'));
      const n = count();
      insertAfter(p, '<x:sheetData>', '<x:row r="4"><x:c r="A4"'.repeat(Math.min(n, 20_000)));
      return `x: prefix, ${Math.min(n, 20_000)}× unclosed`;
    },
  },
];

const csvMuts: { name: string; apply: () => Buffer }[] = [
  { name: 'csv-many-columns', apply: () => Buffer.concat([CSV, Buffer.from(`\r\n${'王,'.repeat(R.pick([300, 20_000, 400_000]))}\r\n`)]) },
  { name: 'csv-long-field', apply: () => Buffer.concat([CSV, Buffer.from(`\r\n张三,${'王'.repeat(R.pick([40_000, 1_000_001, 3_000_000]))}\r\n`)]) },
  { name: 'csv-unclosed-quote', apply: () => Buffer.concat([Buffer.from('"'.repeat(R.pick([1, 1001, 100_001]))), CSV]) },
  { name: 'csv-empty-lines', apply: () => Buffer.concat([CSV, Buffer.alloc(R.pick([10_000, 1_100_000]), '\n')]) },
];

/** The issue's reported cases, each once, with the answer it must get. */
const FIXED: { name: string; make: () => Buffer; expect: (state: string, message: string, warnings: string[]) => string | null }[] = [
  {
    name: 'XFD cell on each of 100k rows', make: () => {
      // The county export's own rows, repeated to 100k, each with a value in the last column.
      const b = book('persons-county-export.xlsx');
      const p = sheetOf(b);
      const s = text(p);
      const data = [...s.matchAll(/<row r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)].filter((m) => Number(m[1]) >= 4);
      const rows: string[] = [];
      for (let r = 4; r < 100_004; r++) {
        const m = data[(r - 4) % data.length];
        rows.push(`<row r="${r}">${m[2].replace(/ r="([A-Z]+)\d+"/g, ` r="$1${r}"`)}<c r="XFD${r}"><v>1</v></c></row>`);
      }
      setText(p, s.slice(0, s.indexOf('<row r="4"')) + rows.join('') + s.slice(s.indexOf('</sheetData>')));
      return zipOut(b.parts);
    },
    expect: (state, message, warnings) => (state === 'failed' && /上限/.test(message)) || warnings.some((w) => /列以右/.test(w)) ? null : `expected the far cells reported, got ${state} ${message} ${warnings}`,
  },
  {
    name: '100k unclosed <si>', make: () => {
      const b = book('bad/bad-checksum.xlsx');
      const sst = ensureSst(b);
      setText(sst, text(sst).replace('</sst>', `${'<si><t>王'.repeat(100_000)}</sst>`));
      return zipOut(b.parts);
    },
    expect: (state, message) => (state === 'failed' && /损坏或不完整/.test(message) ? null : `expected a damaged-file refusal, got ${state} ${message}`),
  },
  {
    name: '400k copies of one merged range', make: () => {
      const b = book('posts-roster-township.xlsx');
      const p = sheetOf(b);
      setText(p, text(p).replace(/<mergeCells[^>]*>/, (m) => m + '<mergeCell ref="A1:P2"/>'.repeat(400_000)));
      return zipOut(b.parts);
    },
    expect: (state) => (state === 'ready' || state === 'needsMapping' ? null : `expected the copies to collapse into one, got ${state}`),
  },
  {
    name: '150k distinct merged ranges', make: () => {
      const b = book('bad/bad-checksum.xlsx');
      const p = sheetOf(b);
      setText(p, text(p).replace('</sheetData>', `</sheetData><mergeCells>${Array.from({ length: 150_000 }, (_, i) => `<mergeCell ref="AA${i + 1}:AB${i + 1}"/>`).join('')}</mergeCells>`));
      return zipOut(b.parts);
    },
    expect: (state, message) => (state === 'failed' && /合并单元格区域/.test(message) && /10 万/.test(message) ? null : `expected the merge cap, got ${state} ${message}`),
  },
  {
    name: 'workbook part with junk after its root', make: () => {
      const b = book('bad/bad-checksum.xlsx');
      const wb = role(b, 'workbook')!;
      wb.deflated = deflateRepeated(wb.data!, Buffer.from('<sheet name="j" '.repeat(4096)), 2000, Buffer.alloc(0));
      wb.data = undefined;
      return zipOut(b.parts);
    },
    expect: (state) => (state === 'ready' ? null : `expected the junk ignored, got ${state}`),
  },
  {
    name: '1.2 GB of filler after </sheetData>', make: () => {
      const b = book('bad/bad-checksum.xlsx');
      const p = sheetOf(b);
      const s = text(p), at = s.indexOf('</sheetData>') + '</sheetData>'.length;
      p.deflated = deflateRepeated(Buffer.from(s.slice(0, at)), Buffer.from('<dummy a="1"/>'.repeat(74_899)).subarray(0, 1 << 20), 1200, Buffer.from(s.slice(at)));
      p.data = undefined;
      return zipOut(b.parts);
    },
    expect: (state) => (state === 'ready' ? null : `expected the filler ignored, got ${state}`),
  },
  {
    name: 'one 200 MB header cell', make: () => {
      const b = book('bad/bad-checksum.xlsx');
      const p = sheetOf(b);
      const s = text(p);
      const at = s.indexOf('<sheetData>') + '<sheetData>'.length;
      p.deflated = deflateRepeated(Buffer.from(`${s.slice(0, at)}<row r="1"><c r="A1" t="inlineStr"><is><t>`), Buffer.alloc(1 << 20, '('), 200, Buffer.from(`</t></is></c></row>${s.slice(at)}`));
      p.data = undefined;
      return zipOut(b.parts);
    },
    expect: (state, message) => (state === 'failed' && /上限/.test(message) && /bad-checksum|fuzz/.test(message) ? null : `expected a size refusal naming the file, got ${state} ${message}`),
  },
  {
    name: '300 sheets', make: () => {
      const b = book('bad/bad-checksum.xlsx');
      insertAfter(role(b, 'workbook')!, '<sheets>', Array.from({ length: 300 }, (_, i) => `<sheet name="S${i}" sheetId="${i + 9}" r:id="rId1"/>`).join(''));
      return zipOut(b.parts);
    },
    expect: (state, message) => (state === 'failed' && /30\d 个工作表/.test(message) ? null : `expected the sheet cap, got ${state} ${message}`),
  },
];

function randomCase(): { name: string; detail: string; base: string; buf: Buffer; fileName: string } {
  if (R.next() < 0.06) {
    const m = R.pick(csvMuts);
    return { name: m.name, detail: '', base: 'persons-gbk.csv', buf: m.apply(), fileName: 'fuzz.csv' };
  }
  // Small workbooks mostly; the 3000-row export now and then (it takes longer to stage).
  const base = R.next() < 0.04 ? 'persons-county-export.xlsx' : R.pick(BASES.slice(0, 5));
  const b = book(base);
  const m = R.pick(muts);
  const detail = m.apply(b) ?? '';
  // Now and then two mutations in one file.
  let name = m.name;
  if (R.next() < 0.15) { const m2 = R.pick(muts); const d2 = m2.apply(b); name += `+${m2.name}`; return { name, detail: `${detail}; ${d2 ?? ''}`, base, buf: zipOut(b.parts), fileName: 'fuzz.xlsx' }; }
  return { name, detail, base, buf: zipOut(b.parts), fileName: 'fuzz.xlsx' };
}

// ---- run ---------------------------------------------------------------------------------------------

const b = openBackend({ dataDir, mode: 'test', operator: '结构模糊测试' });
const snapshot = () => {
  const one = (sql: string) => (b.ctx.db.prepare(sql).get() as { n: number }).n;
  return {
    totalChanges: one('SELECT total_changes() AS n'), persons: one('SELECT count(*) AS n FROM persons'), batches: one('SELECT count(*) AS n FROM import_batches'),
    audit: one('SELECT count(*) AS n FROM audit_log'), mappings: one('SELECT count(*) AS n FROM saved_mappings'), settings: one('SELECT count(*) AS n FROM settings'),
  };
};
const before = snapshot();
// The mutation kinds there are, so the parent can check that a run of this length reached each of them.
emit({ ready: true, kinds: [...muts.map((m) => m.name), ...csvMuts.map((m) => m.name)] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (let i = 0; i < CASES; i++) {
  const fixed = i < FIXED.length ? FIXED[i] : null;
  const c = fixed ? { name: fixed.name, detail: '', base: 'fixed', buf: fixed.make(), fileName: 'fuzz.xlsx' } : randomCase();
  emit({ start: i, mutation: c.name, detail: c.detail, base: c.base, bytes: c.buf.length });
  const t0 = performance.now();
  const problems: string[] = [];
  let state = '', message = '', warnings: string[] = [];
  // The main thread must keep its timers running while the worker reads: count the ticks it misses.
  let lastTick = performance.now(), worstGap = 0;
  const ticker = setInterval(() => { const now = performance.now(); worstGap = Math.max(worstGap, now - lastTick); lastTick = now; }, 20);
  const start = await b.invoke('import.start', { kind: 'persons', fileName: c.fileName, base64: c.buf.toString('base64') });
  if (!start.ok) {
    state = `error ${start.error.code}`; message = start.error.message;
    if (!['BAD_FILE', 'VALIDATION'].includes(start.error.code) || !hasChinese(message)) problems.push(`import.start answered ${start.error.code}: ${message}`);
  } else {
    let job = start.data as { jobId: string; state: string; message: string | null; warnings: string[] };
    while (job.state === 'reading') {
      await sleep(5);
      const s = await b.invoke('import.status', { jobId: job.jobId });
      if (!s.ok) { problems.push(`import.status failed: ${s.error.message}`); break; }
      job = s.data as typeof job;
    }
    state = job.state; message = job.message ?? ''; warnings = job.warnings ?? [];
    if (state === 'failed') {
      if (!hasChinese(message)) problems.push(`failed without a Chinese message: ${message}`);
      else if (message.startsWith('读取文件时出错')) problems.push(`unexpected exception inside the import: ${message}`);
    } else if (state === 'ready') {
      const pv = await b.invoke('import.preview', { jobId: job.jobId, category: 'all', limit: 50 });
      if (!pv.ok) problems.push(`preview failed: ${pv.error.message}`);
    } else if (state !== 'needsMapping') problems.push(`unexpected state ${state}`);
    await b.invoke('import.cancel', { jobId: job.jobId });
  }
  clearInterval(ticker);
  if (fixed) { const p = fixed.expect(state, message, warnings); if (p) problems.push(p); }
  // Every reader thread has ended (refusals and cancels terminate theirs).
  for (let k = 0; k < 100 && liveReadWorkers() > 0; k++) await sleep(10);
  if (liveReadWorkers() > 0) problems.push(`${liveReadWorkers()} reader thread(s) still running`);
  emit({ done: i, ms: Math.round(performance.now() - t0), worstGapMs: Math.round(worstGap), mutation: c.name, detail: c.detail, base: c.base, state, message: message.slice(0, 200), problems });
}

emit({ finished: true, before, after: snapshot(), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) });
b.close();
