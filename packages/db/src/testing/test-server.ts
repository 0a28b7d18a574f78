import { validateConnectionString } from '../connection/connection-string.js';
import { startThrowawayServer, type ThrowawayServer } from '../embedded-server/throwaway-server.js';

/** A PostgreSQL server that tests may create and drop databases on. */
export type TestServer = ThrowawayServer;

/** A throwaway embedded PostgreSQL for tests (see startThrowawayServer). */
export const startTestServer = startThrowawayServer;

/** TEST_DATABASE_URL when set (a CI service container), otherwise a throwaway embedded server. */
export async function testServerFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<TestServer> {
  const url = env.TEST_DATABASE_URL;
  if (url) {
    const parsed = validateConnectionString(url, 'TEST_DATABASE_URL');
    return {
      adminUrl: url,
      description: `TEST_DATABASE_URL (${parsed.hostname}:${parsed.port || 5432})`,
      throwaway: false,
      stop: async () => {},
    };
  }
  return startTestServer();
}
