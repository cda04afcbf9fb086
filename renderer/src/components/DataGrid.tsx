import { Alert, App, Button, Modal, Progress, Spin } from 'antd';
import {
  getCoreRowModel, useReactTable, type ColumnDef, type ColumnPinningState, type SortingState, type VisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { BlockCache, type GridPage } from './grid/blockCache';
import { ColumnChooser } from './grid/ColumnChooser';
import { FilterCell } from './grid/FilterCell';
import { pinOf, type GridColumn, type GridFilters, type GridFilterValue, type GridQuery, type GridSort } from './grid/types';
import { copyText } from '../lib/clipboard';
import { toTsv } from '../lib/csv';
import { downloadBase64, invoke } from '../api';
import { errorMessage } from '../lib/format';

export type { GridColumn, GridFilters, GridQuery, GridSort } from './grid/types';
export type { GridPage } from './grid/blockCache';

const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 38;
const FILTER_ROW_HEIGHT = 40;
const GUTTER_WIDTH = 64;
const EXPORT_PAGE = 1000; // the contract's largest page
/** Rows live in the block cache, not in react-table: it only keeps columns, sorting and visibility. */
const NO_ROWS: never[] = [];
/** A column grows to at most this many times its set width when the window has room (1920 wide). */
const MAX_GROW = 2.5;

/** Where a shown column sits: its width after growing, and its sticky offset when frozen. */
export interface Placed<T> { col: GridColumn<T>; width: number; pin: 'left' | 'right' | null; offset: number }

export interface DataGridProps<T> {
  /** Names the saved column choice, e.g. "persons". */
  gridId: string;
  columns: GridColumn<T>[];
  fetchRows: (q: GridQuery) => Promise<GridPage<T>>;
  rowKey: (row: T) => string | number;
  /** Change it after an edit: rows are refetched where the clerk is, without jumping to the top. */
  reloadKey?: unknown;
  /** Change it when the list itself changes (e.g. 回收站): back to the top with fresh rows. */
  resetKey?: unknown;
  onRowClick?: (row: T) => void;
  exportName?: string;
  toolbar?: ReactNode;
  emptyText?: string;
  testId?: string;
  /**
   * A block pasted from Excel/WPS (tab-separated text) while the grid has the focus: the page sends it
   * through its import preview. Without it, pasting into the grid does nothing.
   */
  onPasteRows?: (text: string) => void;
}

type Active = { row: number; col: number } | null; // col -1 = the whole row is selected

function loadHidden(gridId: string, columns: GridColumn<unknown>[]): VisibilityState {
  try {
    const saved = localStorage.getItem(`ledger.grid.${gridId}.columns`);
    if (saved) return JSON.parse(saved) as VisibilityState;
  } catch { /* unreadable preference: fall back to defaults */ }
  return Object.fromEntries(columns.filter((c) => c.hiddenByDefault).map((c) => [c.key, false]));
}

/**
 * The one list component: server-side filter/sort/paging, rows fetched in blocks as they scroll
 * into view (100k rows stay smooth), column chooser, Excel-like keyboard moves and copy, CSV export.
 */
export function DataGrid<T>(props: DataGridProps<T>) {
  const { gridId, columns, fetchRows, rowKey, reloadKey, resetKey, onRowClick, exportName, toolbar, emptyText, testId, onPasteRows } = props;
  const { message } = App.useApp();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const cacheRef = useRef<BlockCache<T> | null>(null);
  if (!cacheRef.current) cacheRef.current = new BlockCache<T>(rerender);
  const cache = cacheRef.current;

  const [sorting, setSorting] = useState<SortingState>([]);
  const [filters, setFilters] = useState<GridFilters>({});
  const [visibility, setVisibility] = useState<VisibilityState>(() => loadHidden(gridId, columns as GridColumn<unknown>[]));
  const [active, setActive] = useState<Active>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => { localStorage.setItem(`ledger.grid.${gridId}.columns`, JSON.stringify(visibility)); }, [gridId, visibility]);

  // react-table only sorts columns that have an accessor, even when the sorting itself is done by the server.
  const defs = useMemo<ColumnDef<T>[]>(() => columns.map((c) => ({
    id: c.key, header: c.title, accessorFn: c.text, size: c.width ?? 120, enableSorting: !!c.sortable, sortDescFirst: false,
  })), [columns]);
  // Frozen columns through react-table's column pinning: left ones first, then the scrolling ones, then the right ones.
  const columnPinning = useMemo<ColumnPinningState>(() => ({
    left: columns.filter((c) => pinOf(c) === 'left').map((c) => c.key),
    right: columns.filter((c) => pinOf(c) === 'right').map((c) => c.key),
  }), [columns]);
  const table = useReactTable<T>({
    data: NO_ROWS as T[], columns: defs, state: { sorting, columnVisibility: visibility, columnPinning },
    onSortingChange: setSorting, onColumnVisibilityChange: setVisibility,
    manualSorting: true, manualFiltering: true, manualPagination: true, getCoreRowModel: getCoreRowModel(),
  });
  const byKey = useMemo(() => new Map(columns.map((c) => [c.key, c])), [columns]);
  const [avail, setAvail] = useState(0);
  const order = [...table.getLeftVisibleLeafColumns(), ...table.getCenterVisibleLeafColumns(), ...table.getRightVisibleLeafColumns()].map((c) => c.id).join('|');
  const placed = useMemo(() => placeColumns(order ? order.split('|').map((k) => byKey.get(k)!).filter(Boolean) : [], avail), [order, byKey, avail]);
  const visible = useMemo(() => placed.map((p) => p.col), [placed]);
  const filterHeight = columns.some((c) => c.filter) ? FILTER_ROW_HEIGHT : 0;
  const totalWidth = GUTTER_WIDTH + placed.reduce((s, p) => s + p.width, 0);
  const leftFrozen = GUTTER_WIDTH + placed.filter((p) => p.pin === 'left').reduce((s, p) => s + p.width, 0);
  const rightFrozen = placed.filter((p) => p.pin === 'right').reduce((s, p) => s + p.width, 0);

  const sort: GridSort | undefined = sorting[0] ? { field: sorting[0].id, dir: sorting[0].desc ? 'desc' : 'asc' } : undefined;
  const query = useRef({ fetchRows, sort, filters });
  query.current = { fetchRows, sort, filters };
  const fetchBlock = useCallback((offset: number, limit: number) => {
    const q = query.current;
    return q.fetchRows({ offset, limit, sort: q.sort, filters: q.filters });
  }, []);

  const queryKey = JSON.stringify([sort, filters, resetKey ?? null]);
  const firstQuery = useRef(true);
  useEffect(() => {
    if (firstQuery.current) { firstQuery.current = false; return; }
    cache.reset(false);
    setActive(null);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [cache, queryKey]);
  const firstReload = useRef(true);
  useEffect(() => {
    if (firstReload.current) { firstReload.current = false; return; }
    cache.reset(true);
  }, [cache, reloadKey]);

  // Widths follow the window: measured on the scroll area, so a wider screen shows more of each column.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setAvail(el.clientWidth);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const total = cache.total ?? 0;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT + filterHeight,
    scrollPaddingStart: HEADER_HEIGHT + filterHeight,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;
  const generation = cache.generation;
  useEffect(() => {
    // A short pause lets a fast scrollbar drag settle before fetching the rows under it.
    const delay = cache.total === null ? 0 : 80;
    const t = setTimeout(() => cache.ensure(firstIndex, Math.max(firstIndex, lastIndex), fetchBlock), delay);
    return () => clearTimeout(t);
  }, [cache, firstIndex, lastIndex, generation, fetchBlock]);

  const setFilter = useCallback((key: string, value: GridFilterValue) => {
    setFilters((f) => {
      const next = { ...f };
      if (value === undefined || value === '') delete next[key]; else next[key] = value;
      return next;
    });
  }, []);

  const moveTo = useCallback((row: number, col: number) => {
    setActive({ row, col });
    virtualizer.scrollToIndex(row, { align: 'auto' });
    const el = scrollRef.current;
    if (el && col >= 0 && !placed[col].pin) {
      // Frozen columns are always in view; a scrolling one is brought between them.
      let left = GUTTER_WIDTH;
      for (let i = 0; i < col; i++) left += placed[i].width;
      const right = left + placed[col].width;
      if (left - leftFrozen < el.scrollLeft) el.scrollLeft = left - leftFrozen;
      else if (right > el.scrollLeft + el.clientWidth - rightFrozen) el.scrollLeft = right - el.clientWidth + rightFrozen;
    }
  }, [virtualizer, placed, leftFrozen, rightFrozen]);

  const selectionText = useCallback((): string | null => {
    if (!active) return null;
    const row = cache.row(active.row);
    if (!row) return null;
    const cols = active.col < 0 ? visible.filter((c) => c.exportable !== false) : [visible[active.col]];
    return toTsv([cols.map((c) => c.text(row))]);
  }, [active, cache, visible]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys typed into the filter row belong to the filter inputs.
    if ((e.target as HTMLElement).closest('input, textarea, .ant-select, button')) return;
    if (!total) return;
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && (e.key === 'c' || e.key === 'C')) {
      const text = selectionText();
      if (text != null) {
        e.preventDefault();
        void copyText(text).then(() => message.success(active && active.col < 0 ? '已复制整行' : '已复制'));
      }
      return;
    }
    const cur = active ?? { row: 0, col: 0 };
    const lastRow = total - 1, lastCol = visible.length - 1;
    const pageRows = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 400) - HEADER_HEIGHT - filterHeight) / ROW_HEIGHT) - 1);
    let next: { row: number; col: number } | null = null;
    switch (e.key) {
      case 'ArrowDown': next = { row: active ? Math.min(lastRow, cur.row + 1) : 0, col: cur.col }; break;
      case 'ArrowUp': next = { row: Math.max(0, cur.row - 1), col: cur.col }; break;
      case 'ArrowRight': next = { row: cur.row, col: Math.min(lastCol, cur.col + 1) }; break;
      case 'ArrowLeft': next = { row: cur.row, col: Math.max(0, cur.col - 1) }; break;
      case 'PageDown': next = { row: Math.min(lastRow, cur.row + pageRows), col: cur.col }; break;
      case 'PageUp': next = { row: Math.max(0, cur.row - pageRows), col: cur.col }; break;
      case 'Home': next = ctrl ? { row: 0, col: Math.max(0, cur.col) } : { row: cur.row, col: 0 }; break;
      case 'End': next = ctrl ? { row: lastRow, col: Math.max(0, cur.col) } : { row: cur.row, col: lastCol }; break;
      case ' ':
        if (e.shiftKey) next = { row: cur.row, col: -1 };
        break;
      case 'Enter': {
        const row = active ? cache.row(active.row) : undefined;
        if (row && onRowClick) { e.preventDefault(); onRowClick(row); }
        return;
      }
    }
    if (next) { e.preventDefault(); moveTo(next.row, next.col); }
  };

  const [exporting, setExporting] = useState<{ done: number; total: number } | null>(null);
  const exportCancelled = useRef(false);
  const exportList = async () => {
    // The columns in their own order (not the frozen-first order on screen), as the clerk set them up.
    const cols = columns.filter((c) => visibility[c.key] !== false && c.exportable !== false);
    const q = query.current;
    exportCancelled.current = false;
    setExporting({ done: 0, total });
    try {
      const rows: string[][] = [];
      for (let offset = 0; offset < total; offset += EXPORT_PAGE) {
        const page = await q.fetchRows({ offset, limit: EXPORT_PAGE, sort: q.sort, filters: q.filters });
        if (exportCancelled.current) return;
        rows.push(...page.rows.map((r) => cols.map((c) => c.text(r))));
        setExporting({ done: rows.length, total });
        if (!page.rows.length) break;
      }
      // Through the one workbook writer: IDs stay text (Excel rounded the 18 digits of a CSV), amounts are numbers.
      const file = await invoke('export.grid', { name: exportName ?? '列表', columns: cols.map((c) => c.title), rows });
      if (exportCancelled.current) return;
      downloadBase64(file.fileName, file.base64);
      message.success(`已导出 ${rows.length} 行（Excel）`);
    } catch (e) {
      message.error(`导出失败：${errorMessage(e)}`);
    } finally {
      setExporting(null);
    }
  };

  const cellClick = useRef<(index: number, col: number) => void>(() => {});
  cellClick.current = (index, col) => {
    setActive({ row: index, col });
    scrollRef.current?.focus({ preventScroll: true });
    const row = cache.row(index);
    if (row && onRowClick && col >= 0) onRowClick(row);
  };
  const onCellClick = useCallback((index: number, col: number) => cellClick.current(index, col), []);

  const chooserColumns = table.getAllLeafColumns().map((tc) => ({ id: tc.id, title: byKey.get(tc.id)?.title ?? tc.id, visible: tc.getIsVisible() }));
  const loading = cache.total === null;
  const hasFilters = Object.keys(filters).length > 0;

  return (
    <div className="grid-root" data-testid={testId}>
      <div className="grid-toolbar">
        <div className="grid-toolbar-left">{toolbar}</div>
        <span className="grid-total" data-testid="grid-total" aria-live="polite">{loading ? '加载中…' : `共 ${total} 条`}</span>
        {hasFilters && <Button onClick={() => setFilters({})}>清除筛选</Button>}
        <ColumnChooser columns={chooserColumns} onToggle={(id, v) => table.getColumn(id)?.toggleVisibility(v)} />
        <Button onClick={exportList} disabled={!total || !!exporting}>导出当前列表</Button>
      </div>
      {cache.error && (
        <Alert type="error" showIcon title={`读取数据失败：${cache.error}`} className="grid-error"
          action={<Button size="small" onClick={() => cache.reset(true)}>重试</Button>} />
      )}
      <div
        ref={scrollRef} className="grid-scroll" role="grid" tabIndex={0}
        aria-rowcount={total + 2} aria-colcount={visible.length + 1} aria-busy={loading}
        onKeyDown={onKeyDown}
        onPaste={onPasteRows && ((e) => {
          if ((e.target as HTMLElement).closest('input, textarea')) return; // typed into a filter
          const text = e.clipboardData.getData('text/plain');
          if (!text.includes('\t') && !/\n./.test(text)) return;
          e.preventDefault();
          onPasteRows(text);
        })}
      >
        <div className="grid-canvas" style={{ width: totalWidth }}>
          <div className="grid-head" role="rowgroup">
            <div className="grid-row grid-header-row" role="row" style={{ height: HEADER_HEIGHT }}>
              <div className="grid-cell grid-gutter grid-pinned" role="columnheader" style={{ width: GUTTER_WIDTH, left: 0 }}>序号</div>
              {placed.map((p) => {
                const c = p.col;
                const column = table.getColumn(c.key)!;
                const dir = column.getIsSorted();
                return (
                  <div
                    key={c.key} role="columnheader" className={`grid-cell grid-header-cell${c.sortable ? ' sortable' : ''}${pinClass(p)}`}
                    style={cellStyle(p)} aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'} data-col={c.key}
                    title={c.sortable ? `${c.title}（点击排序）` : c.title}
                    onClick={c.sortable ? column.getToggleSortingHandler() : undefined}
                  >
                    {c.title}{dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}
                  </div>
                );
              })}
            </div>
            {filterHeight > 0 && <div className="grid-row grid-filter-row" role="row" style={{ height: filterHeight }}>
              <div className="grid-cell grid-gutter grid-pinned" role="columnheader" style={{ width: GUTTER_WIDTH, left: 0 }} />
              {placed.map((p) => (
                <div key={p.col.key} className={`grid-cell${pinClass(p)}`} role="columnheader" style={cellStyle(p)}>
                  {p.col.filter && (
                    <FilterCell columnKey={p.col.key} title={p.col.title} filter={p.col.filter} value={filters[p.col.key]} onChange={(v) => setFilter(p.col.key, v)} />
                  )}
                </div>
              ))}
            </div>}
          </div>
          <div className="grid-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((vi) => {
              const row = cache.row(vi.index);
              return (
                <GridRow<T>
                  key={row ? rowKey(row) : `loading-${vi.index}`}
                  index={vi.index} top={vi.start - virtualizer.options.scrollMargin} row={row} columns={placed}
                  activeCol={active?.row === vi.index ? active.col : null} onCellClick={onCellClick}
                />
              );
            })}
          </div>
          {loading && <div className="grid-empty"><Spin /></div>}
          {!loading && total === 0 && (
            <div className="grid-empty" data-testid="grid-empty">{hasFilters ? '没有符合筛选条件的记录' : emptyText ?? '暂无数据'}</div>
          )}
        </div>
      </div>
      <Modal open={!!exporting} title="正在导出" closable={false} mask={{ closable: false }}
        footer={<Button onClick={() => { exportCancelled.current = true; setExporting(null); }}>取消</Button>}>
        <Progress percent={exporting && exporting.total ? Math.floor((exporting.done / exporting.total) * 100) : 0} />
        <div>已读取 {exporting?.done ?? 0} / {exporting?.total ?? 0} 行</div>
      </Modal>
    </div>
  );
}

