import type { WorkloadSample } from './hot-path-workload.js';

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly errors: number;
}

/** Nearest-rank percentiles of the operations' durations (0 for none). */
export function summariseLatency(samples: readonly WorkloadSample[]): LatencySummary {
  const durations = samples
    .map((sample) => sample.endedAt - sample.startedAt)
    .sort((a, b) => a - b);
  const rank = (p: number) =>
    durations.length === 0 ? 0 : durations[Math.max(0, Math.ceil(p * durations.length) - 1)]!;
  return {
    count: durations.length,
    p50Ms: rank(0.5),
    p99Ms: rank(0.99),
    maxMs: durations.at(-1) ?? 0,
    errors: samples.filter((sample) => sample.error !== undefined).length,
  };
}
