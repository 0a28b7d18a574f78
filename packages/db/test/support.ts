import pg from 'pg';
import { afterAll, expect, inject } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database.js';

/** A fresh database for this test file: migrated (cloned from the template) or empty. */
export async function freshDatabase(
  kind: 'migrated' | 'empty',
): Promise<TestDatabase & { pool: pg.Pool }> {
  const database = await createTestDatabase(inject('adminUrl'), {
    template: kind === 'migrated' ? inject('templateDatabase') : undefined,
  });
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });
  return { ...database, pool };
}

/** Expects `work` to fail with this SQLSTATE (and, when given, this constraint name). */
export async function expectSqlState(
  work: Promise<unknown>,
  sqlState: string,
  constraint?: string,
): Promise<void> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught as { code?: string; constraint?: string },
  );
  expect(error, `expected SQLSTATE ${sqlState}, but the statement succeeded`).toBeDefined();
  expect(error?.code).toBe(sqlState);
  if (constraint !== undefined) expect(error?.constraint).toBe(constraint);
}

export const SQLSTATE = {
  checkViolation: '23514',
  notNullViolation: '23502',
  foreignKeyViolation: '23503',
  uniqueViolation: '23505',
} as const;

let didCounter = 0;
/** A valid, unique did:key for test rows. */
export function testDid(): string {
  didCounter += 1;
  return `did:key:z6MkTest${process.pid}x${didCounter}x${Math.random().toString(36).slice(2, 8)}`;
}

export async function insertAgent(
  client: pg.Pool | pg.PoolClient,
  did = testDid(),
): Promise<string> {
  await client.query('INSERT INTO agents (did, public_key) VALUES ($1, $2)', [did, `pk-${did}`]);
  return did;
}
