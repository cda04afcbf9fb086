// A fast reader for the plain BIFF8 .xls files counties send (issue 18: an .xls import within 1.5× the
// same .xlsx). SheetJS spends most of an .xls import loading its codepage tables (~200 ms per reader
// thread) and building a full cell model (styles, text, formulas) the importer never reads. This
// reader walks the compound file and the Workbook stream's records once and builds only what
// xls-worker.cjs takes from SheetJS: sheet names in order, hidden flags, the used range, merges
// and dense cells {t, v}.
//
// It must give exactly what SheetJS 0.20.3 gives (test/integration/xls-fast-reader.test.ts runs both
// on the samples and on seeded mutations of them). So it does not try to read everything: on any
// record, structure or value it does not fully understand it returns null, and the worker reads
// the file with SheetJS as before. Where SheetJS has quirks (the compound-file walk, CONTINUE
// handling in the shared-string table, the date test on number formats), the code follows
// SheetJS's own logic (Apache-2.0, (C) SheetJS LLC), marked "as SheetJS".
'use strict';

const ENDOFCHAIN = -2;
// Bounds a crafted file cannot push the reader past (BIFF8 itself holds at most 65,536 × 256 cells).
/** Bytes SheetJS would join while listing the sectors' chains, beyond which the file is refused (see cfbEntries). */
const MAX_SHEETJS_JOIN = 512 * 1024 * 1024;
/** A refusal in the clerk's words: the file is neither for this reader nor safe to give SheetJS. */
class Refused extends Error {}
const MAX_ROWS = 65536, MAX_COLS = 256, MAX_SHEETS = 1024, MAX_DIR_ENTRIES = 100000, MAX_PATH_CHARS = 4_000_000;

// Byte reads with SheetJS's semantics for bytes past the end (undefined → NaN/0), used where the
// compound-file walk must reproduce what SheetJS does with odd input.
const i32 = (b, i) => (b[i + 3] << 24) | (b[i + 2] << 16) | (b[i + 1] << 8) | b[i];
const u32 = (b, i) => b[i + 3] * (1 << 24) + (b[i + 2] << 16) + (b[i + 1] << 8) + b[i];

/* ---------------- compound file (as SheetJS's CFB 1.2.2 parse + find) ---------------- */

