import { z } from 'zod';

/** Building blocks every module's channels share. */
export const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');
export const month = z.string().regex(/^\d{4}-\d{2}$/, '月份应为 YYYY-MM');
export const page = { offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) };
export const sort = z.object({ field: z.string(), dir: z.enum(['asc', 'desc']) }).optional();
export const FileOut = z.object({ fileName: z.string(), base64: z.string() });

export function ch<P extends z.ZodType, R extends z.ZodType>(params: P, result: R) {
  return { params, result };
}
