// The kinds whose rows the reader thread may stage while it reads (records JSON carries unchanged:
// text, numbers, booleans). Nothing here may touch the database: this module goes into that thread.
import { personsRowKind } from './persons-row';
import type { RowKind } from './types';

export const ROW_KINDS: Record<string, RowKind<unknown> | undefined> = {
  persons: personsRowKind as RowKind<unknown>,
};
