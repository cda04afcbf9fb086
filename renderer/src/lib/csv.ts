/** Excel and WPS run a cell that starts with = + - @ (or a tab/CR) as a formula; an apostrophe keeps it text. */
export function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function quote(value: string): string {
  const v = guardFormula(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * CSV for Excel on Chinese Windows: a UTF-8 BOM (without it Excel reads GBK and shows mojibake)
 * and CRLF line ends.
 */
export function toCsv(header: string[], rows: string[][]): string {
  const lines = [header, ...rows].map((r) => r.map(quote).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** Tab-separated text as Excel puts on the clipboard; tabs and newlines inside a cell would split it. */
export function toTsv(rows: string[][]): string {
  return rows.map((r) => r.map((c) => c.replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\r\n');
}

export function downloadText(fileName: string, text: string, mime = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url; a.download = fileName; a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
