import type { ReactNode } from 'react';

export interface GridSort { field: string; dir: 'asc' | 'desc' }
export type GridFilterValue = string | number | undefined;
export type GridFilters = Record<string, GridFilterValue>;
export interface GridQuery { offset: number; limit: number; sort?: GridSort; filters: GridFilters }

export type GridFilter =
  | { kind: 'text'; placeholder?: string }
  | { kind: 'select'; options: { value: string | number; label: string }[]; placeholder?: string };

export interface GridColumn<T> {
  key: string;
  title: string;
  width?: number;
  sortable?: boolean;
  filter?: GridFilter;
  /** What the cell says, as plain text: shown, copied and exported. */
  text: (row: T) => string;
  /** Richer cell content (buttons, tags); copy and export still use text(). */
  render?: (row: T) => ReactNode;
  /** Action columns (buttons) stay out of the CSV. */
  exportable?: boolean;
  hiddenByDefault?: boolean;
}