/**
 * Widths for the shown columns: their set widths, grown in proportion when the window is wider than the
 * sum (action columns keep theirs), and the sticky offsets of the frozen ones.
 */
export function placeColumns<T>(cols: GridColumn<T>[], avail: number): Placed<T>[] {
  const base = cols.map((c) => c.width ?? 120);
  const sum = GUTTER_WIDTH + base.reduce((a, b) => a + b, 0);
  const growable = cols.map((c, i) => (c.exportable === false ? 0 : base[i]));
  const growSum = growable.reduce((a, b) => a + b, 0);
  const extra = avail > sum && growSum ? avail - sum : 0;
  const widths = base.map((w, i) => w + Math.min(Math.floor((extra * growable[i]) / (growSum || 1)), Math.floor(growable[i] * (MAX_GROW - 1))));
  const out: Placed<T>[] = cols.map((c, i) => ({ col: c, width: widths[i], pin: pinOf(c), offset: 0 }));
  let left = GUTTER_WIDTH;
  for (const p of out) if (p.pin === 'left') { p.offset = left; left += p.width; }
  let right = 0;
  for (let i = out.length - 1; i >= 0; i--) if (out[i].pin === 'right') { out[i].offset = right; right += out[i].width; }
  return out;
}

function pinClass<T>(p: Placed<T>): string {
  return p.pin ? ` grid-pinned grid-pinned-${p.pin}` : '';
}

