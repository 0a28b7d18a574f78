import { DatabaseClient } from '@ainp/db';
import { createTestDatabase, type TestDatabase } from '@ainp/db/testing';
import { afterAll, inject } from 'vitest';
import type { SeedCounts } from '../src/seed-counts.js';
import { resolveSeedOptions, type SeedFlags, type SeedOptions } from '../src/seed-options.js';

/** A fresh database for one test, migrated (cloned from the template) or empty; dropped after the file. */
export async function freshDatabase(
  kind: 'migrated' | 'empty' = 'migrated',
): Promise<TestDatabase & { db: DatabaseClient }> {
  const database = await createTestDatabase(inject('adminUrl'), {
    template: kind === 'migrated' ? inject('templateDatabase') : undefined,
  });
  const db = new DatabaseClient(database.url);
  await db.connect();
  afterAll(async () => {
    await db.close();
    await database.drop();
  });
  return { ...database, db };
}

type CountFlags = Partial<Record<keyof SeedCounts, string>>;

/**
 * Seed options as the command line would give them (counts by their SeedCounts names), generated
 * on the test's own thread unless `workers` says otherwise.
 */
export function options(flags: Omit<SeedFlags, 'counts'> & CountFlags = {}): SeedOptions {
  const { seed, scale, refDate, reset, append, workers, ...counts } = flags;
  return resolveSeedOptions({
    seed,
    scale,
    refDate,
    reset,
    append,
    workers: workers ?? '0',
    counts,
  });
}
