import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { batchInsertLoad, INSERT_BATCH_ROWS } from '../bench/batch-insert-load.js';
import { dumpTables, rawCopyLoad } from '../bench/table-files.js';
import { seedDatabase } from '../src/seed-database.js';
import { tableChecksums } from '../src/table-checksums.js';
import { freshDatabase, options } from './support.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("the benchmark's baselines", () => {
  it("load exactly the seeder's tables: batched INSERTs (full batches and a short last one) and raw COPY on the bulk path", async () => {
    const seeded = await freshDatabase();
    // More credit transactions than one batch, not a multiple of it.
    const report = await seedDatabase(
      seeded.db,
      options({ agents: '300', creditTransactions: String(INSERT_BATCH_ROWS * 2 + 137) }),
    );
    expect(report.rows.credit_transactions).toBe(INSERT_BATCH_ROWS * 2 + 137);
    const expected = await tableChecksums(seeded.db);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ainp-bench-test-'));
    dirs.push(dir);
    await seeded.db.withConnection((client) => dumpTables(client, dir));

    const batched = await freshDatabase();
    const inserted = await batched.db.withConnection((client) => batchInsertLoad(client, dir));
    expect(inserted).toBe(Object.values(report.rows).reduce((sum, n) => sum + n, 0));
    expect(await tableChecksums(batched.db)).toEqual(expected);

    const copied = await freshDatabase();
    await copied.db.withConnection((client) => rawCopyLoad(client, dir, { bulk: true }));
    expect(await tableChecksums(copied.db)).toEqual(expected);
  });
});
