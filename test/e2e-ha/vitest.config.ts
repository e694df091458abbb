import { defineConfig } from 'vitest/config';

// Used only by .github/workflows/e2e-home-assistant.yml. Starting Home Assistant takes
// minutes even after `npx hass-taste-test` has installed it, hence the long timeouts.
export default defineConfig({
  test: {
    include: ['test/e2e-ha/**/*.e2e-ha.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
