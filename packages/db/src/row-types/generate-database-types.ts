import path from 'node:path';
import pg from 'pg';
import * as prettier from 'prettier';
import { runMigrations } from '../migration-runner.js';
import type { Queryable } from '../queryable.js';
import { createTestDatabase } from '../testing/test-database.js';
import { startTestServer } from '../testing/test-server.js';
import { PACKAGE_DIR } from '../workspace-paths.js';
import { readSchemaTables } from './read-schema-tables.js';
import { renderDatabaseTypes } from './render-database-types.js';

/** The committed, generated row types. */
export const GENERATED_TYPES_FILE = path.join(PACKAGE_DIR, 'src', 'generated', 'database-types.ts');

/** The generated file's content for the schema `client` is connected to, formatted by Prettier. */
export async function generateDatabaseTypes(client: Queryable): Promise<string> {
  const source = renderDatabaseTypes(await readSchemaTables(client));
  const config = await prettier.resolveConfig(GENERATED_TYPES_FILE);
  return prettier.format(source, { ...config, filepath: GENERATED_TYPES_FILE });
}

export interface FromMigrationsOptions {
  readonly migrationsDir?: string;
  /**
   * A server to create the throwaway database on (its `postgres` database URL; the database is
   * dropped again). Default: a throwaway embedded PostgreSQL in a temporary folder.
   */
  readonly adminUrl?: string;
}

/**
 * The generated file's content for the schema the migrations build, and nothing else: a new,
 * empty database is migrated from the files and read, so whatever DATABASE_URL or the development
 * database holds cannot leak into the committed types.
 */
export async function generateDatabaseTypesFromMigrations(
  options: FromMigrationsOptions = {},
): Promise<string> {
  const server = options.adminUrl === undefined ? await startTestServer() : undefined;
  try {
    const database = await createTestDatabase(options.adminUrl ?? server!.adminUrl, {
      prefix: 'ainp_db_types',
    });
    try {
      const client = new pg.Client({ connectionString: database.url });
      client.on('error', () => {}); // a lost connection fails the query in flight instead
      await client.connect();
      try {
        await runMigrations(client, { migrationsDir: options.migrationsDir });
        return await generateDatabaseTypes(client);
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  } finally {
    await server?.stop();
  }
}
