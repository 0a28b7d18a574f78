import { inspect, parseArgs, type ParseArgsConfig } from 'node:util';
import { connectionLostReason } from '../connection/connection-failure.js';
import { AinpDbError, ConnectionError, UsageError } from '../errors.js';
import { redactSecrets } from '../connection/secret-redaction.js';
import { explainParserError } from './parser-errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec<O extends Options> {
  /** How the user types it, e.g. `pnpm migrate`. */
  readonly name: string;
  /** The --help text after the usage line. */
  readonly help: string;
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
  run(args: {
    values: Record<string, string | boolean | (string | boolean)[] | undefined>;
    positionals: string[];
  }): Promise<number | void>;
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
  return `Usage: ${spec.usage ?? spec.name}

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
 * error), answers --help, and turns any failure into one `error:` line and a non-zero exit code
 * (2 for bad usage, 1 otherwise). Set AINP_DEBUG=1 to see the stack as well.
 */
export async function runCommand<O extends Options>(
  spec: CommandSpec<O>,
  argv = process.argv.slice(2),
): Promise<void> {
  let code = 0;
  // Output piped into `head` may close early; the command still finishes its work (and stops a
  // server it started) instead of dying of an unhandled EPIPE half-way.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', ignoreClosedOutput);
  try {
    // `pnpm migrate -- --flag` passes a literal `--` through turbo; it carries no meaning here.
    const args = argv[0] === '--' ? argv.slice(1) : argv;
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
        `${explainParserError(error as Error, spec.name, known)} Nothing was changed. Run \`${spec.name} --help\` for usage.`,
      );
    }
    if (parsed.values.help) {
      process.stdout.write(helpText(spec as CommandSpec<Options>));
    } else {
      code = (await spec.run(parsed)) ?? 0;
    }
  } catch (error) {
    code = error instanceof UsageError ? 2 : 1;
    process.stderr.write(`error: ${redactSecrets(oneLine(failureMessage(error, spec)))}\n`);
    if (process.env.AINP_DEBUG) process.stderr.write(`${redactSecrets(inspect(error))}\n`);
  }
  process.exitCode = code;
}

/**
 * The one line a failure gets. A lost connection says so, what state it left, and to run the
 * command again once the server is back; an AinpDbError already says what happened and what
 * state the database is in, so it keeps its own words in front.
 */
export function failureMessage(
  error: unknown,
  spec: Pick<CommandSpec<Options>, 'name' | 'stateIfConnectionLost'>,
): string {
  const lost = error instanceof ConnectionError ? undefined : connectionLostReason(error);
  if (lost !== undefined) {
    const next = `Check that the server is running (\`pnpm db:start\`, or the server DATABASE_URL names), then run \`${spec.name}\` again.`;
    return error instanceof AinpDbError
      ? `${error.message.replace(/\.?\s*$/, '.')} The connection to PostgreSQL was lost. ${next}`
      : `Lost the connection to PostgreSQL (${lost}). ${spec.stateIfConnectionLost ?? DEFAULT_STATE_IF_LOST} ${next}`;
  }
  if (error instanceof AinpDbError) return error.message;
  return `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
}
