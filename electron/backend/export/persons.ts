import type { Ctx } from '../services/context';
import { AppError } from '../errors';
export async function exportPersons(_ctx: Ctx): Promise<{ fileName: string; buffer: Buffer }> { throw new AppError('INTERNAL', '导出尚未完成'); }
