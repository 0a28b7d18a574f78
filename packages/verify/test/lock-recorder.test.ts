import { createTestDatabase, testServerFromEnv, withClient } from '@ainp/db/testing';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installLockRecorder,
  listenToLockRecorder,
  MIGRATION_APPLICATION_NAME,
  type DdlReport,
} from '../src/migration-impact/lock-recorder.js';

const server = await testServerFromEnv();
const db = await createTestDatabase(server.adminUrl, { prefix: 'ainp_verify_recorder' });
afterAll(async () => {
  await db.drop();
  await server.stop();
});

/** Runs `sql` on a session of its own, named `applicationName`, and returns what it reported. */
async function reportsOf(sql: string, applicationName = MIGRATION_APPLICATION_NAME) {
  const client = new pg.Client({ connectionString: db.url, application_name: applicationName });
  await client.connect();
  const reports: DdlReport[] = [];
  const stop = listenToLockRecorder(client, reports);
  try {
    await client.query(sql);
  } finally {
    stop();
    await client.end();
  }
  return reports;
}

describe('the lock recorder', () => {
  beforeAll(async () => {
    await withClient(db.url, async (client) => {
      await client.query(
        'CREATE TABLE probe (id int PRIMARY KEY, v int); INSERT INTO probe SELECT g, g FROM generate_series(1, 500) g',
      );
      expect(await installLockRecorder(client)).toBe(true);
    });
  });

  it("reports a few-millisecond CREATE INDEX's SHARE lock and its scan, from the migration's own session", async () => {
    const [start, end] = await reportsOf('BEGIN; CREATE INDEX probe_v ON probe (v); COMMIT;');
    expect(start).toMatchObject({ event: 'ddl_command_start', tag: 'CREATE INDEX' });
    expect(end).toMatchObject({ event: 'ddl_command_end', tag: 'CREATE INDEX' });
    expect(end!.locks).toContainEqual({ relation: 'probe', kind: 'r', mode: 'ShareLock' });
    expect(end!.scanCounters.probe).toBeGreaterThan(start!.scanCounters.probe ?? 0);
  });

  it('reports no scan for a command that does not read the rows', async () => {
    const [start, end] = await reportsOf(
      "BEGIN; ALTER TABLE probe ADD COLUMN note text DEFAULT 'x'; COMMIT;",
    );
    expect(end!.locks).toContainEqual({
      relation: 'probe',
      kind: 'r',
      mode: 'AccessExclusiveLock',
    });
    expect(end!.scanCounters.probe ?? 0).toBe(start!.scanCounters.probe ?? 0);
  });

  it('stays silent for every other session', async () => {
    expect(await reportsOf('CREATE INDEX probe_id_v ON probe (id, v)', 'someone-else')).toEqual([]);
  });

  it('is not installed, without failing, for a role that may not create event triggers', async () => {
    const role = `ainp_plain_${randomBytes(4).toString('hex')}`;
    const other = await createTestDatabase(server.adminUrl, { prefix: 'ainp_verify_recorder' });
    await withClient(server.adminUrl, (client) =>
      client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'plain'`),
    );
    try {
      const url = new URL(other.url);
      url.username = role;
      url.password = 'plain';
      expect(await withClient(url.toString(), installLockRecorder)).toBe(false);
    } finally {
      await other.drop();
      await withClient(server.adminUrl, (client) => client.query(`DROP ROLE ${role}`));
    }
  });
});
