import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@ainp/source'] },
  ssr: { resolve: { conditions: ['@ainp/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Type-level tests (expectTypeOf): tsc checks them, and a type error fails the run.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
