import { writeWorkbook } from '../export/workbook';
import type { HeaderInfo } from './header';
import { cellText } from './header';
import type { StagedRow } from './kinds/types';

/** The clerk's to-do list: each bad row as it was in the file, with its row number and the reason. */
export async function writeErrorReport(fileName: string, sheetName: string, header: HeaderInfo | null, rows: StagedRow<unknown>[], created: Date): Promise<Buffer> {
  const headers = header?.headers ?? [];
  const width = Math.max(headers.length, ...rows.map((r) => r.raw.length), 0);
  const columns = [
    { header: '原行号', width: 8, type: 'number' as const },
    ...Array.from({ length: width }, (_, i) => ({ header: headers[i] || `第${i + 1}列`, type: 'text' as const, width: 14 })),
    { header: '错误原因', width: 60 },
  ];
  return writeWorkbook([{
    name: '错误行',
    title: `导入错误报告：${fileName}`,
    note: `工作表“${sheetName}”，共 ${rows.length} 行有错误。请按“错误原因”改正原文件中的这些行后重新导入（已导入的行不会重复）。`,
    columns,
    rows: rows.map((r) => [r.row, ...Array.from({ length: width }, (_, i) => cellText(r.raw[i] ?? null) || null),
      r.errors.map((e) => `【${e.column}】${e.message}`).join('；')]),
  }], { created });
}
