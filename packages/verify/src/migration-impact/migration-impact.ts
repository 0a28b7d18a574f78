import { RUNNER_TABLES } from '../runner-tables.js';
import type { WorkloadSample } from './hot-path-workload.js';
import { summariseLatency, type LatencySummary } from './latency-summary.js';
import type { DdlReport, HeldLock } from './lock-recorder.js';
import type { MigrationMeasurement } from './measure-migration.js';

/** Lock modes that block writes (INSERT, UPDATE, DELETE): SHARE and stronger. */
export const WRITE_BLOCKING_MODES: ReadonlySet<string> = new Set([
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
]);
const TABLE_KINDS = new Set(['r', 'p', 'm']);

export interface LockHold {
  readonly relation: string;
  readonly kind: string;
  readonly mode: string;
  /** From the first to the last time it was seen held (sampling resolution), in ms. */
  readonly heldMs: number;
  /** The command that took it scanned the table (known only from the migration's own reports). */
  readonly scanned: boolean;
  /** The DDL command during which it was first seen, when known. */
  readonly command?: string;
}

/** The figures and the verdict for one migration. */
export interface MigrationImpact {
  readonly fileName: string;
  readonly durationMs: number;
  readonly retries: number;
  readonly error?: string;
  readonly locks: readonly LockHold[];
  readonly rewritten: ReadonlyArray<{ readonly table: string; readonly rows: number }>;
  readonly rowsBefore: ReadonlyMap<string, number>;
  readonly before: LatencySummary;
  readonly during: LatencySummary;
  /** The first error a workload query met while the migration ran (the app broke?). */
  readonly firstWorkloadError?: string;
  /** The longest any workload query was seen waiting on the migration's session, in ms. */
  readonly longestWaitMs: number;
  /** Whether the migration's own backend reported its locks (needs a superuser). */
  readonly recorded: boolean;
  /** Each reason it fails, with what to do instead; empty when it passes. */
  readonly problems: readonly string[];
}

export const ADVICE = {
  index:
    'build the index with CREATE INDEX CONCURRENTLY, alone in a non-transactional file (header line "-- postgres-migrations disable-transaction", one statement)',
  constraint:
    'add the constraint NOT VALID (a brief lock, no scan), then VALIDATE CONSTRAINT in a file of its own (it scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes through)',
  column:
    'add the column nullable (or with a constant default), then backfill it in batches in later migrations',
} as const;

/**
 * Judges one measured migration. It fails when it kept a workload query waiting longer than
 * `budgetMs`, rewrote a table that has rows, or held a write-blocking lock (SHARE or stronger)
 * on a table with rows while scanning it.
 */
