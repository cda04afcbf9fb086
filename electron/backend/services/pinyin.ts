import { pinyin } from 'pinyin-pro';

// pinyin-pro costs ~10 µs a name; a per-character cache makes 100k names nearly free.
const surnameCache = new Map<string, string>();
const charCache = new Map<string, string>();

function first(ch: string, surname: boolean): string {
  const cache = surname ? surnameCache : charCache;
  let v = cache.get(ch);
  if (v === undefined) {
    const p = pinyin(ch, { pattern: 'first', toneType: 'none', type: 'array', surname: surname ? 'head' : 'off' })[0] ?? '';
    v = /^[a-z]$/i.test(p) ? p.toLowerCase() : '';
    cache.set(ch, v);
  }
  return v;
}

/** Pinyin initials of a Chinese name (王建国 → wjg), surname readings for the first character. */
export function nameInitials(name: string): string {
  let out = '';
  let i = 0;
  for (const ch of name) out += first(ch, i++ === 0);
  return out;
}

const fullCache = new Map<string, string>();

/** Full pinyin of a name without tones or spaces (霍美兰 → huomeilan), surname readings for the first character. */
export function nameFullPinyin(name: string): string {
  let v = fullCache.get(name);
  if (v === undefined) {
    v = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true }).join('').toLowerCase().replace(/[^a-z]/g, '');
    if (fullCache.size > 200_000) fullCache.clear();
    fullCache.set(name, v);
  }
  return v;
}

// Mandarin syllables as initial + final (ü typed as v); the last syllable may be unfinished (huomeil).
const INITIAL = '(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])';
const FINAL = '(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|in|un|vn|ia|ie|iu|ua|uo|ui|ue|ve|a|o|e|i|u|v)';
const SYLLABLE = new RegExp(`^(?:${INITIAL}${FINAL}|${FINAL})`);
const PARTIAL = new RegExp(`^${INITIAL}?[a-z]*$`);

/**
 * The initials a full-pinyin query can stand for: huomeilan → hml (xian → xa and x: 西安 or 先).
 * Empty when the text is not full pinyin (wjg), so the caller keeps the initials search alone.
 */
export function pinyinQueryInitials(text: string, limit = 8): string[] {
  const q = text.toLowerCase();
  const out = new Set<string>();
  const walk = (rest: string, acc: string, syllables: number) => {
    if (out.size >= limit) return;
    if (!rest) { if (syllables > 0) out.add(acc); return; }
    for (let len = Math.min(6, rest.length); len >= 1; len--) {
      const s = rest.slice(0, len);
      if (SYLLABLE.test(s) && SYLLABLE.exec(s)![0] === s) walk(rest.slice(len), acc + s[0], syllables + 1);
    }
    // An unfinished last syllable (the clerk is still typing): counts by its first letter.
    if (syllables > 0 && rest.length <= 4 && PARTIAL.test(rest) && !SYLLABLE.test(rest)) out.add(acc + rest[0]);
  };
  walk(q, '', 0);
  // One letter per syllable equals the query itself: plain initials (wjg) need nothing more.
  return [...out].filter((i) => i !== q);
}
