import { migrationNumber } from '../migrations/migration-number.js';
import { defineCommand, writeLine } from './run-command.js';

export const migrateStatusCommand = defineCommand({
  name: 'migrate status',
  shortForm: 'pnpm migrate:status',
  summary: 'List applied and pending migrations, edited files and invalid indexes.',
  examples: ['pnpm migrate:status', "pnpm migrate:status --json | jq '.pending'"],
  exitCodes:
    '0 up to date with no invalid index; 1 anything pending, changed, applied without a file, or an invalid index (a deploy script can gate on it); 2 bad usage.',
  usage: '[--json] [--migrations-dir <path>]',
  help: `
Lists applied and pending migrations, flags any applied file whose content has changed since it
was applied, and lists indexes a failed or killed CREATE INDEX CONCURRENTLY left INVALID (the next
\`pnpm migrate\` rebuilds those its pending files create). Read-only: takes no lock.

Options:
  --json                   Print one JSON document on stdout.
  --migrations-dir <path>  Compare with the migrations in this folder (default packages/db/migrations).
  -h, --help               Show this help.`,
  options: { json: { type: 'boolean' }, 'migrations-dir': { type: 'string' } },
  async run({ values }, io) {
    const { DatabaseClient } = await import('../connection/database-client.js');
    const db = DatabaseClient.embedded({
      env: io.env,
      migrationsDir: values['migrations-dir'] as string | undefined,
    });
    await db.connect();
    try {
      const status = await db.migrationStatus();
      const healthy = status.upToDate && status.invalidIndexes.length === 0;
      if (values.json === true) {
        io.stdout.write(
          `${JSON.stringify(
            {
              database: db.description,
              upToDate: status.upToDate,
              applied: status.applied.map(({ file, row, changed }) => ({
                id: file.id,
                fileName: file.fileName,
                executedAt: row.executed_at,
                changed,
              })),
              pending: status.pending.map((file) => ({
                id: file.id,
                fileName: file.fileName,
                outOfOrder: status.outOfOrder.includes(file),
              })),
              missingFiles: status.missingFiles.map((row) => ({ id: row.id, name: row.name })),
              invalidIndexes: status.invalidIndexes,
            },
            null,
            2,
          )}\n`,
        );
        return healthy ? 0 : 1;
      }
      writeLine(io.stdout, `Migration status of ${db.description}`);
      for (const { file, row, changed } of status.applied) {
        const at =
          row.executed_at instanceof Date ? row.executed_at.toISOString() : String(row.executed_at);
        writeLine(
          io.stdout,
          `  ${changed ? 'CHANGED ' : 'applied '} ${file.fileName}  ${at}${changed ? '  (file edited after it was applied)' : ''}`,
        );
      }
      for (const row of status.missingFiles) {
        writeLine(
          io.stdout,
          `  MISSING  ${migrationNumber(row.id)}_${row.name}  (applied, but no file on disk)`,
        );
      }
      for (const file of status.pending) {
        const early = status.outOfOrder.includes(file)
          ? '  (out of order: numbered below an applied migration)'
          : '';
        writeLine(io.stdout, `  pending  ${file.fileName}${early}`);
      }
      for (const index of status.invalidIndexes) {
        writeLine(
          io.stdout,
          `  INVALID  index ${index.schema}.${index.name} on ${index.table}  (a concurrent build failed or was killed; queries do not use it)`,
        );
      }
      const changed = status.applied.filter((entry) => entry.changed).length;
      writeLine(
        io.stdout,
        `${status.applied.length} applied, ${status.pending.length} pending, ${changed} changed, ${status.missingFiles.length} missing, ${status.invalidIndexes.length} invalid index(es).`,
      );
      return healthy ? 0 : 1;
    } finally {
      await db.close();
    }
  },
});
