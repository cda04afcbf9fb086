import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest's default leaves one core to its main process (one worker on a two-core machine), but
    // that process only collects results here; the test files and the children they start need the cores.
    maxWorkers: Math.max(1, os.availableParallelism()),
    projects: [
      // Pure functions, no mocks or environment changes: the files share one module graph per worker
      // instead of importing it again for each file (the unit project's CPU time about halves).
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', isolate: false } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 120_000 } },
      { test: { name: 'electron', include: ['test/electron/**/*.test.ts'], environment: 'node' } },
    ],
  },
});
