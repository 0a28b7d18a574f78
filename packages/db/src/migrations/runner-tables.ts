const RUNNER_TABLE_NAMES = ['migrations', 'migration_rollbacks'] as const;

/** The name of a table the migration runner keeps for itself. */
export type RunnerTableName = (typeof RUNNER_TABLE_NAMES)[number];

/**
 * Tables the migration runner keeps for itself (postgres-migrations' history and the emergency
 * rollback log), not part of the AINP data model: left out of the Kysely `DB` interface, of the
 * invalid-write cases, and of a schema built by hand without the runner.
 */
export const RUNNER_TABLES: readonly string[] = RUNNER_TABLE_NAMES;
