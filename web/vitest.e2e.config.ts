import { defineConfig } from 'vitest/config';

// Browser tests: one rmmgraph demo, Debian's Chromium, run in order.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
