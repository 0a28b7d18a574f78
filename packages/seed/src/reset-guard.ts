import { confirmDestructive, isLoopbackTarget, type DatabaseClient } from '@ainp/db';
import { SeedResetRefusedError } from './errors.js';
import {
  count,
  inspectReset,
  resetRefusal,
  type ResetInspection,
  type ResetPermissions,
} from './reset-seeded-tables.js';

/**
 * With NODE_ENV=production, --reset refuses before it connects, unless --allow-production says
 * the person means it.
 */
export function productionRefusal(
  env: NodeJS.ProcessEnv,
  allowProduction: boolean,
): SeedResetRefusedError | undefined {
  if (env.NODE_ENV !== 'production' || allowProduction) return undefined;
  return new SeedResetRefusedError(
    '--reset refused: NODE_ENV is production, and --reset deletes every row of the seeded tables. Nothing was changed. If this really is a database you may empty, run again with --allow-production.',
  );
}

/** What --reset is about to empty, one table a line, with row counts; printed before it starts. */
export function describeReset(inspection: ResetInspection, target: string): string {
  const lines = [
    ...inspection.tables.map((t) => ({
      name: t.table,
      rows: t.rows,
      note: t.notSeeded > 0 ? `, ${count(t.notSeeded)} not written by the seeder` : '',
    })),
    ...inspection.referencing.map((r) => ({
      name: r.table,
      rows: r.rows,
      note: `, not seeded: ${r.constraint} references ${r.references} (--cascade)`,
    })),
  ];
  const width = Math.max(0, ...lines.map((line) => line.name.length));
  const total = lines.reduce((sum, line) => sum + line.rows, 0);
  return [
    `--reset will empty, on ${target}, in the same transaction as the load (${count(total)} in all):`,
    ...lines.map((line) => `  ${line.name.padEnd(width)}  ${count(line.rows)}${line.note}`),
  ].join('\n');
}

/**
 * What `pnpm seed --reset` does before anything changes: prints what it will empty, refuses
 * (throws) when resetRefusal says so, and applies the confirmation rules (a question on a
 * terminal, --yes elsewhere, for anything but the embedded server or a loopback host). Resolves
 * false when the person at the terminal did not say yes.
 */
export async function preflightReset(
  db: Pick<DatabaseClient, 'withConnection' | 'description' | 'isEmbedded' | 'connectionString'>,
  permissions: ResetPermissions,
  yes: boolean,
  write: (text: string) => void,
): Promise<boolean> {
  const inspection = await db.withConnection(inspectReset);
  write(`${describeReset(inspection, db.description)}\n`);
  const refusal = resetRefusal(inspection, permissions);
  if (refusal !== undefined) throw refusal;
  return confirmDestructive({
    command: 'pnpm seed --reset',
    consequence: `empties the seeded tables of ${db.description}`,
    local: db.isEmbedded || isLoopbackTarget(db.connectionString),
    yes,
  });
}
