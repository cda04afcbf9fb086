// Placeholder: the import engine is being written. Every function throws until then.
import { AppError } from '../errors';
import type { Ctx } from '../services/context';
const todo = (): never => { throw new AppError('INTERNAL', '导入功能尚未完成'); };
export const startImport = (_c: Ctx, _p: unknown): never => todo();
export const jobStatus = (_id: string): never => todo();
export const configureImport = (_c: Ctx, _p: unknown): never => todo();
export const previewRows = (_p: unknown): never => todo();
export const commitImport = (_c: Ctx, _p: unknown): never => todo();
export const cancelImport = (_id: string): never => todo();
export const errorReport = (_id: string): never => todo();
export const listBatches = (_c: Ctx): never => todo();
export const undoBatch = (_c: Ctx, _id: number): never => todo();
export const importFileForCli = async (_c: Ctx, _p: unknown): Promise<{ refused?: string; summary?: import('../../../shared/api/contract').ImportSummary }> => todo();
