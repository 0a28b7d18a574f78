import type { AnyCommand } from '@ainp/db/commands';
import { verifyCommand } from './cli/verify.js';

/** @ainp/verify's commands, in the order `ainp --help` lists them. */
export const VERIFY_COMMANDS: readonly AnyCommand[] = [verifyCommand];
