import { describe, expect, it } from 'vitest';
import { formatSteal, parseCpuTimes, readCpuTimes, stealShare } from '../bench/cpu-steal.js';

// The first lines of a real /proc/stat: user nice system idle iowait irq softirq steal guest guest_nice.
const BEFORE = `cpu  4705 356 584 3699176 23 23 0 12 0 0
cpu0 1393280 32966 572056 13343292 6130 0 17875 0 0 0
intr 1462898`;
const AFTER = `cpu  4805 356 604 3699236 23 23 0 32 5 0
cpu0 1393380 32966 572076 13343352 6130 0 17875 0 0 0`;

describe('CPU steal from /proc/stat', () => {
  it('reads steal (the 8th field) and the total of the first eight fields (guest is within user)', () => {
    expect(parseCpuTimes(BEFORE)).toEqual({
      steal: 12,
      total: 4705 + 356 + 584 + 3699176 + 23 + 23 + 0 + 12,
    });
  });

  it('gives the share of all CPU time between two readings that was stolen', () => {
    // 100 user + 20 system + 60 idle + 20 steal ticks passed.
    expect(stealShare(parseCpuTimes(BEFORE), parseCpuTimes(AFTER))).toBeCloseTo(20 / 200, 10);
    expect(formatSteal(0.1)).toBe('10%');
    expect(formatSteal(0.0791)).toBe('7.9%');
  });

  it('is unknown, not zero, without a reading or when no time passed', () => {
    expect(parseCpuTimes('intr 1462898\nctxt 5')).toBeUndefined();
    expect(parseCpuTimes('cpu  1 2 3')).toBeUndefined();
    expect(stealShare(undefined, parseCpuTimes(AFTER))).toBeUndefined();
    expect(stealShare(parseCpuTimes(AFTER), parseCpuTimes(AFTER))).toBeUndefined();
    expect(formatSteal(undefined)).toBeUndefined();
  });

  it.runIf(process.platform === 'linux')('reads this machine on Linux', () => {
    const now = readCpuTimes();
    expect(now).toBeDefined();
    expect(now!.total).toBeGreaterThan(now!.steal);
  });
});