function cellStyle<T>(p: Placed<T>) {
  return p.pin === 'left' ? { width: p.width, left: p.offset } : p.pin === 'right' ? { width: p.width, right: p.offset } : { width: p.width };
}

interface RowProps<T> {
  index: number;
  top: number;
  row: T | undefined;
  columns: Placed<T>[];
  activeCol: number | null;
  onCellClick: (index: number, col: number) => void;
}

function GridRowImpl<T>({ index, top, row, columns, activeCol, onCellClick }: RowProps<T>) {
  const rowSelected = activeCol === -1;
  return (
    <div
      role="row" aria-rowindex={index + 3} aria-selected={rowSelected} data-row-index={index}
      className={`grid-row grid-data-row${index % 2 ? ' odd' : ''}${rowSelected ? ' row-selected' : ''}${row ? '' : ' placeholder'}`}
      style={{ height: ROW_HEIGHT, transform: `translateY(${top}px)` }}
    >
      <div className="grid-cell grid-gutter grid-pinned" role="rowheader" style={{ width: GUTTER_WIDTH, left: 0 }} onClick={() => onCellClick(index, -1)}>{index + 1}</div>
      {columns.map((p, i) => {
        const c = p.col;
        const text = row ? c.text(row) : '';
        return (
          <div
            key={c.key} role="gridcell" data-col={c.key} aria-selected={activeCol === i}
            className={`grid-cell${activeCol === i ? ' cell-active' : ''}${pinClass(p)}`} style={cellStyle(p)}
            title={text || undefined} onClick={() => onCellClick(index, i)}
          >
            {row ? (c.render ? c.render(row) : text) : <span className="grid-loading-cell" />}
          </div>
        );
      })}
    </div>
  );
}
// Rows only re-render when their data, position or selection changes, not on every scroll frame.
const GridRow = memo(GridRowImpl, (a, b) =>
  a.row === b.row && a.top === b.top && a.index === b.index && a.columns === b.columns && a.activeCol === b.activeCol && a.onCellClick === b.onCellClick,
) as typeof GridRowImpl;
