// Vitest does not apply resolve.conditions to global setup files (vitest-dev/vitest#9429), so
// this one file reaches @ainp/db's source by path; test files import '@ainp/db' as usual.
import { startTestRun } from '../../db/src/testing/index.js';
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
  const run = await startTestRun({ templatePrefix: 'ainp_seed_template' });
  project.provide('adminUrl', run.adminUrl);
  project.provide('templateDatabase', run.templateDatabase);
  return run.finish;
}
