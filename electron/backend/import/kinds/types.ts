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
  /** The file around the row (title lines, options), for kinds that need it; what `prepare` returned. */
  file?: FileContext;
}

/** Options given with an import where the file may not say it (CLI --month, the wizard's month picker). */
export interface ImportOptions { month?: string }

/** What a kind may know beyond one row: a 工资发放表 takes its month from the title above the header. */
export interface FileContext {
  fileName: string;
  sheet: string;
  /** Text of the rows above the header (title, 单位/月份 note), one string per row. */
  titleLines: string[];
  options: ImportOptions;
  /**
   * The ledger's today (Ctx.now, YYYY-MM-DD) when the file is staged: what a row may not be dated after,
   * and the year a download without its own date speaks of. Parsers have no ctx; they read it here, so
   * LEDGER_NOW and an injected clock hold for them as for every write.
   */
  today: string;
  /**
   * How many digits a 户编号 has in this ledger (the most common length, else the county system's 15):
   * a 户编号 cell stored as a number (WPS turns the column into numbers) lost its leading zeros, which
   * are put back up to this length so the household is the same one the text form names. A function,
   * asked only when such a cell is met: it reads the whole households table.
   */
  householdNoLength?: () => number;
  /** Whether the sheet has a column for the field. */
  has(field: string): boolean;
}

export interface Change { field: string; before: string; after: string }
export interface Existing {
  id: number;
  changes: Change[];
  /** The row creates a record under an existing one (a month's attendance under its appointment): new, with `id` the parent's. */
  isNew?: boolean;
  /** The database says no: the row becomes an error row with this message (and nothing is written for it). */
  problem?: RowProblem;
}

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

/** Names and IDs of the persons an import inserts, in insertion order (same length). */
export interface NewPersons { names: string[]; idNos: string[] }

export interface KindDef<R> {
  kind: string;
  label: string; // 人员名单
  /** What one row counts as, with its measure word: 人, 条聘用, 个岗位 (the preview says “新增 12 条聘用”). */
  unit: string;
  fields: FieldSpec[];
  /** Message when the required columns are missing, listing what the sheet does have. */
  missingMessage(missing: FieldSpec[], found: string[]): string;
  /**
   * Before staging: reads what the rows need from the file (a month from the title) and returns
   * the context every row then sees; throws an AppError to refuse the whole file.
   */
  prepare?(ctx: Ctx, file: FileContext): FileContext;
  parseRow(row: RowAccess, idOverride?: string): ParsedRow<R>;
  key(r: R): string;
  label_(r: R): string;
  display(r: R): Record<string, string>;
  /** Rows of one file that share a key: returns per-row messages, or nothing when they may coexist. */
  duplicateMessage?(rows: { row: number; record: R }[]): Map<number, string>;
  /** The field a duplicate row's message is about (the column it names); the ID column when absent. */
  duplicateField?(r: R): string;
  /** Compares staged records with the database; null for a new record. */
  compare(ctx: Ctx, records: R[]): (r: R) => Existing | null;
  commit(ctx: Ctx, rows: StagedRow<R>[], batchId: number): { inserted: number; updated: number };
  /**
   * The persons commit will insert, names and IDs in the order it inserts them (each takes the next
   * id): their search index is then written beside the commit (services/searchIndexer.ts).
   */
  newPersons?(rows: StagedRow<R>[]): NewPersons;
  suggest?(ctx: Ctx, damaged: { digits: string; name: string }): Suggestion | undefined;
  /**
   * Only what the one generic undo (import/undo.ts) cannot do for this kind: rows of a table keyed
   * otherwise than by id (attendance), settings the batch filled in, a check of its own. Runs first,
   * inside the undo's transaction; throwing an AppError refuses the undo.
   */
  undo?(ctx: Ctx, batchId: number): void;
}
