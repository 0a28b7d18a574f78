import type { LatencySummary } from './latency-summary.js';
import { ms, type MigrationImpact } from './migration-impact.js';

const latency = (summary: LatencySummary) =>
  summary.count === 0
    ? 'no query finished'
    : `p50 ${summary.p50Ms.toFixed(1)} ms, p99 ${summary.p99Ms.toFixed(1)} ms (${summary.count} queries${summary.errors ? `, ${summary.errors} failed` : ''})`;

/** The report for one migration: a verdict line, then its figures, then each problem. */
export function formatImpact(impact: MigrationImpact): string[] {
  const rows = (relation: string) => {
    const count = impact.rowsBefore.get(relation);
    return count === undefined ? '' : `, ${count} rows`;
  };
  const locks = impact.locks
    .filter((lock) => lock.kind !== 'i')
    .map(
      (lock) =>
        `${lock.mode} on ${lock.relation} (${rows(lock.relation).slice(2) || 'new'}) held ~${ms(lock.heldMs)}${lock.scanned ? ', scanned it' : ''}`,
    );
  // Index locks, one entry per mode: a rewrite locks every index of the table.
  const indexModes = new Map<string, string[]>();
  for (const lock of impact.locks.filter((entry) => entry.kind === 'i')) {
    indexModes.set(lock.mode, [...(indexModes.get(lock.mode) ?? []), lock.relation]);
  }
  for (const [mode, indexes] of indexModes) locks.push(`${mode} on index ${indexes.join(', ')}`);
  return [
    `${impact.problems.length === 0 ? 'pass' : 'FAIL'} ${impact.fileName}: ${ms(impact.durationMs)}, ${impact.retries} retries`,
    `  locks: ${locks.length ? locks.join('; ') : 'none seen'}${impact.recorded ? '' : ' (sampled every 10 ms only: the role may not create event triggers)'}`,
    `  table rewrite: ${impact.rewritten.length ? impact.rewritten.map((entry) => `${entry.table} (${entry.rows} rows)`).join(', ') : 'none'}`,
    `  workload before: ${latency(impact.before)}; during: ${latency(impact.during)}`,
    `  longest workload wait on it: ${ms(impact.longestWaitMs)}`,
    ...(impact.firstWorkloadError
      ? [`  a workload query failed while it ran: ${impact.firstWorkloadError}`]
      : []),
    ...impact.problems.map((problem) => `  FAIL: ${problem}`),
  ];
}
