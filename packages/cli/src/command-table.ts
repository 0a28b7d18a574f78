import type { AnyCommand } from '@ainp/db/commands';

/**
 * Where each package's commands come from, loaded only when needed: a command's module is light
 * (its options and help) and loads what it runs when it runs, so `--help` stays fast.
 */
const GROUPS: readonly (() => Promise<readonly AnyCommand[]>)[] = [
  () => import('@ainp/db/commands').then((m) => m.DB_COMMANDS),
  () => import('@ainp/seed/commands').then((m) => m.SEED_COMMANDS),
  () => import('@ainp/verify/commands').then((m) => m.VERIFY_COMMANDS),
  () => import('./commands.js').then((m) => m.CLI_COMMANDS),
  () => import('@ainp/db/bench').then((m) => m.DB_BENCH_COMMANDS),
  () => import('@ainp/seed/bench').then((m) => m.SEED_BENCH_COMMANDS),
  () => import('../bench/index.js').then((m) => m.CLI_BENCH_COMMANDS),
];

/** Every command, in `ainp --help` order. */
export async function loadAllCommands(): Promise<AnyCommand[]> {
  return (await Promise.all(GROUPS.map((load) => load()))).flat();
}

/** The command `pick` chooses, loading the groups one at a time until one has it. */
export async function findCommand(
  pick: (commands: readonly AnyCommand[]) => AnyCommand | undefined,
): Promise<AnyCommand | undefined> {
  for (const load of GROUPS) {
    const found = pick(await load());
    if (found !== undefined) return found;
  }
  return undefined;
}
