import { createMigratedTemplate } from '@ainp/db/testing';
import type { TestProject } from 'vitest/node';
import { openDatabaseServer, requestedMajor } from '../src/database-server.js';
import { UPDATE_SNAPSHOT_ENV } from '../src/schema-snapshot.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where check files CREATE and DROP their databases (may hold a password). */
    adminUrl: string;
    /** A database migrated once, which check files clone. */
    templateDatabase: string;
    /** Which server the run uses, for the report; no password. */
    databaseDescription: string;
    /** `pnpm verify --update-snapshot`: the drift check rewrites the snapshot. */
    updateSnapshot: boolean;
  }
}

/**
 * One PostgreSQL for the whole run (DATABASE_URL, a testcontainers container or a throwaway
 * embedded server) and one template database, migrated once, that every check file clones.
 */
export default async function setup(project: TestProject) {
  const server = await openDatabaseServer({ major: requestedMajor() });
  process.stdout.write(`\nDatabase: ${server.description}\n`);
  const template = await createMigratedTemplate(server.adminUrl, {
    prefix: 'ainp_verify_template',
  }).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  project.provide('adminUrl', server.adminUrl);
  project.provide('templateDatabase', template.name);
  project.provide('databaseDescription', server.description);
  project.provide('updateSnapshot', process.env[UPDATE_SNAPSHOT_ENV] === '1');
  return async () => {
    await template.drop();
    await server.stop();
  };
}
