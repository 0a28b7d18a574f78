import type { TestProject } from 'vitest/node';
import { createMigratedTemplate } from '../src/testing/migrated-template.js';
import { testServerFromEnv } from '../src/testing/test-server.js';

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
  const template = await createMigratedTemplate(server.adminUrl).catch(async (error: unknown) => {
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
