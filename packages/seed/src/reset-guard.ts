import { SeedResetRefusedError } from './errors.js';
import { count, type ResetInspection } from './reset-seeded-tables.js';

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
