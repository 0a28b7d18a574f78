import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@ainp/source'] },
  ssr: { resolve: { conditions: ['@ainp/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The type-level tests (test/**/*.test-d.ts, expectTypeOf) are checked by `pnpm typecheck`
    // (tsc --noEmit over test/), where a type error fails the run; running tsc a second time
    // inside vitest cost about 20 s of CPU.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
