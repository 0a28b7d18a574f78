import { runMigrations } from '@ainp/db';
import pg from 'pg';
import {
  listenToLockRecorder,
  MIGRATION_APPLICATION_NAME,
  type DdlReport,
} from './lock-recorder.js';
import { startLockSampler, type LockSample } from './lock-sampler.js';
import { readTableFacts, type TableFacts } from './table-facts.js';

/** Everything measured while one migration was applied. */
export interface MigrationMeasurement {
  readonly fileName: string;
  /** performance.now() at the start and end of the runMigrations call. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** Lines of the runner's log that mention a retry. */
  readonly retries: number;
  /** The runner's error, when the migration failed. */
  readonly error?: string;
  readonly before: TableFacts;
  readonly after: TableFacts;
  readonly samples: readonly LockSample[];
  /** The migration backend's own reports (empty when the recorder could not be installed). */
  readonly ddl: readonly DdlReport[];
}

/**
 * Applies the one pending migration in `migrationsDir` (every other file there must be applied)
 * on a session of its own, while the sampler watches that session, and returns what was seen.
 */
export async function measureMigration(
  url: string,
  migrationsDir: string,
  fileName: string,
): Promise<MigrationMeasurement> {
  const client = new pg.Client({
    connectionString: url,
    application_name: MIGRATION_APPLICATION_NAME,
  });
  await client.connect();
  try {
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!
      .pid;
    const before = await readTableFacts(client);
    const ddl: DdlReport[] = [];
    const stopListening = listenToLockRecorder(client, ddl);
    const sampler = await startLockSampler(url, pid);
    const log: string[] = [];
    const startedAt = performance.now();
    let error: string | undefined;
    try {
      await runMigrations(client, { migrationsDir, log: (line) => log.push(line) });
    } catch (failure) {
      error = (failure as Error).message;
    }
    const endedAt = performance.now();
    const samples = await sampler.stop();
    stopListening();
    return {
      fileName,
      startedAt,
      endedAt,
      retries: log.filter((line) => /\bretry|\battempt \d/i.test(line)).length,
      error,
      before,
      after: await readTableFacts(client),
      samples,
      ddl,
    };
  } finally {
    await client.end().catch(() => {});
  }
}
