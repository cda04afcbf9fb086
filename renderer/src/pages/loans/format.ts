import { formatYuan, parseAmountFen } from '../../../../shared/money';
import { formatRatePercent, formatRatioPercent, parseRateE6, parseRatioBp } from '../../../../shared/interest';

/** 元 as the clerk reads it: thousands separated, two decimals. */
export const yuan = (fen: number | null | undefined) => (fen == null ? '' : `${formatYuan(fen)}`);
export const yuanText = (fen: number | null | undefined) => (fen == null ? '' : `${formatYuan(fen)} 元`);
/** 5,000,000 分 → "5" (万元), for the county's habit of writing loans in 万元. */
export const wan = (fen: number) => String(fen / 1_000_000);

/** Form inputs (stringMode InputNumbers) → exact integers; never through floating point. */
export const toFen = (v: string | number | null | undefined) => (v == null || v === '' ? null : parseAmountFen(v));
export const fenToInput = (fen: number | null | undefined) => (fen == null ? undefined : (fen / 100).toFixed(2));
export const toRateE6 = (v: string | number | null | undefined) => (v == null || v === '' ? null : parseRateE6(String(v)));
export const rateInput = (e6: number | null | undefined) => (e6 == null ? undefined : formatRatePercent(e6));
export const rateText = (e6: number | null | undefined) => (e6 == null ? '' : `${formatRatePercent(e6)}%`);
export const toRatioBp = (v: string | number | null | undefined) => (v == null || v === '' ? null : parseRatioBp(`${v}%`));
export const ratioInput = (bp: number) => formatRatioPercent(bp);
export const percent = (x: number) => `${(x * 100).toFixed(2)}%`;
