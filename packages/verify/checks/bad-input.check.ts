import { createServiceLogin } from '@ainp/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageGaps, constraintsToCover } from '../src/constraint-coverage.js';
import { DATA_TABLES } from '../src/invalid-write-fixtures.js';
import {
  attemptWrite,
  insertFixtures,
  rowCounts,
  validRowFailures,
} from '../src/invalid-write-runner.js';
import { INVALID_WRITES } from '../src/invalid-writes.js';
import { freshDatabase } from './support.js';

/** The issues ask for at least this many invalid writes. */
const MINIMUM_CASES = 70;

describe('bad input', async () => {
  const db = await freshDatabase('migrated');
  // The cases marked asService run as a service would: a LOGIN role in ainp_app.
  const login = await createServiceLogin(db.pool, db.url);
  const service = new pg.Pool({ connectionString: login.url, max: 1 });
  service.on('error', () => {});
  afterAll(async () => {
    await service.end();
    await login.drop();
  });
  beforeAll(() => insertFixtures(db.pool));

  it('every CHECK, NOT NULL, FOREIGN KEY and UNIQUE constraint in the catalog has an invalid-write case', async () => {
    const gaps = coverageGaps(await constraintsToCover(db.pool), INVALID_WRITES);
    expect(gaps.uncovered, 'constraints with no case in src/invalid-writes.ts').toEqual([]);
    expect(gaps.unknown, 'cases naming a constraint the schema does not have').toEqual([]);
  });

  it('the valid rows the cases start from are accepted', async () => {
    expect(await validRowFailures(db.pool)).toEqual([]);
  });

  it(`${INVALID_WRITES.length} invalid writes are each rejected with the expected SQLSTATE and constraint, and no row count changes`, async () => {
    expect(INVALID_WRITES.length).toBeGreaterThanOrEqual(MINIMUM_CASES);
    const before = await rowCounts(db.pool, DATA_TABLES);
    const wrong: string[] = [];
    for (const { name, write, rejects } of INVALID_WRITES) {
      const outcome = await attemptWrite(write.asService ? service : db.pool, write);
      const seen = outcome === 'accepted' ? 'accepted' : `${outcome.sqlState} ${outcome.violates}`;
      if (seen !== `${rejects.sqlState} ${rejects.violates}`) {
        wrong.push(`${name}: expected ${rejects.sqlState} ${rejects.violates}, got ${seen}`);
      }
    }
    expect.soft(wrong).toEqual([]);
    expect(await rowCounts(db.pool, DATA_TABLES)).toEqual(before);
  });
});
