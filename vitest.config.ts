import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'threads',
    setupFiles: ['test/setup/fast-check-seed.ts'],
    globalSetup: ['test/setup/cli-bundle.mjs'],
  },
});
