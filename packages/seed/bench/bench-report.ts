import os from 'node:os';

/** One loader's runs. */
export interface Measurement {
  readonly name: string;
  readonly rows: number;
  readonly runsMs: readonly number[];
}

/** A ratio of the seeder's rate to a baseline's, with its target (none: for information). */
export interface Comparison {
  readonly name: string;
  readonly value: number;
  readonly target?: number;
}

const number = (n: number) => Math.round(n).toLocaleString('en-US');
export const bestMs = (m: Measurement) => Math.min(...m.runsMs);
export const rowsPerSecond = (m: Measurement) => (m.rows * 1000) / bestMs(m);

/** The machine, for the record: core count and model, memory, Node, and how busy it was. */
export function machineLine(loadAtStart: number): string {
  const cpus = os.cpus();
  return `Machine: ${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end.`;
}

export function formatReport(
  header: readonly string[],
  measurements: readonly Measurement[],
  comparisons: readonly Comparison[],
): string {
  const rows = measurements.map(
    (m) =>
      `  ${m.name.padEnd(52)} ${number(m.rows).padStart(9)} rows ${(bestMs(m) / 1000).toFixed(2).padStart(7)} s ${number(rowsPerSecond(m)).padStart(9)} rows/s   runs: ${m.runsMs.map((ms) => (ms / 1000).toFixed(2)).join(' ')} s`,
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
