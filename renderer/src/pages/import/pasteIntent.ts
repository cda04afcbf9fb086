import { pastedTable, type PasteKind } from '../../../../shared/pasteTable';

/**
 * A block pasted into a grid goes through the same import as a file (preview with 新增/变更/未变/错误 before
 * anything is written). The grid's page sets it just before opening the import; the import wizard of the
 * same kind takes it once.
 */
export interface PastedImport {
  file: File;
  kind: PasteKind;
  /** The 工资发放表's month (YYYY-MM): the attendance sheet the block was pasted into. */
  month?: string;
}

let pending: PastedImport | null = null;

/** Turns pasted text into a tab-separated file for the import of `kind`; false when the text is not a table. */
export function setPastedImport(text: string, kind: PasteKind = 'persons', month?: string): false | { rows: number } {
  const t = pastedTable(text, kind);
  if (!t) return false;
  pending = { file: new File([t.text], `从表格粘贴的${t.rows}行.tsv`, { type: 'text/tab-separated-values' }), kind, month };
  return { rows: t.rows };
}

/** The pasted block, when it is for one of these kinds. */
export function takePastedImport(kinds: readonly string[]): PastedImport | null {
  const p = pending;
  if (!p || !kinds.includes(p.kind)) return null;
  pending = null;
  return p;
}

/** What a clerk is told when the clipboard holds no table. */
export const NOT_A_TABLE = '粘贴的内容不是表格：请在 Excel 或 WPS 中选中整行复制后再粘贴。';
