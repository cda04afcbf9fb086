import ExcelJS from 'exceljs';

type Cell = ExcelJS.CellValue;

/** A county-style sheet as offices send it: a title row, a note row (统计截止, 导出时间 …), the header, then the rows. */
export async function countySheet(title: string, note: string, header: string[], rows: Cell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow([title]);
  ws.addRow([note]);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
