import { defineConfig, type Plugin } from 'vitest/config';

/** Check files run in parallel, each on its own database; the work is mostly PostgreSQL's. */
const VERIFY_WORKERS = 4;

/**
 * Workspace packages export their TypeScript source under the `@ainp/source` condition, so nothing
 * needs building. Vite applies top-level `resolve.conditions` to the client environment only; this
 * adds the condition to every environment, including the one the global setup is loaded in.
 */
const workspaceSource: Plugin = {
  name: 'ainp-workspace-source',
  configEnvironment(_name, config) {
    config.resolve ??= {};
    config.resolve.conditions = ['@ainp/source', ...(config.resolve.conditions ?? [])];
  },
};

export default defineConfig({
  plugins: [workspaceSource],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          // A beforeAll that starts a server can take well over vitest's 10 s default under load.
          hookTimeout: 120_000,
        },
      },
      {
        // `pnpm verify`: the pull-request gate (src/cli/verify.ts runs this project).
        extends: true,
        test: {
          name: 'verify',
          include: ['checks/**/*.check.ts'],
          globalSetup: ['checks/global-setup.ts'],
          maxWorkers: VERIFY_WORKERS,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // `pnpm verify --citus`: the gate on a Citus cluster. One database, so files run in turn.
        extends: true,
        test: {
          name: 'citus',
          include: ['citus-checks/**/*.check.ts'],
          globalSetup: ['citus-checks/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
