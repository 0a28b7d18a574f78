import path from 'node:path';
import { UsageError } from '../errors.js';
import { findWorkspaceRoot } from '../workspace-paths.js';
import { defineCommand, writeLine } from './run-command.js';

export const migrateNewCommand = defineCommand({
  name: 'migrate new',
  shortForm: 'pnpm migrate:new',
  summary: 'Scaffold a migration: forward file, rollback, registry entry, verification.',
  examples: ['pnpm migrate:new add_agent_notes'],
  environment: [],
  exitCodes:
    '0 created, 1 a file could not be written (nothing was created), 2 bad usage (no name, or a bad one).',
  usage: '<name>',
  help: `
Creates everything a new migration needs, numbered above the highest existing migration or
rollback file:
  packages/db/migrations/NNN_<name>.sql           the forward file, with its header template
  packages/db/rollbacks/NNN_rollback_<name>.sql   its emergency rollback (refuses until written)
  packages/db/src/rollbacks/rollback-features.ts            its \`pnpm rollback\` entry
  packages/db/verify/<last script>.sql            a section that fails until you write its tests
Each piece carries a TODO(migrate:new) marker; \`pnpm verify\` fails and names every marker left.
Touches no database.

Options:
  -h, --help   Show this help.`,
  allowPositionals: true,
  async run({ positionals }, io) {
    const { scaffoldMigration } = await import('../migrations/migration-scaffold.js');
    const [name, ...extra] = positionals;
    if (name === undefined || extra.length > 0) {
      throw new UsageError(
        'Name the migration, in one word: pnpm migrate:new add_agent_notes. Nothing was created.',
      );
    }
    const made = await scaffoldMigration(name);
    const root = findWorkspaceRoot();
    const rel = (file: string) => path.relative(root, file);
    writeLine(io.stdout, `Created ${made.forward} and its rollback (feature "${made.feature}"):`);
    made.created.forEach((file) => writeLine(io.stdout, `  created  ${rel(file)}`));
    made.changed.forEach((file) => writeLine(io.stdout, `  changed  ${rel(file)}`));
    writeLine(
      io.stdout,
      `Next:
  1. Write the migration, the rollback script, the registry entry and the verification tests
     (each TODO(migrate:new) marker); see docs/changing-a-live-database.md.
  2. pnpm migrate, then pnpm verify:sql.
  3. pnpm db:types (the generated row types).
  4. pnpm verify --update-snapshot (the schema snapshot), and review the diff.
  5. An invalid-write case in packages/verify/src/invalid-write-fixtures.ts for each new
     constraint and NOT NULL column.
  pnpm verify fails, naming what is missing, until every step is done.`,
    );
  },
});
