import path from 'node:path';
import pg from 'pg';
import * as prettier from 'prettier';
import { runMigrations } from '../migrations/migration-runner.js';
import type { Queryable } from '../connection/queryable.js';
import { createScratchDatabase } from '../connection/scratch-database.js';
import { startThrowawayServer } from '../embedded-server/throwaway-server.js';
import { PACKAGE_DIR, VERIFY_DIR } from '../workspace-paths.js';
import { readSchemaDescription } from './read-schema-description.js';
import { readSchemaTables } from './read-schema-tables.js';
import { renderDatabaseTypes } from './render-database-types.js';
import { renderKyselyTypes } from './render-kysely-types.js';
import { renderSchemaDescription } from './render-schema-description.js';
import { renderSchemaDescriptionSql } from './render-schema-description-sql.js';

const GENERATED_DIR = path.join(PACKAGE_DIR, 'src', 'generated');

/**
 * The committed, generated files: the row types, the Kysely `DB` interface, the description of
 * the schema, and that description as the SQL include the verification scripts read.
 */
export const GENERATED_FILES = {
  rowTypes: path.join(GENERATED_DIR, 'database-types.ts'),
  kysely: path.join(GENERATED_DIR, 'kysely-database.ts'),
  schemaDescription: path.join(GENERATED_DIR, 'schema-description.ts'),
  schemaDescriptionSql: path.join(VERIFY_DIR, 'include', 'schema-description.sql'),
} as const;

/** The committed, generated row types. */
export const GENERATED_TYPES_FILE = GENERATED_FILES.rowTypes;

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
