import type { TestProject } from 'vitest/node';
import { startTestRun } from '../src/testing/test-run.js';

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
  const run = await startTestRun();
  project.provide('adminUrl', run.adminUrl);
  project.provide('templateDatabase', run.templateDatabase);
  return run.finish;
}
