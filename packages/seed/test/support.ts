import { DatabaseClient, runCommand } from '@ainp/db';
import { capturedIo, createTestDatabase, type TestDatabase } from '@ainp/db/testing';
import { cleanUpLater, type TestFinishedHook } from '@ainp/db/testing/vitest';
import { inject } from 'vitest';
import type { SeedCounts } from '../src/seed-counts.js';
import { resolveSeedOptions, type SeedFlags, type SeedOptions } from '../src/seed-options.js';
import { seedCommand } from '../src/cli/seed.js';

/**
 * A fresh database, migrated (cloned from the template) or empty: dropped when the test that
 * asked for it finishes, or after the file when asked for in a beforeAll. A concurrent test
 * passes its context.
 */
export async function freshDatabase(
  kind: 'migrated' | 'empty' = 'migrated',
  context?: TestFinishedHook,
): Promise<TestDatabase & { db: DatabaseClient }> {
  const database = await createTestDatabase(inject('adminUrl'), {
    template: kind === 'migrated' ? inject('templateDatabase') : undefined,
  });
  const db = new DatabaseClient(database.url);
  await db.connect();
  cleanUpLater(async () => {
    await db.close();
    await database.drop();
  }, context);
  return { ...database, db };
}

type CountFlags = Partial<Record<keyof SeedCounts, string>>;

/**
 * Seed options as the command line would give them (counts by their SeedCounts names), generated
 * on the test's own thread unless `workers` says otherwise.
 */
export function options(flags: Omit<SeedFlags, 'counts'> & CountFlags = {}): SeedOptions {
  const { seed, scale, refDate, reset, append, workers, cascade, allowProduction, ...counts } =
    flags;
  return resolveSeedOptions({
    seed,
    scale,
    refDate,
    reset,
    append,
    cascade,
    allowProduction,
    workers: workers ?? '0',
    counts,
  });
}

/**
 * `pnpm seed …` run in this process the way the `ainp` bin runs it, with its own streams (not a
 * TTY, empty standard input) and only `env` (plus PATH, and CI=true for plain progress lines).
 */
export async function runSeedCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, output } = capturedIo({ PATH: process.env.PATH, CI: 'true', ...env });
  const code = await runCommand(seedCommand, args, io);
  return { code, ...output() };
}