export function judgeMigration(
  measurement: MigrationMeasurement,
  workload: readonly WorkloadSample[],
  beforeSince: number,
  budgetMs: number,
): MigrationImpact {
  const { before, after, startedAt, endedAt } = measurement;
  const rowsBefore = new Map([...before].map(([table, facts]) => [table, facts.rows]));
  const rows = (table: string) => rowsBefore.get(table) ?? 0;
  const locks = lockHolds(measurement);
  const rewritten = [...before]
    .filter(([table, facts]) => {
      const now = after.get(table);
      return now !== undefined && now.relfilenode !== facts.relfilenode;
    })
    .map(([table, facts]) => ({ table, rows: facts.rows }));
  const longestWaitMs = Math.max(
    0,
    ...measurement.samples.flatMap((sample) => sample.blocked.map((b) => b.waitedMs)),
  );

  const problems: string[] = [];
  if (measurement.error !== undefined) problems.push(`it failed: ${measurement.error}`);
  if (longestWaitMs > budgetMs) {
    const strong = locks.filter(
      (lock) => TABLE_KINDS.has(lock.kind) && WRITE_BLOCKING_MODES.has(lock.mode),
    );
    const held = strong.map((lock) => `${lock.mode} on ${lock.relation}`).join(', ');
    problems.push(
      `it kept a workload query waiting ${ms(longestWaitMs)}, over the ${ms(budgetMs)} budget${held ? ` (it held ${held})` : ''}. Instead: take strong locks only briefly: ${ADVICE.index}; ${ADVICE.constraint}; ${ADVICE.column}.`,
    );
  }
  for (const { table, rows: count } of rewritten) {
    if (count === 0) continue;
    problems.push(
      `it rewrote ${table} (${count} rows; its relfilenode changed), under an ACCESS EXCLUSIVE lock for the whole copy. Instead: ${ADVICE.column}.`,
    );
  }
  const rewrittenTables = new Set(rewritten.map((entry) => entry.table));
  for (const lock of locks) {
    if (!TABLE_KINDS.has(lock.kind) || !WRITE_BLOCKING_MODES.has(lock.mode)) continue;
    if (rows(lock.relation) === 0 || rewrittenTables.has(lock.relation)) continue;
    // Without the migration's own reports, SHARE (taken only by CREATE INDEX) still means a scan.
    const scanned = lock.scanned || (!measurement.ddl.length && lock.mode === 'ShareLock');
    if (!scanned) continue;
    const advice =
      lock.command === 'CREATE INDEX' || lock.mode === 'ShareLock'
        ? ADVICE.index
        : lock.command === 'ALTER TABLE'
          ? `${ADVICE.constraint}; for a new column, ${ADVICE.column}`
          : `${ADVICE.index}; ${ADVICE.constraint}; ${ADVICE.column}`;
    problems.push(
      `it held ${lock.mode} on ${lock.relation} (${rows(lock.relation)} rows) while scanning it${lock.command ? ` (${lock.command})` : ''}, blocking every write to it for ${ms(lock.heldMs)}. Instead: ${advice}.`,
    );
  }

  const during = workload.filter((op) => op.startedAt < endedAt && op.endedAt > startedAt);
  return {
    fileName: measurement.fileName,
    durationMs: endedAt - startedAt,
    retries: measurement.retries,
    error: measurement.error,
    locks,
    rewritten,
    rowsBefore,
    before: summariseLatency(
      workload.filter((op) => op.endedAt >= beforeSince && op.endedAt < startedAt),
    ),
    during: summariseLatency(during),
    firstWorkloadError: during.find((op) => op.error !== undefined)?.error,
    longestWaitMs,
    recorded: measurement.ddl.length > 0,
    problems,
  };
}

/** Every (relation, mode) the migration held, from the samples and its own DDL reports. */
function lockHolds(measurement: MigrationMeasurement): LockHold[] {
  const holds = new Map<
    string,
    HeldLock & { first: number; last: number; scanned: boolean; command?: string }
  >();
  const see = (lock: HeldLock, first: number, last: number, command?: string, scanned = false) => {
    if (isRunnerRelation(lock.relation)) return;
    const key = `${lock.relation}\u0000${lock.mode}`;
    const hold = holds.get(key);
    if (hold === undefined) {
      holds.set(key, { ...lock, first, last, scanned, command });
      return;
    }
    hold.first = Math.min(hold.first, first);
    hold.last = Math.max(hold.last, last);
    hold.scanned ||= scanned;
    hold.command ??= command;
  };
  for (const sample of measurement.samples) {
    for (const lock of sample.locks) see(lock, sample.at, sample.at);
  }
  // A lock a DDL command reports at its end was taken during the command and, in a transaction,
  // is held until the file commits: from the command's start to the end of the run.
  const starts: DdlReport[] = [];
  for (const report of measurement.ddl) {
    if (report.event === 'ddl_command_start') {
      starts.push(report);
      continue;
    }
    const start = starts.pop();
    for (const lock of report.locks) {
      const scanned =
        start !== undefined &&
        (report.scanCounters[lock.relation] ?? 0) > (start.scanCounters[lock.relation] ?? 0);
      see(lock, start?.at ?? report.at, measurement.endedAt, report.tag, scanned);
    }
  }
  return [...holds.values()]
    .map(({ relation, kind, mode, first, last, scanned, command }) => ({
      relation,
      kind,
      mode,
      heldMs: last - first,
      scanned,
      command,
    }))
    .sort((a, b) => a.relation.localeCompare(b.relation) || a.mode.localeCompare(b.mode));
}

/** The runner's own bookkeeping (its tables and their indexes) is not the migration's doing. */
function isRunnerRelation(relation: string): boolean {
  return RUNNER_TABLES.some((table) => relation === table || relation.startsWith(`${table}_`));
}

export function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}
