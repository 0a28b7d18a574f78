import pg from 'pg';
import * as prettier from 'prettier';
import { runMigrations } from '../migrations/migration-runner.js';
import type { Queryable } from '../connection/queryable.js';
import { createScratchDatabase } from '../connection/scratch-database.js';
import { startThrowawayServer } from '../embedded-server/throwaway-server.js';
import { readSchemaDescription } from './read-schema-description.js';
import { readSchemaTables } from './read-schema-tables.js';
import { renderDatabaseTypes } from './render-database-types.js';
import { renderKyselyTypes } from './render-kysely-types.js';
import { renderSchemaDescription } from './render-schema-description.js';
import { renderSchemaDescriptionSql } from './render-schema-description-sql.js';
import { GENERATED_FILES } from './generated-files.js';

export { GENERATED_FILES, GENERATED_TYPES_FILE } from './generated-files.js';

/** Each generated file's content. */
export type GeneratedTypes = { readonly [K in keyof typeof GENERATED_FILES]: string };

async function format(source: string, file: string): Promise<string> {
  const config = await prettier.resolveConfig(file);
  return prettier.format(source, { ...config, filepath: file });
}

/** The generated files' content for the schema `client` is connected to, formatted by Prettier. */
export async function generateDatabaseTypes(client: Queryable): Promise<GeneratedTypes> {
  const tables = await readSchemaTables(client);
  const description = await readSchemaDescription(client, tables);
  const rowTypes = renderDatabaseTypes(tables);
  const kysely = renderKyselyTypes(tables);
  return {
    rowTypes: await format(rowTypes, GENERATED_FILES.rowTypes),
    kysely: await format(kysely, GENERATED_FILES.kysely),
    schemaDescription: await format(
      renderSchemaDescription(description),
      GENERATED_FILES.schemaDescription,
    ),
    schemaDescriptionSql: renderSchemaDescriptionSql(description),
  };
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
 * The generated files' content for the schema the migrations build, and nothing else: a new,
 * empty database is migrated from the files and read, so whatever DATABASE_URL or the development
 * database holds cannot leak into the committed types.
 */
export async function generateDatabaseTypesFromMigrations(
  options: FromMigrationsOptions = {},
): Promise<GeneratedTypes> {
  const server = options.adminUrl === undefined ? await startThrowawayServer() : undefined;
  try {
    const database = await createScratchDatabase(options.adminUrl ?? server!.adminUrl, {
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
