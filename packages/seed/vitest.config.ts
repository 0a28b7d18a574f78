import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Resolve workspace packages (@ainp/db) to their TypeScript source, as tsc and tsx do.
  resolve: { conditions: ['@ainp/source'] },
  ssr: { resolve: { conditions: ['@ainp/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
