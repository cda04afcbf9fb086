import { describe, expect, it } from 'vitest';
import { nameFullPinyin, nameInitials, pinyinQueryInitials } from '../../electron/backend/services/pinyin';

describe('pinyin search', () => {
  it('reads a full name', () => {
    expect(nameFullPinyin('霍美兰')).toBe('huomeilan');
    expect(nameInitials('霍美兰')).toBe('hml');
    expect(nameFullPinyin('吕秀英')).toBe('lvxiuying');
  });

  it('turns full pinyin (also unfinished) into the initials it can stand for', () => {
    expect(pinyinQueryInitials('huomeilan')).toContain('hml');
    expect(pinyinQueryInitials('huomeil')).toContain('hml');
    expect(pinyinQueryInitials('xian')).toEqual(expect.arrayContaining(['x', 'xa']));
    // Initials alone are not full pinyin.
    expect(pinyinQueryInitials('wjg')).toEqual([]);
    expect(pinyinQueryInitials('hml')).toEqual([]);
  });
});
