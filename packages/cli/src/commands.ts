import type { AnyCommand } from '@ainp/db/commands';
import { docsCommandsCommand } from './docs-commands.js';

/** The command line's own commands. */
export const CLI_COMMANDS: readonly AnyCommand[] = [docsCommandsCommand];
