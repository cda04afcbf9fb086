import { z } from 'zod';
import { isRealDate } from '../dates';

const ISO_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_SHAPE = /^(\d{4})-(\d{2})$/;
// A year before 1900 is a typing slip (0026-03-01), never a ledger date; far-future ones get the services' own messages.
const saneYear = (y: number) => y >= 1900;

/**
 * Building blocks every module's channels share. The shape alone let 2026-02-30 and 2026-13 through
 * (a lock for a month that does not exist, 贴息 up to a day that does not exist): the date must be real.
 */
export const iso = z.string().refine((v) => {
  const m = ISO_SHAPE.exec(v);
  return !!m && saneYear(+m[1]) && isRealDate(+m[1], +m[2], +m[3]);
}, {
  error: (iss) => (ISO_SHAPE.test(String(iss.input))
    ? `“${String(iss.input)}”不是真实存在的日期，请核对年、月、日`
    : `日期应写成 YYYY-MM-DD，例如 2026-03-01（现在是“${String(iss.input)}”）`),
});
export const month = z.string().refine((v) => {
  const m = MONTH_SHAPE.exec(v);
  return !!m && saneYear(+m[1]) && +m[2] >= 1 && +m[2] <= 12;
}, {
  error: (iss) => (MONTH_SHAPE.test(String(iss.input))
    ? `“${String(iss.input)}”不是真实存在的月份，月份应在 01 到 12 之间`
    : `月份应写成 YYYY-MM，例如 2026-03（现在是“${String(iss.input)}”）`),
});
export const page = { offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) };
export const sort = z.object({ field: z.string(), dir: z.enum(['asc', 'desc']) }).optional();
export const FileOut = z.object({ fileName: z.string(), base64: z.string() });

export function ch<P extends z.ZodType, R extends z.ZodType>(params: P, result: R) {
  return { params, result };
}
