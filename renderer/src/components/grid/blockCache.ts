export const BLOCK_SIZE = 200;
/** About 20,000 rows stay in memory; scrolling back further refetches, which is cheap next to holding 100k objects. */
const MAX_BLOCKS = 100;

export interface GridPage<T> { rows: T[]; total: number }
export type BlockFetcher<T> = (offset: number, limit: number) => Promise<GridPage<T>>;

/**
 * Rows fetched lazily in fixed blocks. A generation number makes answers to an outdated query
 * (filters changed while a request was in flight) harmless: they are dropped.
 */
export class BlockCache<T> {
  private blocks = new Map<number, T[]>();
  /** Blocks from before a reload, shown until their fresh copy arrives so rows do not flash empty. */
  private stale = new Map<number, T[]>();
  private loading = new Set<number>();
  generation = 0;
  total: number | null = null;
  error: string | null = null;

  constructor(private onChange: () => void) {}

  reset(keepVisibleRows: boolean): void {
    this.generation++;
    this.stale = !keepVisibleRows ? new Map() : this.blocks.size ? this.blocks : this.stale;
    if (!keepVisibleRows) this.total = null;
    this.blocks = new Map();
    this.loading = new Set();
    this.error = null;
    this.onChange();
  }

  row(index: number): T | undefined {
    const b = Math.floor(index / BLOCK_SIZE);
    return (this.blocks.get(b) ?? this.stale.get(b))?.[index % BLOCK_SIZE];
  }

  /** Loads every block that overlaps rows first..last and is neither cached nor in flight. */
  ensure(first: number, last: number, fetch: BlockFetcher<T>): void {
    const from = Math.floor(first / BLOCK_SIZE), to = Math.floor(last / BLOCK_SIZE);
    for (let b = from; b <= to; b++) {
      if (!this.blocks.has(b) && !this.loading.has(b)) void this.load(b, fetch);
    }
  }

  private async load(b: number, fetch: BlockFetcher<T>): Promise<void> {
    const gen = this.generation;
    this.loading.add(b);
    try {
      const page = await fetch(b * BLOCK_SIZE, BLOCK_SIZE);
      if (gen !== this.generation) return;
      this.blocks.set(b, page.rows);
      this.stale.delete(b);
      this.total = page.total;
      this.error = null;
      this.evictFarFrom(b);
    } catch (e) {
      if (gen !== this.generation) return;
      this.error = e instanceof Error ? e.message : String(e);
      if (this.total === null) this.total = 0;
    } finally {
      if (gen === this.generation) this.loading.delete(b);
    }
    this.onChange();
  }

  private evictFarFrom(b: number): void {
    while (this.blocks.size > MAX_BLOCKS) {
      let far = b;
      for (const k of this.blocks.keys()) if (Math.abs(k - b) > Math.abs(far - b)) far = k;
      this.blocks.delete(far);
    }
  }
}
