import type { AnyCommand } from '@ainp/db/commands';
import { seedCommand } from './cli/seed.js';

/** @ainp/seed's commands, in the order `ainp --help` lists them. */
export const SEED_COMMANDS: readonly AnyCommand[] = [seedCommand];

export { SCALE_NAMES, type ScaleName } from './seed-counts.js';
