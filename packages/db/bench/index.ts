import type { AnyCommand } from '@ainp/db/commands';
import { benchCacheCommand } from './bench-usefulness-cache.js';

/** @ainp/db's benchmarks, as commands. */
export const DB_BENCH_COMMANDS: readonly AnyCommand[] = [benchCacheCommand];

export { machineDescription, machineLine } from './machine.js';
export {
  formatSteal,
  parseCpuTimes,
  readCpuTimes,
  stealShare,
  type CpuTimes,
} from './cpu-steal.js';
