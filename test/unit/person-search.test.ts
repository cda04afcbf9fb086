import { describe, expect, it } from 'vitest';
import { searchGrams, searchMatch } from '../../electron/backend/services/personSearch';

describe('person search grams', () => {
  it('indexes a name as its characters and pairs, and an ID as marked runs of three', () => {
    expect(searchGrams('王建国', '14072419')).toBe('王 王建 建 建国 国 z140 z407 z072 z724 z241 z419');
  });

  it('lists a run of three that repeats in an ID once, where it first occurs, and an ID without a name alone', () => {
    expect(searchGrams('张三', '0000000000000000X0')).toBe('张 张三 三 z000 z00X z0X0');
    expect(searchGrams(null, '12121-2121')).toBe('z121 z212');
    expect(searchGrams('', '')).toBe('');
  });

  it('keeps rare characters outside the BMP whole and leaves out grams the tokenizer would split', () => {
    expect(searchGrams('𠀀明', null)).toBe('𠀀 𠀀明 明');
    expect(searchGrams('阿依 古丽', null).split(' ')).not.toContain('依 ');
    expect(searchGrams('阿依·古丽', null).split(' ')).toContain('依·');
  });

  it('asks for the whole text when a name query is one or two characters, for every pair when longer', () => {
    expect(searchMatch('name', '王')).toBe('"王"');
    expect(searchMatch('name', '建国')).toBe('"建国"');
    expect(searchMatch('name', '王建国')).toBe('"王建" AND "建国"');
  });

  it('asks for every run of three of an ID part and leaves short parts to a scan', () => {
    expect(searchMatch('idNo', '0918')).toBe('"z091" AND "z918"');
    expect(searchMatch('idNo', '09')).toBeNull();
  });

  it('never builds an expression from characters FTS5 would read as syntax', () => {
    for (const q of ['王"', 'a b', '1-2', '(x)', '*', 'a:b']) expect(searchMatch('name', q)).toBeNull();
  });
});
