import { resolveRollbackTarget, runRollbacks } from '@ainp/db';
import { describe, expect, it } from 'vitest';
import { citusUrl, withClient } from './support.js';

describe('citus: the usual checks', () => {
  it('rollbacks refuse on Citus in one line, changing nothing', async () => {
    const error = await withClient(citusUrl(), (client) =>
      runRollbacks(client, resolveRollbackTarget('all')),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^Refusing to roll back the distribution-ready keys \(030\): this is a Citus database/,
    );
    const ids = await withClient(citusUrl(), (client) =>
      client.query('SELECT count(*)::int AS n FROM migrations WHERE id BETWEEN 30 AND 39'),
    );
    expect(ids.rows[0].n).toBe(10);
  });

  // What `pnpm verify` checks that does not apply here, and why.
  it.skip('schema drift snapshot: not on Citus (the catalog differs by design: citus objects, the responder trigger instead of its FK); the plain gate checks it', () => {});
  it.skip('invalid writes: not on Citus (shard errors lose constraint names; the SQL scripts cover the rejections in the shard form)', () => {});
  it.skip('rollback round trips: not on Citus (rollbacks refuse there, checked above)', () => {});
  it.skip('concurrent migrate runs, migration lint, index use, typed rows: not on Citus (engine-independent or plain-PostgreSQL plans; the plain gate runs them)', () => {});
});