function cfbEntries(file) {
  if (file.length < 512) return null;
  const sig = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  for (let i = 0; i < 8; i++) if (file[i] !== sig[i]) return null;
  const mver = file.readUInt16LE(26);
  const ssz = mver === 3 ? 512 : mver === 4 ? 4096 : 0;
  if (!ssz || file.length < ssz) return null;
  const shift = file.readUInt16LE(30);
  if (shift !== (mver === 3 ? 9 : 12)) return null;
  if (file.readUInt16LE(32) !== 6) return null;
  for (let i = 34; i < 40; i++) if (file[i] !== 0) return null;
  const dirCnt = file.readInt32LE(40);
  if (mver === 3 && dirCnt !== 0) return null;
  const dirStart = file.readInt32LE(48);
  if (file.readUInt32LE(56) !== 4096) return null;
  const minifatStart = file.readInt32LE(60), nmfs = file.readInt32LE(64);
  const difatStart = file.readInt32LE(68), difatCnt = file.readInt32LE(72);
  const fatAddrs = [];
  for (let j = 0; j < 109; j++) {
    const q = file.readInt32LE(76 + 4 * j);
    if (q < 0) break;
    fatAddrs[j] = q;
  }
  // sectorify
  const nsectors = Math.ceil(file.length / ssz) - 1;
  const sectors = [];
  for (let i = 1; i < nsectors; ++i) sectors[i - 1] = file.subarray(i * ssz, (i + 1) * ssz);
  sectors[nsectors - 1] = file.subarray(nsectors * ssz);
  // sleuth_fat (iterative; the DIFAT count bounds it as the recursion's count does)
  if (difatStart === ENDOFCHAIN) { if (difatCnt !== 0) return null; }
  else {
    let idx = difatStart, cnt = difatCnt;
    for (let guard = 0; idx !== -1; guard++) {
      if (guard > nsectors + 1) return null;
      const sector = sectors[idx], m = (ssz >>> 2) - 1;
      if (!sector) break;
      for (let i = 0; i < m; ++i) {
        const q = i32(sector, i * 4);
        if (q === ENDOFCHAIN) break;
        fatAddrs.push(q);
      }
      if (!(cnt >= 1)) break;
      idx = i32(sector, ssz - 4); cnt--;
      if (idx === ENDOFCHAIN) { if (cnt !== 0) return null; break; }
    }
  }
  const next = (j) => {
    const addr = fatAddrs[Math.floor(j * 4 / ssz)];
    const s = sectors[addr];
    return s ? i32(s, (j * 4) & (ssz - 1)) : null;
  };
  // make_sector_list: which sectors head a chain, and each head's chain (SheetJS's order and stops).
  const sl = sectors.length, heads = new Map(), chkd = new Uint8Array(sl + 1);
  let walked = 0, over = false;
  for (let i = 0; i < sl; ++i) {
    let k = i + dirStart; if (k >= sl) k -= sl;
    if (k < 0 || chkd[k]) continue;
    const nodes = [], seen = new Set();
    for (let j = k; j >= 0;) {
      // SheetJS cannot join a chain that runs past the last sector (it throws): leave such a file to it.
      if (j >= sl) return null;
      seen.add(j);
      chkd[j] = 1;
      // A walk from a sector inside a chain whose head comes later goes on to the chain's end, as
      // SheetJS's does: a fragmented file walks some sectors twice. Sectors pointing each to the one
      // before make n walks of up to n sectors (n² in all). Past a few walks per sector this reader
      // keeps nothing and only counts, to tell whether SheetJS could read the file: it joins every
      // walk's sectors into a Buffer, outside the reader thread's heap limit, so past MAX_SHEETJS_JOIN
      // bytes the file is refused here rather than left to take the app's memory.
      if (++walked > 4 * sl + 1024) {
        if (walked * ssz > MAX_SHEETJS_JOIN) throw new Refused(`文件内部的扇区链互相交错，读取它需要超过 ${MAX_SHEETJS_JOIN / 1048576} MB 内存`);
        over = true;
      } else nodes.push(j);
      const n = next(j);
      if (n === null) break;
      j = n;
      if (seen.has(j)) break;
    }
    heads.set(k, nodes);
  }
  if (over) return null;
  // Each chain's bytes are joined once: many directory entries may name the same chain (SheetJS too joins once per chain).
  const joined = new Map();
  const dataOf = (nodes) => {
    let d = joined.get(nodes);
    if (!d) joined.set(nodes, (d = Buffer.concat(nodes.map((j) => sectors[j] || Buffer.alloc(0)))));
    return d;
  };
  // get_sector_list, which has no loop check in SheetJS: a loop there never ends, so leave the file to it.
  const chainFrom = (start) => {
    const nodes = [], seen = new Set();
    for (let j = start; j >= 0;) {
      if (seen.has(j) || j >= sl) return null;
      seen.add(j); nodes.push(j);
      const n = next(j);
      if (n === null) break;
      j = n;
    }
    return nodes;
  };
  if (dirStart < 0 || dirStart >= sl || !heads.has(dirStart)) return null;
  if (nmfs > 0 && minifatStart !== ENDOFCHAIN && !heads.has(minifatStart)) return null;
  if (!heads.has(fatAddrs[0])) return null;
  // read_directory
  const dir = dataOf(heads.get(dirStart));
  if (dir.length / 128 > MAX_DIR_ENTRIES) return null;
  const entries = [], names = [];
  let minifatStore = 0;
  const miniData = heads.has(minifatStart) ? dataOf(heads.get(minifatStart)) : null;
  for (let i = 0; i < dir.length; i += 128) {
    const e = dir.subarray(i, i + 128);
    if (e.length < 128) return null;
    const namelen = e.readUInt16LE(64);
    if (namelen > 128 || namelen % 2) return null;
    let name = e.toString('utf16le', 0, namelen).replace(/\u0000/g, '');
    const o = { name, type: e[66], L: e.readInt32LE(68), R: e.readInt32LE(72), C: e.readInt32LE(76), start: e.readInt32LE(116), size: e.readInt32LE(120), content: null };
    if (o.size < 0 && o.start < 0) { o.size = o.type = 0; o.start = ENDOFCHAIN; o.name = name = ''; }
    if (o.type === 5) {
      minifatStore = o.start;
      if (nmfs > 0 && minifatStore !== ENDOFCHAIN && !heads.has(minifatStore)) return null;
    } else if (o.size >= 4096) {
      const nodes = heads.has(o.start) ? heads.get(o.start) : chainFrom(o.start);
      if (!nodes) return null;
      heads.set(o.start, nodes); // SheetJS keeps it in its sector list too
      o.content = dataOf(nodes).subarray(0, o.size);
    } else {
      if (o.size < 0) o.size = 0;
      else if (minifatStore !== ENDOFCHAIN && o.start !== ENDOFCHAIN && heads.has(minifatStore)) {
        // get_mfat_entry
        const payload = dataOf(heads.get(minifatStore)), parts = [];
        let size = o.size, idx = o.start;
        while (miniData && size > 0 && idx >= 0) {
          parts.push(payload.subarray(idx * 64, idx * 64 + 64));
          size -= 64;
          idx = i32(miniData, idx * 4);
        }
        o.content = Buffer.concat(parts).subarray(0, o.size);
      }
    }
    names.push(name);
    entries.push(o);
  }
  if (!entries.length) return null;
  return { entries, fullPaths: fullPaths(entries, names) };
}

