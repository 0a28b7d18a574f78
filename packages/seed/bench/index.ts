import type { AnyCommand } from '@ainp/db/commands';
import { benchSeedCommand } from './seed-bench.js';

/** @ainp/seed's benchmarks, as commands. */
export const SEED_BENCH_COMMANDS: readonly AnyCommand[] = [benchSeedCommand];
