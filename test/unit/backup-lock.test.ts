import { describe, expect, it } from 'vitest';
import { checkPassword, hashPassword } from '../../electron/backend/services/lock';

describe('app lock password hashing (scrypt)', () => {
  it('stores a salted scrypt hash, never the password', () => {
    const h = hashPassword('乐平镇2026');
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(h).not.toContain('乐平镇2026');
    expect(hashPassword('乐平镇2026')).not.toBe(h); // a new salt every time
  });
  it('accepts the right password and refuses others', () => {
    const h = hashPassword('abcd');
    expect(checkPassword('abcd', h)).toBe(true);
    expect(checkPassword('abcD', h)).toBe(false);
    expect(checkPassword('', h)).toBe(false);
    expect(checkPassword('abcd', 'plain-text-not-a-hash')).toBe(false);
  });
  it('treats the same Chinese text typed by different input methods alike (NFC)', () => {
    const h = hashPassword('e\u0301台账');
    expect(checkPassword('\u00e9台账', h)).toBe(true);
  });
});
