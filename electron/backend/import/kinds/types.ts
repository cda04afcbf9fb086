import type { ImportError } from '../../../../shared/api/contract';
import type { Ctx } from '../../services/context';
import type { FieldSpec } from '../header';
import type { Cell } from '../read';

export interface RowProblem { field: string; message: string }
export interface Suggestion { personId: number; idNo: string; name: string }

export interface ParsedRow<R> {
  record: R | null;
  problems: RowProblem[];
  /** A damaged ID: the digits that survived and the row's name, for a suggested fix. */
  damagedId?: { digits: string; name: string };
}

export interface RowAccess {
  /** The cell mapped to a field, or undefined when the sheet has no such column. */
  get(field: string): Cell | undefined;
  has(field: string): boolean;
  header(field: string): string;
}

export interface Change { field: string; before: string; after: string }
export interface Existing { id: number; changes: Change[] }

export interface StagedRow<R> {
  row: number; // Excel row number (1-based)
  category: 'new' | 'changed' | 'unchanged' | 'error';
  key: string;
  label: string;
  record: R | null;
  changes: Change[];
  errors: ImportError[];
  existingId: number | null;
  raw: Cell[]; // the original cells: the error report repeats them
  suggestion?: Suggestion;
}

export interface KindDef<R> {
  kind: string;
  label: string; // 人员名单
  fields: FieldSpec[];
  /** Message when the required columns are missing, listing what the sheet does have. */
  missingMessage(missing: FieldSpec[], found: string[]): string;
  parseRow(row: RowAccess, idOverride?: string): ParsedRow<R>;
  key(r: R): string;
  label_(r: R): string;
  display(r: R): Record<string, string>;
  /** Rows of one file that share a key: returns per-row messages, or nothing when they may coexist. */
  duplicateMessage?(rows: { row: number; record: R }[]): Map<number, string>;
  /** Compares staged records with the database; null for a new record. */
  compare(ctx: Ctx, records: R[]): (r: R) => Existing | null;
  commit(ctx: Ctx, rows: StagedRow<R>[], batchId: number): { inserted: number; updated: number };
  suggest?(ctx: Ctx, damaged: { digits: string; name: string }): Suggestion | undefined;
  /** Undo of what commit wrote; rows the batch created carry created_batch_id. */
  undo(ctx: Ctx, batchId: number): void;
}
