import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@ainp/source'] },
  ssr: { resolve: { conditions: ['@ainp/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
