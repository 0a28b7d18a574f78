import { describe, expect, it } from 'vitest';
import { agentIdentity } from '../src/agent-identity.js';
import { CHUNK_AGENTS, planChunks } from '../src/chunk-plan.js';
import { SeedLoadError, SeedTargetNotEmptyError } from '../src/errors.js';
import { seedDatabase } from '../src/seed-database.js';
import { checkSeedInvariants, SEED_INVARIANTS } from '../src/seed-invariants.js';
import { tableChecksums } from '../src/table-checksums.js';
import { freshDatabase, options } from './support.js';

const small = {
  agents: '400',
  usefulnessProofs: '1500',
  creditTransactions: '3000',
  negotiations: '600',
};

describe('append and refusal', () => {
  it('appends runs of the same and of another seed without a key collision, every rule intact', async () => {
    const { db } = await freshDatabase();
    const first = await seedDatabase(db, options({ ...small, seed: '42' }));
    const again = await seedDatabase(db, options({ ...small, seed: '42', append: true }));
    const other = await seedDatabase(db, options({ ...small, seed: '7', append: true }));
    expect([first.firstAgent, again.firstAgent, other.firstAgent]).toEqual([0, 400, 800]);

    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM agents)::int AS agents,
              (SELECT count(DISTINCT did) FROM agents)::int AS dids,
              (SELECT count(*) FROM credit_transactions)::int AS transactions,
              (SELECT count(*) FROM negotiations)::int AS negotiations`,
    );
    expect(rows[0]).toEqual({ agents: 1200, dids: 1200, transactions: 9000, negotiations: 1800 });
    const violations = await checkSeedInvariants(db, options().refDate);
    expect(violations).toEqual(Object.fromEntries(SEED_INVARIANTS.map((i) => [i.name, 0])));
  });

  it('refuses to seed over existing rows without --reset or --append, changing nothing', async () => {
    const { db } = await freshDatabase();
    await seedDatabase(db, options({ ...small, seed: '1' }));
    const before = await tableChecksums(db);
    await expect(seedDatabase(db, options({ ...small, seed: '2' }))).rejects.toThrow(
      SeedTargetNotEmptyError,
    );
    expect(await tableChecksums(db)).toEqual(before);
  });

  it('rolls a load that fails half-way back completely', async () => {
    const { db } = await freshDatabase();
    await seedDatabase(db, options({ ...small, seed: '3' }));
    // Plant an agent whose DID the next load will also generate, in its second chunk: its agents
    // COPY fails (that of the second chunk, or of a batch of chunks that holds it).
    const seed = 9;
    const run = options({ seed: String(seed), agents: String(3 * CHUNK_AGENTS), append: true });
    const chunks = planChunks(run.counts, seed, run.refDate, 400 + 1);
    const clash = agentIdentity(seed, chunks[1]!.firstAgent + 7, run.refDate.getTime());
    await db.query(`INSERT INTO agents (did, public_key) VALUES ($1, $2)`, [clash.did, 'planted']);
    const before = await tableChecksums(db);

    const failure = await seedDatabase(db, run).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SeedLoadError);
    expect((failure as Error).message).toMatch(
      new RegExp(
        `loading agents \\((chunk 2|chunks [12]-\\d+) of ${chunks.length}\\) and was rolled back`,
      ),
    );
    expect((failure as Error).message).toMatch(/agents_did_key/);
    expect(await tableChecksums(db)).toEqual(before);
  });

  it('refuses, writing nothing, when a migration changed the type of a column it writes', async () => {
    const { db } = await freshDatabase();
    await seedDatabase(db, options({ ...small, seed: '5' }));
    await db.query('ALTER TABLE negotiations ALTER COLUMN max_rounds TYPE bigint');
    await db.query('ALTER TABLE trust_scores RENAME COLUMN honesty TO candour');
    const before = await tableChecksums(db);
    // ALTER ... TYPE rewrote negotiations, so its rows no longer carry the seed run's xmin and
    // the database looks shared: --allow-production lets the reset reach the column check.
    const failure = await seedDatabase(
      db,
      options({ ...small, seed: '6', reset: true, allowProduction: true }),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SeedLoadError);
    expect((failure as Error).message).toMatch(
      /checking the seeded columns against the schema and was rolled back/,
    );
    expect((failure as Error).message).toMatch(/negotiations\.max_rounds is bigint, not integer/);
    expect((failure as Error).message).toMatch(/trust_scores\.honesty does not exist/);
    expect(await tableChecksums(db)).toEqual(before);
  });
});
