import ExcelJS from 'exceljs';

/**
 * A copy of the workbook with the cells under `column` (in the first row that names it, on the first sheet)
 * set by `value` in the first `rows` data rows: a county file as a clerk would have edited it.
 */
export async function withCellsChanged(buf: Buffer, column: string, rows: number, value: (i: number, old: ExcelJS.CellValue) => ExcelJS.CellValue): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  let headerRow = 0, col = 0;
  ws.eachRow((row, n) => { if (headerRow) return; row.eachCell((c, k) => { if (!headerRow && String(c.value ?? '').trim() === column) { headerRow = n; col = k; } }); });
  if (!headerRow) throw new Error(`no column ${column}`);
  for (let i = 0; i < rows; i++) {
    const cell = ws.getRow(headerRow + 1 + i).getCell(col);
    cell.value = value(i, cell.value);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
