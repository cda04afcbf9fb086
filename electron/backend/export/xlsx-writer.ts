import zlib from 'node:zlib';

/**
 * The bytes of an .xlsx: a zip of SpreadsheetML parts, written here directly instead of through
 * exceljs's streaming writer. exceljs builds a model object, a style object and an XML render per
 * cell; a 100k-row county sheet spent most of its time there. Here each row is one string and the
 * parts are deflated by zlib's thread pool while the next rows are put together, so a county-size
 * package is written in a fraction of the time. What is written (values, styles, merges, frozen
 * header, print setup) is what workbook.ts asks for; workbook.ts is the only caller.
 */

// ───────────────────────── text ─────────────────────────

const NEEDS_ESCAPE = /[&<>"\x00-\x08\x0B\x0C\x0E-\x1F\x7F]|_x[0-9A-Fa-f]{4}_/; // no /g: test() keeps no state
const ESCAPES = /[&<>"\x00-\x08\x0B\x0C\x0E-\x1F\x7F]|_x(?=[0-9A-Fa-f]{4}_)/g;
const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', _x: '_x005F_x' };

/**
 * Text as XML character data: markup characters escaped; the control characters XML 1.0 cannot hold
 * left out (as exceljs did); a literal _xHHHH_ written as _x005F_xHHHH_ so Excel (and our reader) show
 * it as typed instead of decoding it to a character.
 */
export function xmlEscape(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(ESCAPES, (m) => ESC[m] ?? '');
}

const colLetters = (i: number): string => {
  let s = '', n = i + 1;
  while (n > 0) { const r = (n - 1) % 26; s = String.fromCharCode(65 + r) + s; n = Math.floor((n - 1) / 26); }
  return s;
};
export const cellRef = (row: number, col: number) => `${colLetters(col)}${row + 1}`;

// ───────────────────────── the model workbook.ts hands over ─────────────────────────

/** Index into STYLE_XFS. */
export const XF = {
  default: 0, title: 1, header: 2,
  cell: 3, cellText: 4, cellMoney: 5, bold: 6, boldText: 7, boldMoney: 8,
  colText: 9, colMoney: 10,
} as const;

export interface SheetPart {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  landscape: boolean;
  widths: number[];
  colStyles: number[];
  /** 0-based row index of the last header row: panes frozen below it, rows 3…it printed on every page. */
  lastHeader: number;
  merges: { top: number; left: number; bottom: number; right: number }[];
  /** Calls put(row) for each row in order; may await (the writer yields while rows are produced). */
  rows: (put: (cells: (string | number | null)[], styles: readonly number[] | number, height?: number) => void, flush: () => Promise<void>) => Promise<void>;
}

// ───────────────────────── zip ─────────────────────────

interface ZipEntry { name: Buffer; crc: number; size: number; compressed: Buffer[]; compSize: number; offset: number }

/** A deflated part written through zlib's thread pool: write() never blocks the caller for long. */
class Part {
  // Level 1: a sixth of level 6's CPU for a file about as big as exceljs wrote (cell XML is repetitive, any level packs it well).
  private z = zlib.createDeflateRaw({ level: 1, chunkSize: 256 * 1024 });
  private out: Buffer[] = [];
  private crc = 0;
  private size = 0;
  private pending: string[] = [];
  private pendingLen = 0;
  private done: Promise<void>;
  constructor(readonly name: string) {
    this.z.on('data', (c: Buffer) => this.out.push(c));
    this.done = new Promise((res, rej) => { this.z.on('end', res); this.z.on('error', rej); });
  }
  text(s: string) {
    this.pending.push(s);
    this.pendingLen += s.length;
    if (this.pendingLen > 1 << 18) this.push();
  }
  private push() {
    if (!this.pending.length) return;
    const b = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = []; this.pendingLen = 0;
    this.crc = zlib.crc32(b, this.crc);
    this.size += b.length;
    this.z.write(b);
  }
  /** Hands what is gathered to zlib and lets it (and status requests) run. */
  async flush() {
    this.push();
    if (this.z.writableLength > 8 << 20) await new Promise<void>((r) => this.z.once('drain', () => r()));
    else await new Promise<void>((r) => setImmediate(r));
  }
  async end(): Promise<Omit<ZipEntry, 'offset'>> {
    this.push();
    this.z.end();
    await this.done;
    return { name: Buffer.from(this.name, 'utf8'), crc: this.crc >>> 0, size: this.size, compressed: this.out, compSize: this.out.reduce((n, b) => n + b.length, 0) };
  }
}

function zip(entries: Omit<ZipEntry, 'offset'>[]): Buffer {
  const chunks: Buffer[] = [];
  let offset = 0;
  const placed: ZipEntry[] = [];
  // A fixed DOS time (1980-01-01): the same rows give the same bytes, and no zone or clock is involved.
  const TIME = 0, DATE = (0 << 9) | (1 << 5) | 1;
  for (const e of entries) {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(0x0800, 6); h.writeUInt16LE(8, 8);
    h.writeUInt16LE(TIME, 10); h.writeUInt16LE(DATE, 12); h.writeUInt32LE(e.crc, 14); h.writeUInt32LE(e.compSize, 18); h.writeUInt32LE(e.size, 22);
    h.writeUInt16LE(e.name.length, 26); h.writeUInt16LE(0, 28);
    placed.push({ ...e, offset });
    chunks.push(h, e.name, ...e.compressed);
    offset += h.length + e.name.length + e.compSize;
  }
  const cdStart = offset;
  for (const e of placed) {
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(0x0800, 8); c.writeUInt16LE(8, 10);
    c.writeUInt16LE(TIME, 12); c.writeUInt16LE(DATE, 14); c.writeUInt32LE(e.crc, 16); c.writeUInt32LE(e.compSize, 20); c.writeUInt32LE(e.size, 24);
    c.writeUInt16LE(e.name.length, 28); c.writeUInt32LE(e.offset, 42);
    chunks.push(c, e.name);
    offset += c.length + e.name.length;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(placed.length, 8); end.writeUInt16LE(placed.length, 10);
  end.writeUInt32LE(offset - cdStart, 12); end.writeUInt32LE(cdStart, 16);
  chunks.push(end);
  if (offset > 0xffffffff) throw new Error('文件超过 4 GB，无法写成 .xlsx');
  return Buffer.concat(chunks);
}

async function smallPart(name: string, xml: string) {
  const p = new Part(name);
  p.text(xml);
  return p.end();
}

// ───────────────────────── parts ─────────────────────────

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const BORDER = '<border><left style="thin"><color rgb="FF000000"/></left><right style="thin"><color rgb="FF000000"/></right>'
  + '<top style="thin"><color rgb="FF000000"/></top><bottom style="thin"><color rgb="FF000000"/></bottom><diagonal/></border>';
/** numFmtId 49 is Excel's built-in @ (text), 4 its built-in #,##0.00: no custom formats needed. */
const STYLE_XFS = [
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>',
  '<xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>',
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/>',
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>',
  '<xf numFmtId="4" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>',
  '<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>',
  '<xf numFmtId="49" fontId="2" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>',
  '<xf numFmtId="4" fontId="2" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>',
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
  '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
];
const STYLES = `${HEAD}<styleSheet xmlns="${NS}">`
  + '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
  + '<font><b/><sz val="16"/><name val="Calibri"/><family val="2"/></font>'
  + '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
  + '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
  + '<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/></patternFill></fill></fills>'
  + `<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>${BORDER}</borders>`
  + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
  + `<cellXfs count="${STYLE_XFS.length}">${STYLE_XFS.join('')}</cellXfs>`
  + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0"/></styleSheet>';

const sheetNameAttr = (s: string) => xmlEscape(s);
/** A sheet name inside a formula reference: quoted, quotes doubled. */
const sheetNameRef = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function sheetPart(i: number, s: SheetPart, sst: Map<string, number>): Promise<Omit<ZipEntry, 'offset'>> {
  const p = new Part(`xl/worksheets/sheet${i + 1}.xml`);
  const n = s.widths.length;
  const refs = Array.from({ length: n }, (_, c) => colLetters(c));
  const frozen = s.lastHeader + 1;
  p.text(`${HEAD}<worksheet xmlns="${NS}" xmlns:r="${RNS}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`
    + `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${frozen}" topLeftCell="A${frozen + 1}" activePane="bottomLeft" state="frozen"/>`
    + '<selection pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>'
    + s.widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"${s.colStyles[c] ? ` style="${s.colStyles[c]}"` : ''}/>`).join('')
    + '</cols><sheetData>');
  let r = 0;
  let buf = '';
  const put = (cells: (string | number | null)[], styles: readonly number[] | number, height?: number) => {
    r++;
    let x = height ? `<row r="${r}" ht="${height}" customHeight="1">` : `<row r="${r}">`;
    const width = typeof styles === 'number' ? cells.length : Math.max(cells.length, styles.length);
    for (let c = 0; c < width; c++) {
      const v = cells[c];
      const st = typeof styles === 'number' ? styles : styles[c];
      const at = `${refs[c] ?? colLetters(c)}${r}`;
      const sAttr = st ? ` s="${st}"` : '';
      if (v == null || (typeof v === 'number' && !Number.isFinite(v))) { if (st) x += `<c r="${at}"${sAttr}/>`; continue; }
      if (typeof v === 'number') { x += `<c r="${at}"${sAttr}><v>${v}</v></c>`; continue; }
      let k = sst.get(v);
      if (k === undefined) { k = sst.size; sst.set(v, k); }
      x += `<c r="${at}"${sAttr} t="s"><v>${k}</v></c>`;
    }
    buf += `${x}</row>`;
    if (buf.length > 1 << 16) { p.text(buf); buf = ''; }
  };
  await s.rows(put, async () => { p.text(buf); buf = ''; await p.flush(); });
  p.text(buf);
  const landscape = s.landscape ? 'landscape' : 'portrait';
  p.text('</sheetData>'
    + (s.merges.length ? `<mergeCells count="${s.merges.length}">${s.merges.map((m) => `<mergeCell ref="${cellRef(m.top, m.left)}:${cellRef(m.bottom, m.right)}"/>`).join('')}</mergeCells>` : '')
    + '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
    + `<pageSetup paperSize="9" orientation="${landscape}" fitToWidth="1" fitToHeight="0"/>`
    + '<headerFooter><oddFooter>第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter></worksheet>');
  return p.end();
}

function sharedStringsXml(sst: Map<string, number>): string[] {
  const out = [`${HEAD}<sst xmlns="${NS}" count="${sst.size}" uniqueCount="${sst.size}">`];
  // Map keeps insertion order, which is the index order.
  for (const s of sst.keys()) out.push(/^\s|\s$/.test(s) ? `<si><t xml:space="preserve">${xmlEscape(s)}</t></si>` : `<si><t>${xmlEscape(s)}</t></si>`);
  out.push('</sst>');
  return out;
}

/** The whole .xlsx for these sheets. */
export async function writeXlsx(sheets: SheetPart[], meta: { creator: string; created: Date }): Promise<Buffer> {
  const sst = new Map<string, number>();
  const parts: Omit<ZipEntry, 'offset'>[] = [];
  for (const [i, s] of sheets.entries()) parts.push(await sheetPart(i, s, sst));
  const strings = new Part('xl/sharedStrings.xml');
  for (const line of sharedStringsXml(sst)) strings.text(line);
  parts.push(await strings.end());
  const n = sheets.length;
  const printTitles = sheets.map((s, i) => `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlEscape(sheetNameRef(s.name))}!$3:$${s.lastHeader + 1}</definedName>`).join('');
  const iso = meta.created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  parts.unshift(
    await smallPart('[Content_Types].xml', `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      + sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')
      + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
      + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
      + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
      + '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'),
    await smallPart('_rels/.rels', `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
      + `<Relationship Id="rId1" Type="${RNS}/officeDocument" Target="xl/workbook.xml"/>`
      + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
      + `<Relationship Id="rId3" Type="${RNS}/extended-properties" Target="docProps/app.xml"/></Relationships>`),
    await smallPart('docProps/core.xml', `${HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" `
      + 'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
      + `<dc:creator>${xmlEscape(meta.creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${iso}</dcterms:created>`
      + `<dcterms:modified xsi:type="dcterms:W3CDTF">${iso}</dcterms:modified></cp:coreProperties>`),
    await smallPart('docProps/app.xml', `${HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>`),
    await smallPart('xl/workbook.xml', `${HEAD}<workbook xmlns="${NS}" xmlns:r="${RNS}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>`
      + sheets.map((s, i) => `<sheet name="${sheetNameAttr(s.name)}" sheetId="${i + 1}"${s.state !== 'visible' ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('')
      + `</sheets><definedNames>${printTitles}</definedNames><calcPr calcId="171027"/></workbook>`),
    await smallPart('xl/_rels/workbook.xml.rels', `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
      + sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${RNS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
      + `<Relationship Id="rId${n + 1}" Type="${RNS}/styles" Target="styles.xml"/><Relationship Id="rId${n + 2}" Type="${RNS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`),
    await smallPart('xl/styles.xml', STYLES),
  );
  return zip(parts);
}
