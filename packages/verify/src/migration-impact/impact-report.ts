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
  const locks = impact.locks.map(
    (lock) =>
      `${lock.mode} on ${lock.relation} (${lock.kind === 'i' ? 'index' : 'table'}${rows(lock.relation)}) held ~${ms(lock.heldMs)}${lock.scanned ? ', scanned it' : ''}`,
  );
  return [
    `${impact.problems.length === 0 ? 'pass' : 'FAIL'} ${impact.fileName}: ${ms(impact.durationMs)}, ${impact.retries} retries`,
    `  locks: ${locks.length ? locks.join('; ') : 'none seen'}${impact.recorded ? '' : ' (sampled every 10 ms only: the role may not create event triggers)'}`,
    `  table rewrite: ${impact.rewritten.length ? impact.rewritten.map((entry) => `${entry.table} (${entry.rows} rows)`).join(', ') : 'none'}`,
    `  workload before: ${latency(impact.before)}; during: ${latency(impact.during)}`,
    `  longest workload wait on it: ${ms(impact.longestWaitMs)}`,
    ...impact.problems.map((problem) => `  FAIL: ${problem}`),
  ];
}
