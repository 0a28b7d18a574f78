import { describe, expect, it } from 'vitest';
import { formatReport, interferenceLine, machineLine, stealColumn } from '../bench/bench-report.js';

describe("the benchmark's report", () => {
  it("prints each run's CPU steal beside its time, and only when every run's is known", () => {
    const report = formatReport(
      [],
      [
        { name: '(a)', rows: 1000, runsMs: [2000, 1000], runsSteal: [0.12, 0.031] },
        { name: '(b)', rows: 1000, runsMs: [500], runsSteal: [undefined] },
        { name: '(c)', rows: 1000, runsMs: [4000] },
      ],
      [{ name: 'x', value: 2, target: 3 }],
    );
    const lines = report.split('\n');
    expect(lines.find((l) => l.includes('(a)'))).toMatch(
      /1,000 rows\/s {3}runs: 2\.00 1\.00 s, steal 12% 3\.1%$/,
    );
    expect(lines.find((l) => l.includes('(b)'))).toMatch(/runs: 0\.50 s$/);
    expect(lines.find((l) => l.includes('(c)'))).toMatch(/runs: 4\.00 s$/);
    expect(report).toContain('(target >= 3: MISSED)');
    expect(stealColumn({ name: '', rows: 1, runsMs: [1, 2], runsSteal: [0.5, undefined] })).toBe(
      '',
    );
  });

  it('states the CPU steal over the run on Linux, where /proc/stat has it', () => {
    const line = machineLine(1.25, { steal: 0, total: 0 });
    expect(line).toMatch(
      /^Machine: \d+ x .+, \d+ GiB, Node v\d+\.\d+\.\d+; load average 1\.3 at start, \d+\.\d at end/,
    );
    if (process.platform === 'linux')
      expect(line).toMatch(/; CPU steal \d+(\.\d)?% over the run\.$/);
    expect(machineLine(1)).toMatch(/at end\.$/);
  });

  it("states how much longer raw COPY took beside a busy core, from the two best times' ratio", () => {
    expect(interferenceLine(1.384)).toMatch(/^Core interference: raw COPY \(b\) took 38% longer /);
    expect(interferenceLine(1.002)).toContain('took the same time');
    expect(interferenceLine(0.9)).toContain('took 10% less time');
  });
});