/** build_full_paths, as SheetJS. */
function fullPaths(FI, Paths) {
  const FP = [], pl = Paths.length, dad = [], q = [];
  // lastAt[x]: q.lastIndexOf(x), kept as q grows (q only grows at its end), so the walk is linear.
  const lastAt = new Map();
  let i = 0, L = 0, R = 0, C = 0, j = 0, chars = 0;
  for (; i < pl; ++i) { dad[i] = q[i] = i; FP[i] = Paths[i]; lastAt.set(i, i); }
  const pushQ = (x) => { lastAt.set(x, q.length); q.push(x); };
  const lastIndex = (x) => (lastAt.has(x) ? lastAt.get(x) : -1);
  for (; j < q.length; ++j) {
    i = q[j];
    L = FI[i].L; R = FI[i].R; C = FI[i].C;
    if (dad[i] === i) {
      if (L !== -1 && dad[L] !== L) dad[i] = dad[L];
      if (R !== -1 && dad[R] !== R) dad[i] = dad[R];
    }
    if (C !== -1) dad[C] = i;
    if (L !== -1 && i != dad[i]) { dad[L] = dad[i]; if (lastIndex(L) < j) pushQ(L); }
    if (R !== -1 && i != dad[i]) { dad[R] = dad[i]; if (lastIndex(R) < j) pushQ(R); }
    if (q.length > 4 * pl + 16) return null;
  }
  for (i = 1; i < pl; ++i) if (dad[i] === i) {
    if (R !== -1 && dad[R] !== R) dad[i] = dad[R];
    else if (L !== -1 && dad[L] !== L) dad[i] = dad[L];
  }
  for (i = 1; i < pl; ++i) {
    if (FI[i].type === 0) continue;
    j = i;
    let guard = 0;
    if (j != dad[j]) do {
      if (++guard > pl + 1) return null;
      j = dad[j];
      FP[i] = FP[j] + '/' + FP[i];
      // A tree nested thousands deep makes paths whose lengths add up quadratically (read again by
      // cfbFind); sound files have a few short paths.
      if (chars + FP[i].length > MAX_PATH_CHARS) return null;
    } while (j !== 0 && -1 !== dad[j] && j != dad[j]);
    chars += FP[i].length;
    dad[i] = -1;
  }
  FP[0] += '/';
  for (i = 1; i < pl; ++i) if (FI[i].type !== 2) FP[i] += '/';
  return FP;
}

/** CFB.find, as SheetJS. */
function cfbFind(cfb, path) {
  const chr0 = /\u0000/g, chr1 = /[\u0001-\u0006]/g;
  const UCFullPaths = cfb.fullPaths.map((x) => x.toUpperCase());
  const UCPaths = UCFullPaths.map((x) => { const y = x.split('/'); return y[y.length - (x.slice(-1) == '/' ? 2 : 1)]; });
  let k = false;
  if (path.charCodeAt(0) === 47) { k = true; path = UCFullPaths[0].slice(0, -1) + path; } else k = path.indexOf('/') !== -1;
  let UCPath = path.toUpperCase();
  let w = k === true ? UCFullPaths.indexOf(UCPath) : UCPaths.indexOf(UCPath);
  if (w !== -1) return cfb.entries[w];
  const m = !UCPath.match(chr1);
  UCPath = UCPath.replace(chr0, '');
  if (m) UCPath = UCPath.replace(chr1, '!');
  for (w = 0; w < UCFullPaths.length; ++w) {
    if ((m ? UCFullPaths[w].replace(chr1, '!') : UCFullPaths[w]).replace(chr0, '') == UCPath) return cfb.entries[w];
    if ((m ? UCPaths[w].replace(chr1, '!') : UCPaths[w]).replace(chr0, '') == UCPath) return cfb.entries[w];
  }
  return null;
}

/** Would SheetJS's parse_compobj throw on this CompObj stream? (It reads two clipboard formats that may refuse.) */
function compObjThrows(o) {
  let l = 28;
  const rs4 = () => { const v = (o[l + 3] & 0x80) === 0 ? i32(o, l) : u32(o, l); l += 4; return v; };
  const clip = () => {
    const m = rs4();
    if (m === 0 || m === 0xffffffff || m === 0xfffffffe) { if (m) l += 4; return false; }
    return m > 0x190; // otherwise read_shift(0, 'lpstr') reads nothing
  };
  l += 4 + u32(o, l); // AnsiUserType
  if (clip()) return true;
  if (o.length - l <= 4) return false;
  let m = rs4();
  if (m == 0 || m > 40) return false;
  l -= 4; l += 4 + u32(o, l); // Reserved1
  if (o.length - l <= 4) return false;
  m = rs4();
  if (m !== 0x71b239f4) return false;
  return clip();
}

/* ---------------- number formats and dates (as SheetJS's SSF) ---------------- */

