import { assertNoLeftoverDatabases, listDatabases } from './leftover-databases.js';
import { createMigratedTemplate } from './migrated-template.js';
import { testServerFromEnv } from './test-server.js';

/** What a test run's global setup shares with its test files. */
export interface TestRun {
  /** URL of the server's `postgres` database. */
  readonly adminUrl: string;
  /** A migrated database that test files clone. */
  readonly templateDatabase: string;
  /**
   * Drops the template and stops a throwaway server. On a throwaway server, first checks that the
   * test files dropped every database they made; when one is left, it says which and sets the
   * exit code to 1 (vitest reports an error thrown by a global teardown but still exits 0).
   */
  finish(): Promise<void>;
}

/** One PostgreSQL for a whole run (a throwaway embedded server, or TEST_DATABASE_URL). */
export async function startTestRun(options: { templatePrefix?: string } = {}): Promise<TestRun> {
  const server = await testServerFromEnv();
  try {
    const before = server.throwaway ? await listDatabases(server.adminUrl) : [];
    const template = await createMigratedTemplate(server.adminUrl, {
      prefix: options.templatePrefix,
    });
    return {
      adminUrl: server.adminUrl,
      templateDatabase: template.name,
      async finish() {
        try {
          await template.drop();
          if (server.throwaway) await assertNoLeftoverDatabases(server.adminUrl, before);
        } catch (error) {
          console.error(String(error));
          process.exitCode = 1;
        } finally {
          await server.stop();
        }
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
