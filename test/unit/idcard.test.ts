import { describe, expect, it, vi } from 'vitest';
import { ageAt, checkDigit, maskId, maskPhone, normalizeId, validateId } from '../../shared/idcard';

const make = (first17: string) => first17 + checkDigit(first17);

describe('GB 11643 ID numbers', () => {
  it('accepts a valid ID and derives birth date and sex from it', () => {
    const id = make('14072419830918081');
    const r = validateId(id);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.info).toEqual({ id, birthDate: '1983-09-18', sex: '男' });
    const f = validateId(make('14072419900101002'));
    expect(f.ok && f.info.sex).toBe('女');
  });
  it('computes the X check digit and normalizes a lowercase x', () => {
    expect(checkDigit('11010519491231002')).toBe('X');
    const r = validateId('11010519491231002x');
    expect(r.ok && r.info.id).toBe('11010519491231002X');
  });
  it('normalizes full-width digits and spaces', () => {
    expect(normalizeId(' １４０７２４ 19830918081x ')).toBe('14072419830918081X');
  });
  it('refuses a wrong check digit with the expected digit in the message', () => {
    const good = make('14072419830918081');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r = validateId(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) { expect(r.problem).toBe('checksum'); expect(r.message).toContain('校验位'); expect(r.message).toContain(good[17]); }
  });
  it('refuses impossible birth dates even with a correct check digit', () => {
    for (const d of ['19990231', '19870631', '20230229']) {
      const r = validateId(make(`140724${d}041`));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problem).toBe('birth');
    }
    expect(validateId(make('14072420000229041')).ok).toBe(true); // 2000 is a leap year
  });
  it('refuses a future birth date, wrong length and letters', () => {
    expect(validateId(make('14072420990101041')).ok).toBe(false);
    const short = validateId('14072419921213015');
    expect(!short.ok && short.problem).toBe('length');
    expect(!short.ok && short.message).toContain('17位');
    const letters = validateId('1407241983A918081X');
    expect(!letters.ok && letters.problem).toBe('chars');
  });
  it('without a ledger date, takes today from the computer\'s own calendar, not the UTC date', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    vi.useFakeTimers();
    try {
      // 01:00 on 2041-03-02 in China is still 2041-03-01 in UTC: a child born that morning has an ID already.
      vi.setSystemTime(new Date('2041-03-01T17:00:00Z'));
      expect(validateId(make('14072420410302041')).ok).toBe(true);
      expect(validateId(make('14072420410303041')).ok).toBe(false);
    } finally {
      vi.useRealTimers();
      if (tz === undefined) delete process.env.TZ; else process.env.TZ = tz;
    }
  });
  it('computes age on a date, before and after the birthday', () => {
    expect(ageAt('1953-06-07', '2023-06-06')).toBe(69);
    expect(ageAt('1953-06-07', '2023-06-07')).toBe(70);
  });
  it('masks IDs as 6 + 8 stars + 4 by default and other county patterns', () => {
    expect(maskId('14072419830918081X')).toBe('140724********081X');
    expect(maskId('14072419830918081X', { head: 4, tail: 4, stars: 8 })).toBe('1407********081X');
    expect(maskPhone('13912345678')).toBe('139****5678');
  });
});
