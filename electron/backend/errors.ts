import type { ErrorCode } from '../../shared/api/contract';

/** An error the clerk should read: message in Chinese, code for scripts. */
export class AppError extends Error {
  constructor(public code: ErrorCode, message: string, public details?: unknown) {
    super(message);
  }
}
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what}不存在或已删除`);
