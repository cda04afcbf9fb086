import { formatYuan, parseAmountFen } from '../../../../shared/money';

/** 元 as the clerk reads it: two decimals, thousands separated. */
export function yuan(fen: number | null | undefined): string {
  return fen == null ? '' : formatYuan(fen);
}

/** An InputNumber in 元 → integer 分 without floating-point drift. */
export function toFen(v: number | string | null | undefined): number | null {
  if (v == null || v === '') return null;
  return parseAmountFen(v);
}

/** 分 → the number an InputNumber in 元 shows. */
export function toYuanInput(fen: number | null | undefined): number | undefined {
  return fen == null ? undefined : fen / 100;
}
