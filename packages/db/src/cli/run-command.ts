import { inspect, parseArgs, type ParseArgsConfig } from 'node:util';
import { connectionLostReason } from '../connection/connection-failure.js';
import { AinpDbError, ConnectionError, UsageError } from '../errors.js';
import { knownSecrets, redactSecrets } from '../connection/secret-redaction.js';
import { explainParserError } from './parser-errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Where a command reads and writes: the process's streams, or a test's. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

/** The running process's streams and environment. */
export function processIo(): CommandIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** Writes one line (a newline is added) to a stream. */
export function writeLine(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}

export interface CommandSpec<O extends Options> {
  /** The words after `ainp`, e.g. `migrate status`. */
  readonly name: string;
  /** The workspace's short form, e.g. `pnpm migrate:status`: how messages and examples name it. */
  readonly shortForm?: string;
  /** One line for `ainp --help`. */
  readonly summary: string;
  /** The --help text after the usage line. */
  readonly help: string;
  /** What follows the command's name on the usage line, e.g. `[--dry-run] [--to <id>]`. */
  readonly usage?: string;
  /** Lines showing a typical use, each a command as the user types it. At least one. */
  readonly examples: readonly string[];
  /** The environment variables it reads (default: the database ones, EMBEDDED_ENV). */
  readonly environment?: readonly string[];
  /** What each exit code means (default: STANDARD_EXIT_CODES). */
  readonly exitCodes?: string;
  readonly options?: O;
  readonly allowPositionals?: boolean;
  /**
   * What state the database is in when the server goes away mid-command, e.g. "Each migration is
   * one transaction: the one in progress was rolled back." (see DEFAULT_STATE_IF_LOST).
   */
  readonly stateIfConnectionLost?: string;
  run(
    args: {
      values: Record<string, string | boolean | (string | boolean)[] | undefined>;
      positionals: string[];
    },
    io: CommandIo,
  ): Promise<number | void>;
}

/** Any command, whatever its options: what tables of commands hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandSpec<any>;

/** The spec, typed: `defineCommand({...})` checks the options against `run`'s use of them. */
export function defineCommand<O extends Options = Record<never, never>>(
  spec: CommandSpec<O>,
): CommandSpec<O> {
  return spec;
}

/** How messages name the command: its short form, else `ainp <name>`. */
export function commandLabel(spec: Pick<CommandSpec<Options>, 'name' | 'shortForm'>): string {
  return spec.shortForm ?? `ainp ${spec.name}`;
}

function ignoreClosedOutput(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
}

/** The variables every command that connects reads. */
export const DATABASE_ENV = [
  'DATABASE_URL: the server to use (any PostgreSQL 14-18)',
  'AINP_PG_MAJOR, AINP_PG_PORT, AINP_PG_DATA_DIR: the embedded server, when DATABASE_URL is unset',
  'AINP_DEBUG=1: print the stack with an error (passwords redacted)',
];

export const STANDARD_EXIT_CODES =
  '0 done, 1 a runtime failure (the error line says what state it left), 2 bad usage.';

/** `text` wrapped at 100 columns, continuation lines indented by `indent`. */
function wrap(text: string, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > 100) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].join('\n');
}

/** The whole --help text: usage, description, then environment, examples and exit codes. */
export function helpText(spec: CommandSpec<Options>): string {
  const envLines = spec.environment ?? DATABASE_ENV;
  const env =
    envLines.length === 0
      ? '  (none)'
      : envLines.map((line) => wrap(`  ${line}`, '    ')).join('\n');
  const examples = spec.examples.map((line) => `  ${line}`).join('\n');
  const rest = spec.usage ? ` ${spec.usage}` : '';
  const usage = [`Usage: ainp ${spec.name}${rest}`];
  if (spec.shortForm) usage.push(`       ${spec.shortForm}${rest}`);
  return `${usage.join('\n')}

${spec.help.trim()}

Environment:
${env}

Examples:
${examples}

${wrap(`Exit codes: ${spec.exitCodes ?? STANDARD_EXIT_CODES}`, '  ')}
`;
}

/** What a lost connection leaves behind when a command says nothing more precise. */
export const DEFAULT_STATE_IF_LOST =
  'The server rolled back whatever transaction the command had open.';

/** One line, whatever the error carried: commands promise a one-line error. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * The thin shell every command shares: parses the arguments strictly (an unknown option is an
 * error), answers --help, and turns any failure into one `error:` line on stderr and an exit code
 * (0 done, 2 bad usage, 1 otherwise), which it returns. Set AINP_DEBUG=1 to see the stack as well.
 */
export async function runCommand<O extends Options>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  io: CommandIo = processIo(),
): Promise<number> {
  let code = 0;
  const label = commandLabel(spec);
  try {
    // `pnpm migrate -- --flag` passes a literal `--` through; it carries no meaning here.
    const args = argv[0] === '--' ? argv.slice(1) : [...argv];
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: { help: { type: 'boolean', short: 'h' }, ...spec.options },
        allowPositionals: spec.allowPositionals ?? false,
        strict: true,
      });
    } catch (error) {
      const known = ['help', ...Object.keys(spec.options ?? {})];
      throw new UsageError(
        `${explainParserError(error as Error, label, known)} Nothing was changed. Run \`${label} --help\` for usage.`,
      );
    }
    if (parsed.values.help) {
      io.stdout.write(helpText(spec as CommandSpec<Options>));
    } else {
      code = (await spec.run(parsed, io)) ?? 0;
    }
  } catch (error) {
    code = error instanceof UsageError ? 2 : 1;
    // The command's environment may not be the process's (a test's, a service's): hide both.
    const secrets = [...new Set([...knownSecrets(io.env), ...knownSecrets()])].sort(
      (a, b) => b.length - a.length,
    );
    io.stderr.write(`error: ${redactSecrets(oneLine(failureMessage(error, spec)), secrets)}\n`);
    if (io.env.AINP_DEBUG) io.stderr.write(`${redactSecrets(inspect(error), secrets)}\n`);
  }
  return code;
}

/** Runs a command as the whole process (see keepRunningWhenOutputCloses). */
export async function runAsProcess<O extends Options>(
  spec: CommandSpec<O>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  keepRunningWhenOutputCloses();
  process.exitCode = await runCommand(spec, argv, processIo());
}

/**
 * Output piped into `head` may close early: the process then finishes its work (and stops a
 * server it started) instead of dying of an EPIPE half-way. For a process that runs commands.
 */
export function keepRunningWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', ignoreClosedOutput);
}

/**
 * The one line a failure gets. A lost connection says so, what state it left, and to run the
 * command again once the server is back; an AinpDbError already says what happened and what
 * state the database is in, so it keeps its own words in front.
 */
export function failureMessage(
  error: unknown,
  spec: Pick<CommandSpec<Options>, 'name' | 'shortForm' | 'stateIfConnectionLost'>,
): string {
  const lost = error instanceof ConnectionError ? undefined : connectionLostReason(error);
  if (lost !== undefined) {
    const next = `Check that the server is running (\`pnpm db:start\`, or the server DATABASE_URL names), then run \`${commandLabel(spec)}\` again.`;
    return error instanceof AinpDbError
      ? `${error.message.replace(/\.?\s*$/, '.')} The connection to PostgreSQL was lost. ${next}`
      : `Lost the connection to PostgreSQL (${lost}). ${spec.stateIfConnectionLost ?? DEFAULT_STATE_IF_LOST} ${next}`;
  }
  if (error instanceof AinpDbError) return error.message;
  return `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
}
