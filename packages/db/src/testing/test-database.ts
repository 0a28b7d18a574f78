import { createScratchDatabase, type ScratchDatabase } from '../connection/scratch-database.js';

export { databaseUrl, dropDatabase } from '../connection/scratch-database.js';

/** A database created for one test file; `drop()` removes it. */
export type TestDatabase = ScratchDatabase;

/**
 * Creates a fresh database for a test file, empty or cloned from `template` (a migrated template
 * gives every test file its own migrated database in milliseconds).
 */
export const createTestDatabase = createScratchDatabase;
