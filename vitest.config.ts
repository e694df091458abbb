import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.e2e-ha.ts', 'test/e2e-ha/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: files run two at a time; each test file uses its own database and topics.
    maxWorkers: 2,
    pool: 'forks',
    reporters: ['default'],
  },
});