const DEFAULT_FMT = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??',
  14: 'm/d/yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss',
  22: 'm/d/yy h:mm', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00;(#,##0.00)', 40: '#,##0.00;[Red](#,##0.00)',
  45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@', 56: '"上午/下午 "hh"時"mm"分"ss"秒 "',
};
const SSF_abstime = /\[[HhMmSs\u0E0A\u0E19\u0E17]*\]/;
function isGeneral(s, i) { i = i || 0; return s.length >= 7 + i && (s.charCodeAt(i) | 32) === 103 && (s.charCodeAt(i + 1) | 32) === 101 && (s.charCodeAt(i + 2) | 32) === 110 && (s.charCodeAt(i + 3) | 32) === 101 && (s.charCodeAt(i + 4) | 32) === 114 && (s.charCodeAt(i + 5) | 32) === 97 && (s.charCodeAt(i + 6) | 32) === 108; }
function fmtIsDate(fmt) {
  let i = 0, c = '', o = '';
  while (i < fmt.length) {
    switch ((c = fmt.charAt(i))) {
      case 'G': if (isGeneral(fmt, i)) i += 6; i++; break;
      case '"': for (; fmt.charCodeAt(++i) !== 34 && i < fmt.length;) { /* empty */ } ++i; break;
      case '\\': i += 2; break;
      case '_': i += 2; break;
      case '@': ++i; break;
      case 'B': case 'b':
        if (fmt.charAt(i + 1) === '1' || fmt.charAt(i + 1) === '2') return true;
      // falls through
      case 'M': case 'D': case 'Y': case 'H': case 'S': case 'E':
      // falls through
      case 'm': case 'd': case 'y': case 'h': case 's': case 'e': case 'g': return true;
      case 'A': case 'a': case '上':
        if (fmt.substr(i, 3).toUpperCase() === 'A/P') return true;
        if (fmt.substr(i, 5).toUpperCase() === 'AM/PM') return true;
        if (fmt.substr(i, 5).toUpperCase() === '上午/下午') return true;
        ++i; break;
      case '[':
        o = c;
        while (fmt.charAt(i++) !== ']' && i < fmt.length) o += fmt.charAt(i);
        if (o.match(SSF_abstime)) return true;
        break;
      case '.':
      // falls through
      case '0': case '#':
        while (i < fmt.length && ('0#?.,E+-%'.indexOf(c = fmt.charAt(++i)) > -1 || (c == '\\' && fmt.charAt(i + 1) == '-' && '0#'.indexOf(fmt.charAt(i + 2)) > -1))) { /* empty */ }
        break;
      case '?': while (fmt.charAt(++i) === c) { /* empty */ } break;
      case '*': ++i; if (fmt.charAt(i) == ' ' || fmt.charAt(i) == '*') ++i; break;
      case '(': case ')': ++i; break;
      case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
        while (i < fmt.length && '0123456789'.indexOf(fmt.charAt(++i)) > -1) { /* empty */ } break;
      case ' ': ++i; break;
      default: ++i; break;
    }
  }
  return false;
}
function normalizeXl(v) {
  const s = v.toPrecision(16);
  const fill = (c, n) => (n > 0 ? c.repeat(n) : '');
  if (s.indexOf('e') > -1) {
    let m = s.slice(0, s.indexOf('e'));
    m = m.indexOf('.') > -1 ? m.slice(0, (m.slice(0, 2) == '0.' ? 17 : 16)) : (m.slice(0, 15) + fill('0', m.length - 15));
    return m + s.slice(s.indexOf('e'));
  }
  const n = s.indexOf('.') > -1 ? s.slice(0, (s.slice(0, 2) == '0.' ? 17 : 16)) : (s.slice(0, 15) + fill('0', s.length - 15));
  return Number(n);
}
/** SSF_parse_date_code then new Date(Date.UTC(...)), as safe_format_xf does with cellDates; null: stays a number. */
function dateOf(v) {
  if (v > 2958465 || v < 0) return null;
  v = normalizeXl(v);
  let date = (v | 0), time = Math.floor(86400 * (v - date));
  let u = 86400 * (v - date) - time;
  if (Math.abs(u) < 1e-6) u = 0;
  if (u > 0.9999) { u = 0; if (++time == 86400) { time = 0; ++date; } }
  let dout;
  if (date === 60) dout = [1900, 2, 29];
  else if (date === 0) dout = [1900, 1, 0];
  else {
    if (date > 60) --date;
    const d = new Date(1900, 0, 1);
    d.setDate(d.getDate() + date - 1);
    dout = [d.getFullYear(), d.getMonth() + 1, d.getDate()];
  }
  const S = time % 60; time = Math.floor(time / 60);
  const M = time % 60; time = Math.floor(time / 60);
  return new Date(Date.UTC(dout[0], dout[1] - 1, dout[2], time, M, S, u));
}

/* ---------------- the Workbook stream ---------------- */

