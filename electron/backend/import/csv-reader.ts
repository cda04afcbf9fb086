import iconv from 'iconv-lite';
import { AppError } from '../errors';
import type { Cell } from './read';
import { READ_LIMITS, type SheetSink } from './xlsx-reader';

/** UTF-8 (with or without BOM), UTF-16 with BOM, otherwise GBK (GB18030) as older county tools write. */
export function decodeText(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return iconv.decode(buf.subarray(2), 'utf16-be');
  try { return new TextDecoder('utf-8', { fatal: true }).decode(buf); } catch { return iconv.decode(buf, 'gb18030'); }
}

/**
 * The separator: Excel's own `sep=;` first line when there is one; else the one of comma, tab and
 * semicolon that most of the first lines hold outside quotes (a title line above the header holds
 * none; a name with a comma in a tab-separated file is one line of many).
 */
function separator(text: string): { sep: string; skip: number } {
  const declared = /^sep=([,;\t|])\r?\n/.exec(text.slice(0, 8));
  if (declared) return { sep: declared[1], skip: declared[0].length };
  const lines = text.slice(0, 64 * 1024).split('\n').slice(0, 30).map((l) => l.replace(/"[^"]*"/g, ''));
  let best = ',', most = 0;
  for (const sep of [',', '\t', ';']) {
    const n = lines.reduce((k, l) => k + (l.includes(sep) ? 1 : 0), 0);
    if (n > most) { best = sep; most = n; }
  }
  return { sep: best, skip: 0 };
}

export function parseCsv(text: string): string[][] {
  const { sep, skip } = separator(text);
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = skip; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') { if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false; }
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const overLimit = (file: string, what: string) => new AppError('BAD_FILE', `文件“${file}”${what}，超出了本程序读取文件的上限，未导入任何内容。`
  + '正常的台账不会这样，文件可能已损坏或被改动过：请向发送方核实，或在 Excel/WPS 中打开检查后另存一份再导入。');

/**
 * A CSV file as one sheet, under the same bounds as the .xlsx reader: values beyond the columns a
 * ledger uses are counted, not kept; a cell over the length limit or a file over the cell limit
 * is refused.
 */
export function readCsvInto(buf: Buffer, fileName: string, sink: SheetSink): void {
  const text = decodeText(buf);
  const rows = parseCsv(text);
  if (rows.length > 1_048_576) throw overLimit(fileName, `有 ${rows.length} 行（Excel 最多 1048576 行）`);
  sink.sheet(fileName.replace(/\.[^.]+$/, ''));
  let slots = 0, chars = 0, ignored: { count: number; first: string } | undefined;
  for (let r = 0; r < rows.length; r++) {
    const src = rows[r];
    let cells: Cell[] | null = null;
    for (let c = 0; c < src.length; c++) {
      const v = src[c];
      if (v === '') continue;
      if (c >= READ_LIMITS.columns) {
        if (ignored) ignored.count++; else ignored = { count: 1, first: `第${r + 1}行第${c + 1}列` };
        continue;
      }
      if (v.length > READ_LIMITS.cellChars) throw overLimit(fileName, `第${r + 1}行第${c + 1}列的内容超过 ${READ_LIMITS.cellChars / 10_000} 万个字符（Excel 单元格最多 32767 个字符）`);
      chars += v.length;
      if (chars > READ_LIMITS.textChars) throw overLimit(fileName, `的文字内容共超过 ${READ_LIMITS.textChars / 100_000_000} 亿个字符`);
      if (!cells) cells = [];
      while (cells.length < c) cells.push(null);
      // ="0140…" is how county tools make Excel keep long digits as text; the wrapper is not data.
      cells[c] = /^="[^"]*"$/.test(v) ? v.slice(2, -1) : v;
    }
    rows[r] = []; // let the parsed text go as the cells are handed on
    if (!cells) continue;
    slots += cells.length;
    if (slots > READ_LIMITS.cellSlots) throw overLimit(fileName, `的数据超过 ${READ_LIMITS.cellSlots / 10_000} 万个单元格`);
    sink.row(r, cells);
    if (r % 5000 === 4999) sink.flush(r + 1, Math.round((r / rows.length) * 99));
  }
  sink.end({ maxRow: rows.length - 1, merges: [], mergesKnown: false, ...(ignored ? { ignored } : {}) });
}
