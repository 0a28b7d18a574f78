import pg from 'pg';
import { runMigrations } from '../migrations/migration-runner.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * A database migrated once, for test files to clone with CREATE DATABASE ... TEMPLATE. If the
 * migration fails the half-made template is dropped again before the error is rethrown.
 */
export async function createMigratedTemplate(
  adminUrl: string,
  options: { prefix?: string; migrationsDir?: string } = {},
): Promise<TestDatabase> {
  const template = await createTestDatabase(adminUrl, {
    prefix: options.prefix ?? 'ainp_template',
  });
  try {
    const client = new pg.Client({ connectionString: template.url });
    client.on('error', () => {}); // a lost connection fails the query in flight instead
    await client.connect();
    try {
      await runMigrations(client, { migrationsDir: options.migrationsDir });
    } finally {
      await client.end();
    }
  } catch (error) {
    await template.drop().catch(() => {});
    throw error;
  }
  return template;
}