// The record types SheetJS 0.20.3 parses (XLSRecordEnum entries with a parser, read from xlsx.js). It
// skips every other type, as this reader does; of these, the ones not handled below send the file to SheetJS.
const PARSED = new Set([0x0006, 0x000a, 0x000c, 0x000d, 0x000e, 0x000f, 0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0017,
  0x0018, 0x0019, 0x001c, 0x0022, 0x0023, 0x0026, 0x0027, 0x0028, 0x0029, 0x002a, 0x002b, 0x002f, 0x0031, 0x0033, 0x003d, 0x0040,
  0x0041, 0x0042, 0x0055, 0x005c, 0x005d, 0x005f, 0x0063, 0x007d, 0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x008c, 0x008d,
  0x0092, 0x009c, 0x00a0, 0x00a1, 0x00bd, 0x00be, 0x00c1, 0x00ca, 0x00da, 0x00dd, 0x00e0, 0x00e1, 0x00e2, 0x00e5, 0x00fc, 0x00fd,
  0x00ff, 0x013d, 0x0160, 0x0161, 0x01ae, 0x01af, 0x01b6, 0x01b7, 0x01b8, 0x01ba, 0x01bc, 0x01c0, 0x01c1, 0x01c2, 0x0200, 0x0201,
  0x0203, 0x0204, 0x0205, 0x0207, 0x0208, 0x0221, 0x0225, 0x023e, 0x027e, 0x041e, 0x04bc, 0x0800, 0x0809, 0x0867, 0x087c, 0x087d,
  0x088c, 0x0894, 0x0896, 0x089a, 0x089b, 0x08a3, 0x1026, 0x1044, 0x105c, 0x0000, 0x0002, 0x0003, 0x0004, 0x0005, 0x0007, 0x0009,
  0x0016, 0x001e, 0x0021, 0x0025, 0x0032, 0x0043, 0x0044, 0x007f, 0x008f, 0x00d6, 0x0206, 0x0209, 0x0218, 0x0223, 0x0243, 0x0406,
  0x0409, 0x0443]);
// Parsed records with no effect on the cells whose parsers cannot throw, whatever their length.
const HARMLESS = new Set([
  0x000e, 0x000f, 0x0011, 0x0012, 0x0019, 0x002a, 0x002b, 0x0040, 0x005f, 0x0063, 0x0083, 0x0084, 0x00ca, 0x00dd, 0x0160, 0x01af, 0x01b7, // parsebool
  0x000c, 0x000d, 0x0013, 0x0016, 0x0033, 0x0055, 0x0082, 0x008d, 0x009c, 0x00da, 0x01bc, // parseuint16
  0x00c1, 0x00e2, 0x0161, 0x01c0, 0x01c2, 0x0867, 0x089b, // parsenoop2
  0x0014, 0x0015, 0x0031, 0x0081, 0x0208, 0x0225, 0x00e1, 0x005c, 0x003d, 0x008c, 0x00ff, 0x00a1, 0x007d, 0x023e, 0x0201, 0x0092, 0x01ba,
]);
const XNUM = new Set([0x0010, 0x0026, 0x0027, 0x0028, 0x0029]); // parse_Xnum: throws under 8 bytes
// Excel 2007+ records behind a 12-byte future-record header (Compat12, MTRSettings, Theme, XFCRC; XFExt
// below): SheetJS checks the repeated type, then parses them without effect on the cells.
const FRT12_HARMLESS = new Set([0x088c, 0x089a, 0x0896, 0x087c]);

/** Would SheetJS's parse_XFExt throw on this body (after its 12-byte header)? Only on an ExtProp type it does not know, or one read past the end. */
function xfExtThrows(b, p, m) {
  if (m < 8) return false; // SheetJS then reads no property count and no properties
  let l = 8;
  for (let k = b.readUInt16LE(p + 6); k > 0; k--) {
    if (l < 0 || l + 4 > m) return true;
    const type = b.readUInt16LE(p + l), cb = b.readUInt16LE(p + l + 2) - 4;
    l += 4;
    switch (type) {
      case 0x04: case 0x05: case 0x07: case 0x08: case 0x09: case 0x0a: case 0x0b: case 0x0d: {
        if (l + 2 > m) return true;
        const xclrType = b.readUInt16LE(p + l);
        l += 4 + (xclrType <= 4 ? 4 : 0) + 8;
        break;
      }
      case 0x06: l += cb; break;
      case 0x0e: case 0x0f: l += cb === 1 ? 1 : 2; break;
      default: return true;
    }
  }
  return false;
}
const CONTINUE_RT = new Set([0x003c, 0x043c, 0x0812, 0x0875, 0x087f]);

/** An XLUnicodeString's characters (BIFF8, codepage 1200) at b[p] after cch; null when it runs past the end. */
function chars(b, p, cch, end) {
  const hi = b[p] !== 0, n = hi ? 2 * cch : cch; // SheetJS: any non-zero flag byte means two-byte characters
  if (p + 1 + n > end) return null;
  return { s: hi ? b.toString('utf16le', p + 1, p + 1 + n) : b.toString('latin1', p + 1, p + 1 + n), end: p + 1 + n };
}

