/**
 * A character that is certainly neither whitespace nor full-width ASCII: printable ASCII, or U+3001 to
 * U+FEFE (CJK and most of the BMP). The importer's per-cell tests (is it blank, what does it start
 * with) decide most cells of a roster by it without trim or a regex.
 */
export const plainCode = (ch: number): boolean => (ch > 0x20 && ch < 0x7f) || (ch > 0x3000 && ch < 0xfeff);

/** Full-width ASCII (FF01–FF5E) and the ideographic space become their half-width forms. */
const WIDE = /[\uff01-\uff5e\u3000]/;

export function toHalfWidth(s: string): string {
  if (!WIDE.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += s[i];
  }
  return out;
}

/** Trims and collapses inner whitespace (incl. NBSP and full-width space) for free text. */
const MESSY = /\s\s|[\t\n\r\u00a0\u3000]|^\s|\s$/;

export function cleanText(s: string): string {
  if (!MESSY.test(s)) return s;
  return s.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

/** Removes every kind of whitespace: IDs, phones and account numbers never contain any. */
const ANY_SPACE = /[\s\u00a0\u3000]/;

export function stripSpaces(s: string): string {
  if (!ANY_SPACE.test(s)) return s;
  return s.replace(/[\s\u00a0\u3000]+/g, '');
}

/**
 * Text Excel (or WPS, whose Chinese input turns ＝ into =) may run as a formula: a leading = + - @,
 * their full-width forms ＝＋－＠, or tab/CR (CSV injection puts them before the =). Such text is
 * exported with a leading apostrophe that the importer takes off again.
 */
export const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

export function looksLikeFormula(s: string): boolean {
  return FORMULA_START.test(s);
}
