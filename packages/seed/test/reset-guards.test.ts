import { describe, expect, inject, it } from 'vitest';
import { SeedResetRefusedError } from '../src/errors.js';
import { seedDatabase } from '../src/seed-database.js';
import { tableChecksums } from '../src/table-checksums.js';
import { freshDatabase, options, runSeedCli } from './support.js';

const few = { agents: '40' } as const;
const fewArgs = ['--agents', '40'];

describe.concurrent(
  'pnpm seed --reset empties only its own tables and guards real databases',
  () => {
    it('keeps a foreign table that references agents: names it and refuses; --cascade empties it', async (context) => {
      const target = await freshDatabase('migrated', context);
      await seedDatabase(target.db, options(few));
      await target.db.query(`
      CREATE TABLE customer_invoices (id serial PRIMARY KEY,
        agent_did text NOT NULL REFERENCES agents (did));
      INSERT INTO customer_invoices (agent_did) SELECT did FROM agents ORDER BY did LIMIT 3`);
      const before = await tableChecksums(target.db);

      const refused = await runSeedCli(['--reset', ...fewArgs], { DATABASE_URL: target.url });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error: [^\n]+\n$/);
      expect(refused.stderr).toContain(
        'customer_invoices (3 rows; customer_invoices_agent_did_fkey references agents)',
      );
      expect(refused.stderr).toContain('Nothing was changed. Run with --reset --cascade');
      // Before emptying anything it says what it would empty, with row counts.
      expect(refused.stdout).toMatch(/^ {2}agents +40 rows$/m);
      expect(refused.stdout).toMatch(/^ {2}customer_invoices +3 rows, not seeded: /m);
      expect(await tableChecksums(target.db)).toEqual(before);
      const kept = await target.db.query<{ n: bigint }>(
        'SELECT count(*) AS n FROM customer_invoices',
      );
      expect(kept.rows[0]?.n).toBe(3n);

      const cascaded = await runSeedCli(['--reset', '--cascade', ...fewArgs], {
        DATABASE_URL: target.url,
      });
      expect([cascaded.code, cascaded.stderr]).toEqual([0, '']);
      const emptied = await target.db.query<{ n: bigint }>(
        'SELECT count(*) AS n FROM customer_invoices',
      );
      expect(emptied.rows[0]?.n).toBe(0n);
      expect(await tableChecksums(target.db)).toEqual(before);
    });

    it('refuses a database that looks shared (an agent the seeder did not make) unless --allow-production', async (context) => {
      const target = await freshDatabase('migrated', context);
      await seedDatabase(target.db, options(few));
      // A seeded database with nothing else in it resets without a word.
      await seedDatabase(target.db, options({ ...few, reset: true }));
      await target.db.query(
        `INSERT INTO agents (did, public_key) VALUES ('did:key:z6MkHandMade', 'pk')`,
      );
      const before = await tableChecksums(target.db);

      const refused = await seedDatabase(target.db, options({ ...few, reset: true })).catch(
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(SeedResetRefusedError);
      expect((refused as Error).message).toContain(
        'looks shared. agents holds 1 row the seeder did not write',
      );
      expect(await tableChecksums(target.db)).toEqual(before);

      const cli = await runSeedCli(['--reset', ...fewArgs], { DATABASE_URL: target.url });
      expect(cli.code).toBe(1);
      expect(cli.stderr).toMatch(
        /^error: --reset refused: the database looks shared\. [^\n]+--allow-production\.\n$/,
      );
      expect(await tableChecksums(target.db)).toEqual(before);

      const allowed = await runSeedCli(['--reset', '--allow-production', ...fewArgs], {
        DATABASE_URL: target.url,
      });
      expect([allowed.code, allowed.stderr]).toEqual([0, '']);
      const gone = await target.db.query(`SELECT 1 FROM agents WHERE did = 'did:key:z6MkHandMade'`);
      expect(gone.rowCount).toBe(0);
    });

    it('refuses outright with NODE_ENV=production, before connecting', async (context) => {
      const target = await freshDatabase('migrated', context);
      await seedDatabase(target.db, options(few));
      const before = await tableChecksums(target.db);
      const result = await runSeedCli(['--reset', ...fewArgs], {
        DATABASE_URL: target.url,
        NODE_ENV: 'production',
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'error: --reset refused: NODE_ENV is production, and --reset deletes every row of the seeded tables. Nothing was changed. If this really is a database you may empty, run again with --allow-production.\n',
      );
      expect(await tableChecksums(target.db)).toEqual(before);
    });

    // 0.0.0.0 reaches this machine's server, but is not a loopback name: it stands for a remote host.
    it.skipIf(new URL(inject('adminUrl')).hostname !== '127.0.0.1')(
      'needs --yes for a target that is not loopback when it cannot ask',
      async (context) => {
        const target = await freshDatabase('migrated', context);
        await seedDatabase(target.db, options(few));
        const before = await tableChecksums(target.db);
        const remote = new URL(target.url);
        remote.hostname = '0.0.0.0';
        const env = { DATABASE_URL: remote.toString() };
        const refused = await runSeedCli(['--reset', ...fewArgs], env);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toMatch(
          /^error: pnpm seed --reset empties the seeded tables of 0\.0\.0\.0:\d+\/\w+; outside a terminal it needs --yes to go ahead\. Nothing was changed\.\n$/,
        );
        expect(await tableChecksums(target.db)).toEqual(before);
        const yes = await runSeedCli(['--reset', '--yes', ...fewArgs], env);
        expect([yes.code, yes.stderr]).toEqual([0, '']);
      },
    );

    it.each([
      ['--cascade', ['--cascade'], /--cascade only applies with --reset/],
      [
        '--allow-production',
        ['--allow-production'],
        /--allow-production only applies with --reset/,
      ],
      ['--yes', ['--yes'], /--yes only applies with --reset/],
    ])('rejects %s without --reset', async (_flag, args, message) => {
      const result = await runSeedCli(args, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    });
  },
);
