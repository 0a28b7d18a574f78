import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AinpDbError, UsageError } from '../errors.js';
import { explainParserError } from './parser-errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec<O extends Options> {
  /** How the user types it, e.g. `pnpm migrate`. */
  readonly name: string;
  /** The --help text after the usage line. */
  readonly help: string;
  readonly usage?: string;
  readonly options?: O;
  readonly allowPositionals?: boolean;
  run(args: {
    values: Record<string, string | boolean | (string | boolean)[] | undefined>;
    positionals: string[];
  }): Promise<number | void>;
}

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
      process.stdout.write(`Usage: ${spec.usage ?? spec.name}\n\n${spec.help.trim()}\n`);
    } else {
      code = (await spec.run(parsed)) ?? 0;
    }
  } catch (error) {
    code = error instanceof UsageError ? 2 : 1;
    const message =
      error instanceof AinpDbError
        ? error.message
        : `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`error: ${oneLine(message)}\n`);
    if (process.env.AINP_DEBUG) console.error(error);
  }
  process.exitCode = code;
}
