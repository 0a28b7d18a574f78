import { DatabaseClient } from '../database-client.js';
import { runCommand } from './run-command.js';

await runCommand({
  name: 'pnpm migrate:status',
  help: `
Lists applied and pending migrations, and flags any applied file whose content has changed since
it was applied. Read-only.

Exit code: 0 when the database is up to date; 1 when anything is pending, changed, or applied
without a file on disk, so a deploy script can gate on it.

Options:
  -h, --help   Show this help.`,
  async run() {
    const db = DatabaseClient.embedded();
    await db.connect();
    try {
      const status = await db.migrationStatus();
      console.log(`Migration status of ${db.description}`);
      for (const { file, row, changed } of status.applied) {
        const at =
          row.executed_at instanceof Date ? row.executed_at.toISOString() : String(row.executed_at);
        console.log(
          `  ${changed ? 'CHANGED ' : 'applied '} ${file.fileName}  ${at}${changed ? '  (file edited after it was applied)' : ''}`,
        );
      }
      for (const row of status.missingFiles) {
        console.log(
          `  MISSING  ${String(row.id).padStart(3, '0')}_${row.name}  (applied, but no file on disk)`,
        );
      }
      for (const file of status.pending) {
        const early = status.outOfOrder.includes(file)
          ? '  (out of order: numbered below an applied migration)'
          : '';
        console.log(`  pending  ${file.fileName}${early}`);
      }
      const changed = status.applied.filter((entry) => entry.changed).length;
      console.log(
        `${status.applied.length} applied, ${status.pending.length} pending, ${changed} changed, ${status.missingFiles.length} missing.`,
      );
      return status.upToDate ? 0 : 1;
    } finally {
      await db.close();
    }
  },
});