/** parse_SST over the SST record and its CONTINUE records (lens: where each piece starts), as SheetJS. */
function readSst(b, lens) {
  const end = b.length, strs = [];
  if (end < 8) return null;
  const ucnt = b.readUInt32LE(4);
  let l = 8, pi = 0; // lens[pi]: the first piece start past l (lens ascend and l only grows)
  const isLen = new Set(lens);
  for (let i = 0; i != ucnt && l < end; ++i) {
    if (l + 3 > end) return null;
    const cch = b.readUInt16LE(l), flags = b[l + 2];
    l += 3;
    let cRun = 0, cbExtRst = 0;
    if (flags & 8) { if (l + 2 > end) return null; cRun = b.readUInt16LE(l); l += 2; }
    if (flags & 4) { if (l + 4 > end) return null; cbExtRst = b.readUInt32LE(l); l += 4; }
    let wide = (flags & 1) === 1, s = '', left = cch;
    while (left > 0) {
      if (l >= end) return null;
      // A piece boundary met where a character starts holds a new flag byte (SheetJS checks at every character).
      if (isLen.has(l)) { wide = b[l] !== 0; l += 1; continue; }
      // The next piece boundary, found by moving on (a scan of all pieces per string was quadratic:
      // an SST cut into thousands of tiny CONTINUE records took seconds per 100 KB).
      while (pi < lens.length && lens[pi] <= l) pi++;
      const stop = pi < lens.length ? lens[pi] : end;
      const w = wide ? 2 : 1;
      let n = Math.min(left, Math.floor((stop - l) / w));
      // A boundary inside a two-byte character is not seen by SheetJS: read straight through it.
      if (wide && n < left && (stop - l) % 2 === 1) {
        let m = n + 1;
        while (m < left && !isLen.has(l + 2 * m)) m++;
        n = m;
      }
      if (l + n * w > end) return null;
      if (n > 0) s += wide ? b.toString('utf16le', l, l + 2 * n) : b.toString('latin1', l, l + n);
      l += n * w; left -= n;
    }
    l += 4 * cRun + cbExtRst;
    strs.push(s);
  }
  return strs;
}

function rk(b, p) {
  const b0 = b[p], fX100 = b0 & 1, fInt = b0 & 2;
  let v;
  if (fInt) v = b.readInt32LE(p) >> 2;
  else { const t = Buffer.alloc(8); t[4] = b0 & 0xfc; t[5] = b[p + 1]; t[6] = b[p + 2]; t[7] = b[p + 3]; v = t.readDoubleLE(0); }
  return fX100 ? v / 100 : v;
}

/**
 * The workbook as the parts of SheetJS's XLSX.read(..., { dense, cellDates }) that xls-worker.cjs
 * uses: { SheetNames, Sheets: { name: { '!ref', '!merges', '!data' } }, Workbook: { Sheets: [{ Hidden }] } },
 * or null when SheetJS must read the file, or { refused: why } (in Chinese) when the file must not be read at all.
 */
function readBiff8(file) {
  try {
    return readFile(file);
  } catch (e) {
    if (e instanceof Refused) return { refused: e.message };
    return null; // whatever this reader trips on, SheetJS decides (as it did before this reader existed)
  }
}

function readFile(file) {
  const cfb = cfbEntries(file);
  if (!cfb || !cfb.fullPaths) return null;
  if (cfbFind(cfb, 'EncryptedPackage') || cfbFind(cfb, '/encryption')) return null;
  const compObj = cfbFind(cfb, '!CompObj');
  if (compObj && compObj.content && compObjThrows(compObj.content)) return null;
  const wbEntry = cfbFind(cfb, '/Workbook');
  if (!wbEntry || !wbEntry.content) return null; // BIFF5 ('Book'), other formats: SheetJS
  return readStream(wbEntry.content);
}

