import { readFileSync } from 'node:fs';

/** The machine's CPU time so far, from the first line of Linux's /proc/stat, in clock ticks. */
export interface CpuTimes {
  /** Time the hypervisor ran other guests while this machine's CPUs wanted to run. */
  readonly steal: number;
  /** user, nice, system, idle, iowait, irq, softirq and steal together (guest time is in user). */
  readonly total: number;
}

/** Parses /proc/stat's aggregate "cpu" line; undefined when the text has none. */
export function parseCpuTimes(procStat: string): CpuTimes | undefined {
  const line = procStat.split('\n').find((l) => /^cpu\s/.test(l));
  if (line === undefined) return undefined;
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 8 || fields.some((n) => !Number.isFinite(n))) return undefined;
  return { steal: fields[7]!, total: fields.reduce((sum, n) => sum + n, 0) };
}

/** The machine's CPU times now; undefined where /proc/stat cannot be read (not Linux). */
export function readCpuTimes(): CpuTimes | undefined {
  try {
    return parseCpuTimes(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The share of all CPU time between two readings that the hypervisor gave to other guests (0-1).
 * On a shared VM this is how much of the machine a benchmark did not get: load average does not
 * show it. Undefined when either reading is missing or no time passed.
 */
export function stealShare(
  before: CpuTimes | undefined,
  after: CpuTimes | undefined,
): number | undefined {
  if (before === undefined || after === undefined) return undefined;
  const total = after.total - before.total;
  return total > 0 ? (after.steal - before.steal) / total : undefined;
}

/** A share as "7.9%" (or "12%"), or undefined when it is unknown. */
export function formatSteal(share: number | undefined): string | undefined {
  return share === undefined ? undefined : `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}
