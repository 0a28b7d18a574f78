import { randomBytes } from 'node:crypto';
import { withClient } from './with-client.js';

/** A database created for one use (a test file, a type generation run); `drop()` removes it. */
export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** The URL of another database on the same server. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Creates a fresh database, empty or cloned from `template` (CREATE DATABASE ... TEMPLATE is a file
 * copy, so a migrated template gives every test file its own migrated database in milliseconds).
 */
export async function createScratchDatabase(
  adminUrl: string,
  options: { template?: string; prefix?: string } = {},
): Promise<ScratchDatabase> {
  const name = `${options.prefix ?? 'ainp_test'}_${randomBytes(5).toString('hex')}`;
  await withClient(adminUrl, (client) =>
    client.query(
      `CREATE DATABASE ${client.escapeIdentifier(name)}${options.template ? ` TEMPLATE ${client.escapeIdentifier(options.template)}` : ''}`,
    ),
  );
  return {
    name,
    url: databaseUrl(adminUrl, name),
    drop: () => dropDatabase(adminUrl, name),
  };
}

/** Drops a database, disconnecting anyone still in it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
  );
}
