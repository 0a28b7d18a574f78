import { readFileSync } from 'node:fs';
import {
  closestName,
  keepRunningWhenOutputCloses,
  processIo,
  runCommand,
  writeLine,
  type AnyCommand,
  type CommandIo,
} from '@ainp/db/commands';
import { findCommand, loadAllCommands } from './command-table.js';

const USAGE_ERROR = 2;

function version(): string {
  const manifest = new URL('../../package.json', import.meta.url);
  const fallback = new URL('../package.json', import.meta.url);
  for (const url of [manifest, fallback]) {
    try {
      return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
    } catch {
      // the other layout (src/ under tsx, dist/src/ once built)
    }
  }
  return 'unknown';
}

/** `ainp --help`: every command with its one-line summary, grouped by first word. */
export function overview(commands: readonly AnyCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`);
  const shortForms = commands
    .filter((c) => c.shortForm !== undefined)
    .map((c) => c.shortForm)
    .join(', ');
  return `Usage: ainp <command> [options]

The AINP database workspace: migrations, rollbacks, the embedded PostgreSQL, types, seed data and
the pull-request gate.

Commands:
${lines.join('\n')}

Run \`ainp <command> --help\` for a command's options, environment, examples and exit codes.
In this workspace each also has a short form: ${shortForms}.

Exit codes: 0 done, 1 a runtime failure (its error line says what state it left), 2 bad usage.
`;
}

/** The command named by the longest prefix of `words` (`migrate status` before `migrate`). */
export function longestMatch(
  commands: readonly AnyCommand[],
  words: readonly string[],
): AnyCommand | undefined {
  let best: AnyCommand | undefined;
  for (const command of commands) {
    const name = command.name.split(' ');
    if (!name.every((word, i) => words[i] === word)) continue;
    if (best === undefined || name.length > best.name.split(' ').length) best = command;
  }
  return best;
}

/**
 * `ainp <argv...>`: finds the command and runs it with `io`, returning the exit code. Also answers
 * `--help` and `--version`, lists a group's commands (`ainp db`), and turns an unknown command into
 * one usage error with a "did you mean".
 */
export async function main(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--short-form') {
    const [name, ...args] = rest;
    const command = await findCommand((commands) =>
      commands.find((c) => c.shortForm === `pnpm ${name}`),
    );
    if (command === undefined) {
      writeLine(io.stderr, `error: no command has the short form \`pnpm ${name}\`.`);
      return USAGE_ERROR;
    }
    return runCommand(command, args, io);
  }
  if (first === '--version' || first === '-v') {
    writeLine(io.stdout, version());
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const text = overview(await loadAllCommands());
    if (first === undefined) {
      io.stderr.write(text);
      return USAGE_ERROR;
    }
    io.stdout.write(text);
    return 0;
  }
  const command = await findCommand((commands) => longestMatch(commands, argv));
  if (command !== undefined) {
    return runCommand(command, argv.slice(command.name.split(' ').length), io);
  }
  return unknownCommand(await loadAllCommands(), argv, io);
}

function unknownCommand(commands: readonly AnyCommand[], argv: readonly string[], io: CommandIo) {
  const [first, second] = argv;
  const group = commands.filter((c) => c.name.split(' ')[0] === first);
  if (group.length > 0) {
    // `ainp db` or `ainp db bogus`: name the group's commands.
    const names = group.map((c) => c.name.split(' ')[1]).filter((n) => n !== undefined);
    const guess = second === undefined ? undefined : closestName(second, names);
    writeLine(
      io.stderr,
      `error: ${second === undefined ? `\`ainp ${first}\` needs a subcommand` : `unknown command \`ainp ${first} ${second}\``}: one of ${names.join(', ')}.${guess ? ` Did you mean \`ainp ${first} ${guess}\`?` : ''} Run \`ainp ${first} <subcommand> --help\` for its options.`,
    );
    return USAGE_ERROR;
  }
  const guess = closestName(
    first!,
    commands.map((c) => c.name.split(' ')[0]!),
  );
  writeLine(
    io.stderr,
    `error: unknown command \`ainp ${first}\`.${guess ? ` Did you mean \`ainp ${guess}\`?` : ''} Run \`ainp --help\` for the list.`,
  );
  return USAGE_ERROR;
}

/** `ainp` as the whole process: its streams, its environment, and EPIPE-proof output. */
export async function runAsAinp(argv: readonly string[]): Promise<number> {
  keepRunningWhenOutputCloses();
  return main(argv, processIo());
}
