/** What the search index thread has done so far, in the shared Int32Array both threads watch. */
export const INDEXER_STATE = { starting: 0, started: 1, ready: 2, committed: 3, failed: 4 } as const;
