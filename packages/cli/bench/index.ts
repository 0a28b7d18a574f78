import type { AnyCommand } from '@ainp/db/commands';
import { benchCliCommand } from './startup-bench.js';

/** The command line's own benchmarks, as commands. */
export const CLI_BENCH_COMMANDS: readonly AnyCommand[] = [benchCliCommand];
