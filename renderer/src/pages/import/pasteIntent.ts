import { pastedTable } from '../../../../shared/pasteTable';

/**
 * A block pasted into a grid goes through the same import as a file (preview with 新增/变更/未变/错误 before
 * anything is written). The grid's page sets it just before navigate('import'); the import page takes it once.
 */
let pending: File | null = null;

/** Turns pasted text into a tab-separated file for the import; false when the text is not a table. */
export function setPastedImport(text: string): false | { rows: number } {
  const t = pastedTable(text);
  if (!t) return false;
  pending = new File([t.text], `从表格粘贴的${t.rows}行.tsv`, { type: 'text/tab-separated-values' });
  return { rows: t.rows };
}

export function takePastedImport(): File | null {
  const f = pending;
  pending = null;
  return f;
}
