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
      // The same for the integration files: each opens its own backend in its own temp folder, puts back
      // what it sets in process.env, and keeps no module-level state of its own beyond caches that never change
      // once built (the imported roster copied by rosterBackend, the child-script bundles; the backend's caches are
      // per connection or per job id); spies are undone after each test (restoreMocks). Importing the
      // backend once per worker instead of once per file saves ~0.6 s of CPU per file.
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], environment: 'node', isolate: false, restoreMocks: true, testTimeout: 120_000, hookTimeout: 120_000 } },
      { test: { name: 'electron', include: ['test/electron/**/*.test.ts'], environment: 'node' } },
    ],
  },
});
