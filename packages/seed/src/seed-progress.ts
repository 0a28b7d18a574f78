import type { AppliedMigration } from '@ainp/db';
import type { RowCounts, SeedObserver, SeedReport } from './seed-database.js';
import { SEED_TABLE_NAMES, type SeedTableName } from './seed-tables.js';

/** How often a terminal display redraws at most. */
export const PROGRESS_REDRAW_MS = 100;

const number = (n: number) => Math.round(n).toLocaleString('en-US');
const rate = (rows: number, ms: number) => (ms > 0 ? `${number((rows * 1000) / ms)} rows/s` : '');

/** True when progress should be drawn: a terminal, and not CI. */
export function isInteractive(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.CI;
}

/**
 * What `pnpm seed` shows: on a terminal, one live line per table (rows so far, of how many, and
 * the rate); elsewhere (CI, a pipe) only the plain lines. The summary is always printed.
 */
export function seedProgress(
  write: (text: string) => void,
  interactive: boolean,
): SeedObserver & { summary(report: SeedReport): void } {
  let expected: Partial<RowCounts> | undefined;
  let loaded: Partial<RowCounts> = {};
  let loadStarted = 0;
  let drawn = 0;
  let lastDraw = 0;

  const draw = (force = false) => {
    const now = performance.now();
    if (!interactive || expected === undefined || (!force && now - lastDraw < PROGRESS_REDRAW_MS))
      return;
    lastDraw = now;
    const lines = SEED_TABLE_NAMES.map((table) => {
      const rows = loaded[table] ?? 0;
      const of = expected![table];
      return `  ${table.padEnd(24)} ${number(rows).padStart(11)} / ${(of === undefined ? '?' : number(of)).padEnd(11)} ${rate(rows, now - loadStarted)}`;
    });
    // Move up over the previous frame and redraw it in place.
    write(`${drawn > 0 ? `\x1b[${drawn}F` : ''}${lines.map((l) => `${l}\x1b[K`).join('\n')}\n`);
    drawn = lines.length;
  };

  return {
    migrated(applied: readonly AppliedMigration[]) {
      write(
        applied.length === 0
          ? 'Migrations: the schema is up to date.\n'
          : `Migrations: applied ${applied.length} pending (${applied.map((m) => m.fileName).join(', ')}).\n`,
      );
    },
    planned(plan) {
      expected = plan.expected;
      loaded = {};
      loadStarted = performance.now();
      write(
        plan.firstAgent > 0
          ? `Appending: agent numbering continues at #${number(plan.firstAgent)}.\n`
          : 'Loading.\n',
      );
      draw(true);
    },
    loaded(table: SeedTableName, rowsSoFar: number) {
      loaded[table] = rowsSoFar;
      draw();
    },
    refreshing() {
      draw(true);
      write('Refreshing the usefulness cache (30-day average per agent).\n');
    },
    indexing() {
      write('Building indexes and checking foreign keys.\n');
    },
    summary(report: SeedReport) {
      const seconds = report.elapsedMs / 1000;
      const total = SEED_TABLE_NAMES.reduce((sum, table) => sum + report.rows[table], 0);
      const lines = SEED_TABLE_NAMES.map(
        (table) => `  ${table.padEnd(24)} ${number(report.rows[table]).padStart(11)}`,
      );
      write(
        `Seeded ${number(total)} rows in ${seconds.toFixed(2)} s (${rate(total, report.elapsedMs)}):\n${lines.join('\n')}\n`,
      );
    },
  };
}
