import { connectionFailure } from '@ainp/db';
import pg from 'pg';

/** What the run needs to know about a server before it starts. */
export interface ServerInfo {
  /** `18.1`, as the server reports it. */
  readonly version: string;
  readonly major: number;
  /** Whether the role may CREATE DATABASE (superuser or CREATEDB). */
  readonly canCreateDatabase: boolean;
}

/** Connects once and reads the server's version and the role's right to create databases. */
export async function inspectServer(adminUrl: string, description: string): Promise<ServerInfo> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {}); // a lost connection fails the query in flight instead
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw connectionFailure(error, description);
  }
  try {
    const { rows } = await client.query<{ version: string; num: string; allowed: boolean }>(
      `SELECT current_setting('server_version') AS version,
              current_setting('server_version_num') AS num,
              (rolsuper OR rolcreatedb) AS allowed
         FROM pg_roles WHERE rolname = current_user`,
    );
    const row = rows[0];
    if (row === undefined) throw new Error('the current role is missing from pg_roles');
    return {
      version: row.version.split(' ')[0] ?? row.version,
      major: Math.floor(Number(row.num) / 10_000),
      canCreateDatabase: row.allowed,
    };
  } finally {
    await client.end();
  }
}
