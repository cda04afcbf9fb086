/**
 * 生僻字 in names. The print fonts (宋体, 微软雅黑, Noto CJK, 文泉驿) all cover the 20,902 GBK
 * ideographs U+4E00–U+9FA5; beyond that coverage differs from one computer to the next, and a
 * missing glyph prints as a blank or a box. A name must never lose a character silently, so every
 * character outside the common range is reported, and the print preview shows the warning.
 */

export type RareKind = 'ext' | 'extA' | 'newer' | 'pua' | 'compat' | 'other';

export interface RareChar {
  char: string;
  /** U+XXXX (or U+XXXXX). */
  code: string;
  kind: RareKind;
}

const KIND_TEXT: Record<RareKind, string> = {
  ext: '扩展B区及以后的生僻字',
  extA: '扩展A区生僻字',
  newer: '新增汉字',
  pua: '自造字（私用区）',
  compat: '兼容汉字',
  other: '特殊字符',
};

function classify(cp: number): RareKind | null {
  if (cp >= 0x20 && cp <= 0x7e) return null; // ASCII
  if (cp >= 0xa0 && cp <= 0xff) return null; // Latin-1, incl. · (U+00B7) in 少数民族 names
  if (cp >= 0x4e00 && cp <= 0x9fa5) return null; // GBK / GB 13000 ideographs
  if (cp >= 0x3000 && cp <= 0x303f) return null; // CJK punctuation, 〇
  if (cp >= 0xff01 && cp <= 0xff5e) return null; // full-width ASCII
  if (cp === 0x2022 || cp === 0x30fb || cp === 0x2014 || cp === 0x2026 || (cp >= 0x2018 && cp <= 0x201d)) return null; // • ・ — … quotes
  if (cp >= 0x9fa6 && cp <= 0x9fff) return 'newer';
  if (cp >= 0x3400 && cp <= 0x4dbf) return 'extA';
  if (cp >= 0x20000 && cp <= 0x3ffff) return 'ext';
  if ((cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000) return 'pua';
  if ((cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f)) return 'compat';
  return 'other';
}

const hex = (cp: number) => 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');

/** Every character of `s` that the common fonts may not have, each once, in order. */
export function rareChars(s: string): RareChar[] {
  const out: RareChar[] = [];
  const seen = new Set<number>();
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (seen.has(cp)) continue;
    const kind = classify(cp);
    if (kind) { seen.add(cp); out.push({ char: ch, code: hex(cp), kind }); }
  }
  return out;
}

/** The Chinese warning for one text, or null when every character is common. */
export function rareCharWarning(label: string, text: string): string | null {
  const r = rareChars(text);
  if (!r.length) return null;
  const list = r.map((c) => `“${c.char}”（${c.code}，${KIND_TEXT[c.kind]}）`).join('、');
  return `${label}“${text}”含${list}：部分电脑的字体没有这个字，打印出来可能是空白或方框。请在预览和打印件上核对，缺字时手写补正。`;
}
