import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DatabaseClient } from '@ainp/db';
import { createTestDatabase, type TestDatabase } from '@ainp/db/testing';
import { cleanUpLater, type TestFinishedHook } from '@ainp/db/testing/vitest';
import { inject } from 'vitest';
import type { SeedCounts } from '../src/seed-counts.js';
import { resolveSeedOptions, type SeedFlags, type SeedOptions } from '../src/seed-options.js';

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

const PACKAGE_DIR = path.resolve(import.meta.dirname, '..');

/** `pnpm seed …` as a child process (the tsx entry point the package script runs), not on a TTY. */
export async function runSeedCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--conditions=@ainp/source', 'src/cli/seed.ts', ...args],
    { cwd: PACKAGE_DIR, env: { PATH: process.env.PATH, CI: 'true', ...env }, timeout: 120_000 },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout: string; stderr: string }) => ({
      code: error.code ?? -1,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}
