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
