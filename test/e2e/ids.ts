import { checkDigit } from '../../shared/idcard';

/**
 * A valid 18-character ID for 昔阳县 (140724): birth date + 3-digit sequence + GB 11643 check digit.
 * An odd sequence gives 男, an even one 女.
 */
export function validId(seq: number, birth = '19800101'): string {
  const first17 = `140724${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

/** The same ID with a check digit that is certainly wrong. */
export function withBadCheckDigit(id: string): string {
  const good = id[17];
  const bad = good === '0' ? '1' : '0';
  return id.slice(0, 17) + bad;
}
