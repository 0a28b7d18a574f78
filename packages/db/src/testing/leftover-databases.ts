import { withClient } from './with-client.js';

/** The databases on a server besides `postgres` and the templates. */
export async function listDatabases(adminUrl: string): Promise<string[]> {
  return withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres' ORDER BY 1`,
    );
    return rows.map((row) => row.datname);
  });
}

/**
 * Throws naming them when a test run left databases behind: the databases on the server now that
 * were not there before the run (`before`). Meaningful on a server of this run alone.
 */
export async function assertNoLeftoverDatabases(
  adminUrl: string,
  before: readonly string[],
): Promise<void> {
  const left = (await listDatabases(adminUrl)).filter((name) => !before.includes(name));
  if (left.length > 0) {
    throw new Error(
      `The test files left ${left.length} database(s) behind (${left.join(', ')}): whatever made them registered no clean-up that ran (use cleanUpLater from @ainp/db/testing/vitest).`,
    );
  }
}
