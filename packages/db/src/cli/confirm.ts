import { createInterface } from 'node:readline/promises';
import { UsageError } from '../errors.js';

/**
 * Asks a question on the terminal and resolves true only for "yes" (or "y"). Closing the input
 * (Ctrl-D) or any other answer resolves false.
 */
export async function askYes(
  question: string,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<boolean> {
  const rl = createInterface({ input, output });
  const closed = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
  try {
    const answer = await Promise.race([rl.question(question), closed]);
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** What a destructive command is about to do, and to which database. */
export interface DestructiveAction {
  /** How the user typed it: `pnpm seed --reset`. */
  readonly command: string;
  /** What it destroys, completing "<command> ...": "empties the seeded tables". */
  readonly consequence: string;
  /** The embedded server or a loopback host: a developer's own database. */
  readonly local: boolean;
  /** --yes was given. */
  readonly yes: boolean;
  /** Ask even on a local target (`pnpm rollback`: dropping a feature is never routine). */
  readonly alwaysAsk?: boolean;
  /** Defaults to whether stdin is a terminal. */
  readonly interactive?: boolean;
  /** Defaults to askYes on the terminal. */
  readonly ask?: (question: string) => Promise<boolean>;
}

/** True when the action needs a "yes", typed or given as --yes. */
export function needsConfirmation(action: Pick<DestructiveAction, 'local' | 'alwaysAsk'>): boolean {
  return action.alwaysAsk === true || !action.local;
}

/**
 * The confirmation rules every destructive command follows: on a local target (the embedded
 * server, a loopback host) it goes ahead; anywhere else it asks on a terminal and, outside one,
 * needs --yes (a UsageError otherwise, before anything changed). `alwaysAsk` asks locally too.
 * Resolves false when the person at the terminal did not type "yes".
 */
export async function confirmDestructive(action: DestructiveAction): Promise<boolean> {
  if (action.yes || !needsConfirmation(action)) return true;
  requireTerminalOrYes(action);
  const ask = action.ask ?? askYes;
  return ask('The data cannot be recovered. Type "yes" to go ahead: ');
}

/** Throws the "needs --yes" UsageError when no one can be asked; call before connecting if you can. */
export function requireTerminalOrYes(
  action: Pick<DestructiveAction, 'command' | 'consequence' | 'yes' | 'interactive'>,
): void {
  const interactive = action.interactive ?? process.stdin.isTTY === true;
  if (action.yes || interactive) return;
  throw new UsageError(
    `${action.command} ${action.consequence}; outside a terminal it needs --yes to go ahead. Nothing was changed.`,
  );
}