function readStream(b) {
  const len = b.length;
  const fmt = Object.assign({}, DEFAULT_FMT), xfs = [], bound = [], sheets = [];
  let sst = null, date1904 = false, depth = 0, seenGlobals = false, pos = 0, lastRT = 0;
  let cur = null; // the sheet being read
  const isDateXf = (ixfe) => {
    const xf = xfs[ixfe];
    if (!xf) return false;
    const id = xf.numFmtId;
    return !!id && fmtIsDate(fmt[id] || String(id));
  };
  const put = (r, c, cell) => {
    if (r >= MAX_ROWS || c >= MAX_COLS) return false;
    const rg = cur.range;
    if (r < rg.s.r) rg.s.r = r;
    if (c < rg.s.c) rg.s.c = c;
    if (r + 1 > rg.e.r) rg.e.r = r + 1;
    if (c + 1 > rg.e.c) rg.e.c = c + 1;
    (cur.data[r] || (cur.data[r] = []))[c] = cell;
    return true;
  };
  const num = (r, c, ixfe, v, xfKnown) => {
    if (xfKnown && isDateXf(ixfe)) {
      const d = dateOf(v + (date1904 ? 1462 : 0));
      if (d) return put(r, c, { t: 'd', v: d });
    }
    return put(r, c, { t: 'n', v });
  };
  while (pos < len - 1) {
    const start = pos;
    if (pos + 4 > len) return null;
    const rt = b.readUInt16LE(pos), n = b.readUInt16LE(pos + 2);
    if (rt === 0 && lastRT === 0x000a) break;
    if (depth === 0 && rt !== 0x0809) break; // SheetJS stops at the first record outside a substream
    const p = pos + 4, end = p + n;
    if (end > len) return null;
    pos = end;
    if (!PARSED.has(rt)) continue; // SheetJS skips it; CONTINUE records after it are then records of their own, skipped too
    lastRT = rt;
    // A record SheetJS parses swallows the CONTINUE records after it: only the SST's are understood here.
    const nextRt = pos + 2 <= len ? b.readUInt16LE(pos) : -1;
    if (CONTINUE_RT.has(nextRt) && rt !== 0x00fc) return null;
    if (HARMLESS.has(rt)) continue;
    if (XNUM.has(rt)) { if (n < 8) return null; continue; }
    if (FRT12_HARMLESS.has(rt) || rt === 0x087d) {
      if (n < 12) return null;
      const r2 = b.readUInt16LE(p);
      if (r2 !== rt && (((r2 & 0xff) << 8) | (r2 >> 8)) !== rt) return null;
      if (rt === 0x087d && xfExtThrows(b, p + 12, n - 12)) return null;
      continue;
    }
    switch (rt) {
      case 0x0809: { // BOF
        if (n < 4 || b.readUInt16LE(p) !== 0x0600) return null;
        const dt = b.readUInt16LE(p + 2);
        if (depth !== 0) return null; // a nested substream (embedded chart)
        if (!seenGlobals) {
          if (dt !== 0x0005 || start !== 0) return null;
          seenGlobals = true;
        } else {
          if (dt !== 0x0010) return null; // chart, macro and dialog sheets: SheetJS
          const k = sheets.length;
          if (k >= bound.length || bound[k].pos !== start) return null;
          cur = { name: bound[k].name, hidden: bound[k].hs, range: null, data: [], merges: [] };
          sheets.push(cur);
        }
        depth = 1;
        break;
      }
      case 0x000a: // EOF
        depth = 0;
        if (cur) {
          if (!cur.range) return null; // no DIMENSIONS: SheetJS carries the last sheet's range over
          cur.done = true;
        }
        cur = null;
        break;
      case 0x0042: // CodePage: any other than 1200 (UTF-16) makes SheetJS decode with codepage tables
        if (n < 2) return null;
        { const cp = b.readUInt16LE(p); if (cp !== 1200 && cp !== 0x5212) return null; }
        break;
      case 0x0022: // Date1904
        if (n !== 2) return null;
        date1904 = b.readUInt16LE(p) === 1;
        break;
      case 0x013d: if (n % 2) return null; break; // RRTabId: SheetJS refuses an odd length
      case 0x0080: { // Guts: SheetJS refuses more than 7 levels
        if (n < 8) return null;
        let a = b.readUInt16LE(p + 4), c = b.readUInt16LE(p + 6);
        if (a !== 0) a--; if (c !== 0) c--;
        if (a > 7 || c > 7) return null;
        break;
      }
      case 0x01c1: // RecalcId: SheetJS checks the repeated record type
        if (n < 2) return null;
        { const r2 = b.readUInt16LE(p); if (r2 !== rt && (((r2 & 0xff) << 8) | (r2 >> 8)) !== rt) return null; }
        break;
      case 0x00e0: // XF
        if (cur || n < 20) return null;
        xfs.push({ numFmtId: b.readUInt16LE(p + 2) });
        break;
      case 0x041e: { // Format
        if (cur || n < 5) return null;
        const id = b.readUInt16LE(p), cch = b.readUInt16LE(p + 2);
        let s = '';
        if (cch !== 0) { const r = chars(b, p + 4, cch, end); if (!r) return null; s = r.s; }
        if (s in Object.prototype) return null; // SheetJS looks the string up in a plain object first
        if (s === 'd.m') s = 'd\\.m'; // SheetJS's bad_formats
        fmt[id] = s;
        break;
      }
      case 0x0085: { // BoundSheet8
        if (cur || n < 8 || bound.length >= MAX_SHEETS) return null;
        const bpos = b.readUInt32LE(p), hs = b[p + 4] & 3, cch = b[p + 6];
        let name = '';
        if (cch) { const r = chars(b, p + 7, cch, end); if (!r) return null; name = r.s; }
        if (name.length === 0) name = 'Sheet1';
        if (bound.length && bpos <= bound[bound.length - 1].pos) return null;
        if (bound.some((x) => x.name === name)) return null;
        bound.push({ pos: bpos, hs, name });
        break;
      }
      case 0x00fc: { // SST and its CONTINUE records
        const parts = [b.subarray(p, end)];
        while (pos + 4 <= len && CONTINUE_RT.has(b.readUInt16LE(pos))) {
          const crt = b.readUInt16LE(pos), cn = b.readUInt16LE(pos + 2);
          if (crt !== 0x003c || pos + 4 + cn > len) return null;
          parts.push(b.subarray(pos + 4, pos + 4 + cn));
          pos += 4 + cn;
        }
        const lens = [];
        let at = 0;
        for (const x of parts) { lens.push(at); at += x.length; }
        sst = readSst(Buffer.concat(parts), lens);
        if (!sst) return null;
        break;
      }
      case 0x0200: { // Dimensions
        if (!cur || cur.range || n < 12) return null;
        const r = b.readUInt32LE(p), R = b.readUInt32LE(p + 4), c = b.readUInt16LE(p + 8), C = b.readUInt16LE(p + 10);
        if (R > MAX_ROWS || C > MAX_COLS) return null;
        cur.range = { s: { r, c }, e: { r: R, c: C } };
        break;
      }
      case 0x00e5: { // MergeCells
        if (!cur || n < 2) return null;
        const cnt = b.readUInt16LE(p);
        if (2 + 8 * cnt > n) return null;
        for (let k = 0; k < cnt; k++) {
          const q = p + 2 + 8 * k;
          cur.merges.push({ s: { r: b.readUInt16LE(q), c: b.readUInt16LE(q + 4) }, e: { r: b.readUInt16LE(q + 2), c: b.readUInt16LE(q + 6) } });
        }
        break;
      }
      case 0x00be: { // MulBlank: no cells, but SheetJS checks its length
        if (!cur || n < 6 || (n - 6) % 2) return null;
        const col = b.readUInt16LE(p + 2), last = b.readUInt16LE(end - 2);
        if ((n - 6) / 2 !== last - col + 1) return null;
        break;
      }
      case 0x00fd: { // LabelSst
        if (!cur || !cur.range || n < 10 || !sst) return null;
        const isst = b.readUInt32LE(p + 6);
        if (isst >= sst.length) return null;
        if (!put(b.readUInt16LE(p), b.readUInt16LE(p + 2), { t: 's', v: sst[isst] })) return null;
        break;
      }
      case 0x0204: { // Label
        if (!cur || !cur.range || n < 8) return null;
        const cch = b.readUInt16LE(p + 6);
        let s = '';
        if (cch !== 0) { const r = chars(b, p + 8, cch, end); if (!r) return null; s = r.s; }
        if (!put(b.readUInt16LE(p), b.readUInt16LE(p + 2), { t: 's', v: s })) return null;
        break;
      }
      case 0x0203: // Number
        if (!cur || !cur.range || n < 14) return null;
        if (!num(b.readUInt16LE(p), b.readUInt16LE(p + 2), b.readUInt16LE(p + 4), b.readDoubleLE(p + 6), true)) return null;
        break;
      case 0x027e: // RK
        if (!cur || !cur.range || n < 10) return null;
        if (!num(b.readUInt16LE(p), b.readUInt16LE(p + 2), b.readUInt16LE(p + 4), rk(b, p + 6), true)) return null;
        break;
      case 0x00bd: { // MulRk
        if (!cur || !cur.range || n < 6 || (n - 6) % 6) return null;
        const r = b.readUInt16LE(p), col = b.readUInt16LE(p + 2), last = b.readUInt16LE(end - 2), cnt = (n - 6) / 6;
        if (cnt !== last - col + 1 || cnt === 0) return null;
        for (let k = 0; k < cnt; k++) {
          const q = p + 4 + 6 * k;
          if (!num(r, col + k, b.readUInt16LE(q), rk(b, q + 2), true)) return null;
        }
        break;
      }
      case 0x0205: { // BoolErr
        if (!cur || !cur.range || n < 8) return null;
        const v = b[p + 6], isErr = b[p + 7] === 1;
        if (!put(b.readUInt16LE(p), b.readUInt16LE(p + 2), isErr ? { t: 'e', v } : { t: 'b', v: v === 1 })) return null;
        break;
      }
      default:
        return null; // formulas, names, comments, drawings' objects, encryption, anything else: SheetJS
    }
  }
  if (!seenGlobals || !sheets.length || sheets.some((s) => !s.done) || sheets.length !== bound.length) return null;
  const wb = { SheetNames: [], Sheets: {}, Workbook: { Sheets: [] } };
  for (const s of sheets) {
    const ws = { '!data': s.data };
    const rg = s.range;
    if (rg.e.r > 0 && rg.e.c > 0) {
      if (rg.s.r > rg.e.r - 1 || rg.s.c > rg.e.c - 1) return null; // an inverted range: SheetJS's quirks
      ws['!ref'] = { s: { r: rg.s.r, c: rg.s.c }, e: { r: rg.e.r - 1, c: rg.e.c - 1 } };
    }
    if (s.merges.length) ws['!merges'] = s.merges;
    wb.SheetNames.push(s.name);
    wb.Sheets[s.name] = ws;
    wb.Workbook.Sheets.push({ Hidden: s.hidden });
  }
  return wb;
}

module.exports = { readBiff8 };
