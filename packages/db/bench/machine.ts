import os from 'node:os';

/** What a benchmark ran on: core count and model, memory, Node. */
export function machineDescription(): string {
  const cpus = os.cpus();
  return `${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** The line every benchmark prints first: what it ran on, and how busy the machine was. */
export function machineLine(): string {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return `Machine: ${machineDescription()}; load average ${load} (1, 5, 15 min)`;
}
