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
  /**
   * Frozen while the list scrolls sideways. Unset: identity columns (村, 姓名, 借款人, 车间名称, 岗位名称)
   * freeze on the left and action columns (not exportable) on the right; false keeps a column scrolling.
   */
  pin?: 'left' | 'right' | false;
}

/** Titles that say whose row it is: frozen on the left of every wide grid unless a column says otherwise. */
export const IDENTITY_TITLES = new Set(['村', '行政村', '姓名', '借款人', '借款人姓名', '户主姓名', '车间名称', '岗位名称']);

export function pinOf<T>(c: GridColumn<T>): 'left' | 'right' | null {
  if (c.pin !== undefined) return c.pin || null;
  if (IDENTITY_TITLES.has(c.title)) return 'left';
  if (c.exportable === false) return 'right';
  return null;
}
