import { DATABASE_ENV, defineCommand, writeLine, UsageError } from '@ainp/db/commands';
import {
  COUNT_FLAGS,
  MAX_AGENTS,
  SCALE_NAMES,
  SCALE_PRESETS,
  type SeedCounts,
} from '../seed-counts.js';
import {
  DEFAULT_REF_DATE,
  DEFAULT_SEED,
  MAX_DEFAULT_WORKERS,
  resolveSeedOptions,
} from '../seed-options.js';

const countOptions = Object.fromEntries(
  Object.values(COUNT_FLAGS).map((flag) => [flag, { type: 'string' as const }]),
);
const presetTable = SCALE_NAMES.map((name) => {
  const p = SCALE_PRESETS[name];
  return `  ${name.padEnd(7)} ${p.agents} agents, ${p.trustScores} trust scores, ${p.usefulnessProofs} proofs, ${p.creditAccounts} accounts, ${p.creditTransactions} transactions, ${p.negotiations} negotiations`;
}).join('\n');

export const seedCommand = defineCommand({
  name: 'seed',
  shortForm: 'pnpm seed',
  summary: 'Fill the database with realistic, reproducible data (COPY, one transaction).',
  examples: [
    'pnpm seed',
    'pnpm seed --seed 42 --reset',
    'pnpm seed --scale load --reset --yes',
    'pnpm seed --agents 200 --negotiations 0',
  ],
  environment: [
    ...DATABASE_ENV,
    'NODE_ENV=production: --reset refuses unless --allow-production',
    'CI=true: plain progress lines instead of a live one',
  ],
  exitCodes:
    '0 seeded, 1 a failure (the load is one transaction: nothing was written), 2 bad usage or a refused reset.',
  stateIfConnectionLost:
    'The seed is one transaction: it was rolled back and left no partial data.',
  usage:
    '[--seed <int>] [--scale small|medium|load] [--reset [--cascade] [--yes] [--allow-production] | --append] [counts...]',
  help: `
Fills the database with realistic, consistent, reproducible data: agents, trust scores,
usefulness proofs, credit accounts and transactions (with the last week's idempotency keys), and
negotiations. Applies pending migrations first. Everything is loaded with COPY in one
transaction: a failure leaves the database as it was. The same --seed (and --ref-date) always
gives the same rows, byte for byte.

Database: DATABASE_URL when set, otherwise the embedded PostgreSQL.

--reset empties exactly the seeded tables, and first prints each with its row count. It refuses,
changing nothing:
  - when a table the seeder does not own has a foreign key into a seeded table (it names it),
    unless --cascade;
  - with NODE_ENV=production, or when the database looks shared (it holds rows no seed run
    wrote, e.g. an agent inserted by hand), unless --allow-production.
Against anything but the embedded server or a loopback host it asks on a terminal, and needs
--yes elsewhere.

Options:
  --seed <int>          Seed of the random streams, 0 to 4294967295 (default ${DEFAULT_SEED}).
  --scale <preset>      Row counts to start from (default small):
${presetTable.replace(/^/gm, '  ')}
  --agents <n>          Agents (at most ${MAX_AGENTS}). Counts not given scale with it.
  --trust-scores <n>    Trust score rows (one per agent at most).
  --proofs <n>          Usefulness proofs.
  --accounts <n>        Credit accounts (one per agent at most).
  --transactions <n>    Credit transactions.
  --negotiations <n>    Negotiations.
  --reset               Empty the seeded tables first (in the same transaction).
  --cascade             With --reset: also empty tables outside the seed that point into it.
  -y, --yes             With --reset: do not ask, even for a database on another host.
  --allow-production    With --reset: go ahead with NODE_ENV=production or a shared database.
  --append              Add to the rows already there; agent numbering continues after them,
                        so ids and DIDs never collide, whatever the seed.
  --ref-date <date>     The seed's "now": YYYY-MM-DD, an ISO timestamp or "today"
                        (default ${DEFAULT_REF_DATE}). Proofs cover the 60 days before it.
  --workers <n>         Generator threads beside the loader (default: cores - 1, 1 to
                        ${MAX_DEFAULT_WORKERS}; 0 = none).
  -h, --help            Show this help.

Without --reset or --append, the seeded tables must be empty.`,
  options: {
    seed: { type: 'string' },
    scale: { type: 'string' },
    reset: { type: 'boolean' },
    cascade: { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    'allow-production': { type: 'boolean' },
    append: { type: 'boolean' },
    'ref-date': { type: 'string' },
    workers: { type: 'string' },
    ...countOptions,
  },
  async run({ values }, io) {
    const { DatabaseClient } = await import('@ainp/db');
    const { preflightReset, productionRefusal } = await import('../reset-guard.js');
    const { seedDatabase } = await import('../seed-database.js');
    const { isInteractive, seedProgress } = await import('../seed-progress.js');
    const text = (name: string) => values[name] as string | undefined;
    const options = resolveSeedOptions({
      seed: text('seed'),
      scale: text('scale'),
      refDate: text('ref-date'),
      reset: values.reset === true,
      append: values.append === true,
      workers: text('workers'),
      cascade: values.cascade === true,
      allowProduction: values['allow-production'] === true,
      counts: Object.fromEntries(
        Object.entries(COUNT_FLAGS).map(([key, flag]) => [key, text(flag)]),
      ) as Partial<Record<keyof SeedCounts, string>>,
    });
    const write = (line: string) => void io.stdout.write(line);
    const progress = seedProgress(write, isInteractive(io.stdout, io.env));
    if (values.yes === true && options.mode !== 'reset') {
      throw new UsageError('--yes only applies with --reset. Nothing was written.');
    }
    if (options.mode === 'reset') {
      const refusal = productionRefusal(io.env, options.allowShared);
      if (refusal !== undefined) throw refusal;
    }
    const db = DatabaseClient.embedded({
      env: io.env,
      log: (line) => writeLine(io.stdout, line),
    });
    await db.connect();
    try {
      if (
        options.mode === 'reset' &&
        !(await preflightReset(db, options, values.yes === true, write))
      ) {
        write('Cancelled. Nothing was changed.\n');
        return 1;
      }
      write(
        `Seeding ${db.description}: seed ${options.seed}, reference date ${options.refDate.toISOString()}, ${options.mode}.\n`,
      );
      progress.summary(await seedDatabase(db, options, progress));
    } finally {
      await db.close();
    }
  },
});
