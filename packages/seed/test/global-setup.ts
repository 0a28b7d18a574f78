// Vitest does not apply resolve.conditions to global setup files (vitest-dev/vitest#9429), so
// this one file reaches @ainp/db's source by path; test files import '@ainp/db' as usual.
import { createMigratedTemplate, testServerFromEnv } from '../../db/src/testing/index.js';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
  }
}

/**
 * One PostgreSQL for the whole run (a throwaway embedded server, or TEST_DATABASE_URL), and one
 * migrated template database that test files clone.
 */
export default async function setup(project: TestProject) {
  const server = await testServerFromEnv();
  const template = await createMigratedTemplate(server.adminUrl, {
    prefix: 'ainp_seed_template',
  }).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  project.provide('adminUrl', server.adminUrl);
  project.provide('templateDatabase', template.name);
  return async () => {
    await template.drop();
    await server.stop();
  };
}
