import { describe, expect, it } from 'vitest';
import { seedDatabase } from '../src/seed-database.js';
import { tableChecksums } from '../src/table-checksums.js';
import { freshDatabase, options, runSeedCli } from './support.js';

const seed = (databaseUrl: string, args: string[]) =>
  runSeedCli(args, { DATABASE_URL: databaseUrl });

const BAD_INPUT: [string, string[], RegExp][] = [
  ['an unknown option', ['--bogus'], /Unknown option --bogus\./],
  ['a stray argument', ['agents'], /Unexpected argument/],
  ['a negative count', ['--agents=-5'], /--agents must be a whole number/],
  ['a negative count, spaced', ['--agents', '-5'], /--agents/],
  ['a fractional count', ['--transactions', '2.5'], /--transactions must be a whole number/],
  ['an exponent', ['--proofs', '1e6'], /--proofs must be a whole number/],
  [
    'an absurd count',
    ['--agents', '99999999999'],
    /--agents must be a whole number from 0 to 10,000,000/,
  ],
  [
    'an absurd table',
    ['--transactions', '500000000'],
    /--transactions must be a whole number from 0 to 100,000,000/,
  ],
  [
    'more trust rows than agents',
    ['--agents', '10', '--trust-scores', '11'],
    /cannot exceed --agents/,
  ],
  ['a non-integer seed', ['--seed', '4.2'], /--seed must be a whole number/],
  ['a word for a seed', ['--seed', 'abc'], /--seed must be a whole number/],
  ['a negative seed', ['--seed=-1'], /--seed must be a whole number/],
  ['an unknown scale', ['--scale', 'huge'], /--scale must be one of small, medium, load/],
  ['--reset with --append', ['--reset', '--append'], /contradict/],
  ['a bad reference date', ['--ref-date', 'yesterday'], /--ref-date must be/],
];

describe('pnpm seed on the command line', () => {
  it.concurrent.for(BAD_INPUT)(
    'rejects %s with one error line, exit code 2, and writes nothing',
    async ([, args, message], context) => {
      // An empty database: anything written, even a migration, would show.
      const target = await freshDatabase('empty', context);
      const result = await seed(target.url, args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
      expect(result.stderr).toMatch(message);
      const { rows } = await target.db.query(
        `SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace`,
      );
      expect(rows[0]?.n).toBe(0);
    },
  );

  it('migrates, seeds, refuses to seed twice, then --reset reproduces the same bytes', async () => {
    const target = await freshDatabase('empty');
    const args = ['--seed', '42', '--agents', '300'];
    const first = await seed(target.url, args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /Migrations: applied \d+ pending \(001_add_agent_registration_fields\.sql, /,
    );
    expect(first.stdout).toMatch(/Seeded [\d,]+ rows in [\d.]+ s/);
    expect(first.stdout).toMatch(/^ {2}credit_transactions +3,000$/m);
    expect(first.stdout.includes('\u001b[')).toBe(false); // CI: no live progress
    const sums = await tableChecksums(target.db);

    const twice = await seed(target.url, args);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(
      /^error: The database already holds rows in agents, [^\n]*--reset[^\n]*\n$/,
    );
    expect(await tableChecksums(target.db)).toEqual(sums);

    const history = 'SELECT id, name, hash, executed_at FROM migrations ORDER BY id';
    const migrated = (await target.db.query(history)).rows;
    const reset = await seed(target.url, [...args, '--reset']);
    expect(reset.code).toBe(0);
    expect((await target.db.query(history)).rows).toEqual(migrated);
    expect(reset.stdout).toMatch(/Migrations: the schema is up to date/);
    expect(await tableChecksums(target.db)).toEqual(sums);

    // The command and the library write the same bytes.
    const library = await freshDatabase();
    await seedDatabase(library.db, options({ seed: '42', agents: '300' }));
    expect(await tableChecksums(library.db)).toEqual(sums);
  });

  it('answers --help', async () => {
    const result = await seed('postgres://nobody@127.0.0.1:1/none', ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: ainp seed/);
    expect(result.stdout).toMatch(/--append/);
  });
});
