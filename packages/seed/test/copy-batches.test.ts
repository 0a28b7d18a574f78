import { describe, expect, it } from 'vitest';
import { CHUNK_AGENTS, planChunks } from '../src/chunk-plan.js';
import { seedDatabase } from '../src/seed-database.js';
import { SEED_TABLE_NAMES } from '../src/seed-tables.js';
import { freshDatabase, options } from './support.js';

/** Holds this thread (not the generator threads) for `ms`, as a slow server would. */
function hold(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('COPY batches', () => {
  it('sends the chunks the threads made while the server was busy in one COPY per table', async () => {
    const { db } = await freshDatabase('migrated');
    const run = options({ seed: '3', agents: String(3 * CHUNK_AGENTS), workers: '1' });
    const chunks = planChunks(run.counts, 3, run.refDate, 0).length;
    const copies: Record<string, number> = {};
    let first = true;
    const report = await seedDatabase(db, run, {
      loaded(table) {
        copies[table] = (copies[table] ?? 0) + 1;
        // After the first COPY, the loader is held while the generator thread works ahead.
        if (first) hold(3_000);
        first = false;
      },
    });
    // Every row arrived, in fewer COPY statements than one per chunk and table.
    expect(report.rows.agents).toBe(3 * CHUNK_AGENTS);
    for (const table of SEED_TABLE_NAMES) {
      expect(copies[table], table).toBeGreaterThan(0);
      expect(copies[table], table).toBeLessThan(chunks);
    }
  });
});
