import type { AnyCommand } from '@ainp/db/commands';
import { benchCacheCommand } from './bench-usefulness-cache.js';

/** @ainp/db's benchmarks, as commands. */
export const DB_BENCH_COMMANDS: readonly AnyCommand[] = [benchCacheCommand];

export { machineLine } from './machine.js';
