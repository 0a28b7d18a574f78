import os from 'node:os';
import {
  formatSteal,
  machineDescription,
  readCpuTimes,
  stealShare,
  type CpuTimes,
} from '@ainp/db/bench';

/** One loader's runs. */
export interface Measurement {
  readonly name: string;
  readonly rows: number;
  readonly runsMs: readonly number[];
  /** Per run, the share of CPU time the hypervisor took (undefined where it cannot be read). */
  readonly runsSteal?: readonly (number | undefined)[];
}

/** A ratio of the seeder's rate to a baseline's, with its target (none: for information). */
export interface Comparison {
  readonly name: string;
  readonly value: number;
  readonly target?: number;
}

/** A count or rate, rounded, with thousands separators: "40,815". */
export const formatCount = (n: number) => Math.round(n).toLocaleString('en-US');
export const bestMs = (m: Measurement) => Math.min(...m.runsMs);
export const rowsPerSecond = (m: Measurement) => (m.rows * 1000) / bestMs(m);

/**
 * The machine, for the record: core count and model, memory, Node, how busy it was, and (on Linux)
 * how much of its CPU time the hypervisor gave to other guests since `cpuAtStart`.
 */
export function machineLine(loadAtStart: number, cpuAtStart?: CpuTimes): string {
  const steal = formatSteal(stealShare(cpuAtStart, readCpuTimes()));
  return `Machine: ${machineDescription()}; load average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end${steal === undefined ? '' : `; CPU steal ${steal} over the run`}.`;
}

/** ", steal 12% 3.1% 0.4%": each run's CPU steal, when it is known for every run. */
export function stealColumn(m: Measurement): string {
  const shares = (m.runsSteal ?? []).map(formatSteal);
  if (shares.length === 0 || shares.some((s) => s === undefined)) return '';
  return `, steal ${shares.join(' ')}`;
}

export function formatReport(
  header: readonly string[],
  measurements: readonly Measurement[],
  comparisons: readonly Comparison[],
): string {
  const rows = measurements.map(
    (m) =>
      `  ${m.name.padEnd(52)} ${formatCount(m.rows).padStart(9)} rows ${(bestMs(m) / 1000).toFixed(2).padStart(7)} s ${formatCount(rowsPerSecond(m)).padStart(9)} rows/s   runs: ${m.runsMs.map((ms) => (ms / 1000).toFixed(2)).join(' ')} s${stealColumn(m)}`,
  );
  const ratios = comparisons.map(
    (c) =>
      `  seeder / ${c.name.padEnd(40)} ${c.value.toFixed(c.target === undefined ? 2 : 3).padStart(7)}  ${c.target === undefined ? '(for information)' : `(target >= ${c.target}: ${c.value >= c.target ? 'met' : 'MISSED'})`}`,
  );
  return [...header, '', ...rows, '', ...ratios].join('\n');
}

/** True when every comparison with a target meets it. */
export function targetsMet(comparisons: readonly Comparison[]): boolean {
  return comparisons.every((c) => c.target === undefined || c.value >= c.target);
}

/**
 * What a busy core costs the server on this machine: `slowdown` is (b)'s best time beside a
 * busy-core thread over its best time alone ((b*) against (b)).
 */
export function interferenceLine(slowdown: number): string {
  const percent = (slowdown - 1) * 100;
  const took =
    percent >= 0.5
      ? `${percent.toFixed(0)}% longer`
      : percent <= -0.5
        ? `${(-percent).toFixed(0)}% less time`
        : 'the same time';
  return `Core interference: raw COPY (b) took ${took} beside a thread that only computes ((b*), best runs). On cores that share nothing it is near 0%. Where it is not, (a) pays part of it, because the seeder generates during its COPY; (b) does not.`;
}
