import { spawn } from 'node:child_process';
import { DB_BENCH_COMMANDS } from '../bench/index.js';
import { DB_COMMANDS } from '../src/cli/commands.js';
import { runCommand, type AnyCommand } from '../src/cli/run-command.js';
import { capturedIo } from '../src/cli/captured-io.js';
import path from 'node:path';
import { PACKAGE_DIR } from '../src/workspace-paths.js';

export const WORKSPACE_ROOT = path.resolve(PACKAGE_DIR, '..', '..');
const TSX = path.join(PACKAGE_DIR, 'node_modules', '.bin', 'tsx');
/** A command that hangs longer than this is killed, so a broken test cannot leave it behind. */
const KILL_AFTER_MS = 120_000;

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningCli {
  /** Resolves once the process has exited. */
  readonly done: Promise<CliResult>;
  /** Resolves when stdout has printed something matching `pattern`. */
  waitForOutput(pattern: RegExp): Promise<void>;
}

/**
 * The environment a user's shell would give a command, minus anything that points at a database
 * (DATABASE_URL, PG*, AINP_*), plus `overrides`.
 */
export function cliEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(DATABASE_URL|TEST_DATABASE_URL|PG\w*|AINP_\w*)$/.test(name)) env[name] = value;
  }
  return { ...env, NO_COLOR: '1', ...overrides };
}

/** Starts any program and collects what it prints. */
export function startProcess(
  file: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): RunningCli {
  const child = spawn(file, args, { cwd: options.cwd ?? PACKAGE_DIR, env: options.env });
  let stdout = '';
  let stderr = '';
  const watchers: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const watcher of watchers.filter((w) => w.pattern.test(stdout))) {
      watcher.resolve();
      watchers.splice(watchers.indexOf(watcher), 1);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return {
    done,
    waitForOutput: (pattern) =>
      pattern.test(stdout)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            watchers.push({ pattern, resolve });
            done.then(() => reject(new Error(`exited without printing ${pattern}:\n${stdout}`)));
          }),
  };
}

/** The command a test names by its file name (`migrate-status` is `pnpm migrate:status`). */
function commandNamed(command: string): AnyCommand {
  const shortForm = `pnpm ${command.replace('-', ':')}`;
  const spec = [...DB_COMMANDS, ...DB_BENCH_COMMANDS].find((c) => c.shortForm === shortForm);
  if (spec === undefined) throw new Error(`no command has the short form ${shortForm}`);
  return spec;
}

/** Starts a command as its own process (test/cli-entry.ts), as a user's shell would. */
export function startCli(command: string, args: readonly string[], env: NodeJS.ProcessEnv) {
  commandNamed(command);
  return startProcess(TSX, [path.join('test', 'cli-entry.ts'), command, ...args], { env });
}

/**
 * Runs a command in this process, with its own streams and environment, the way the `ainp` bin
 * runs it: what it prints, and its exit code. Standard input is empty and not a terminal.
 */
export async function runInProcess(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<CliResult> {
  const { io, output } = capturedIo(env);
  const code = await runCommand(commandNamed(command), args, io);
  return { code, ...output() };
}

/** `db-start` leaves a daemon behind, so it runs as a process; everything else in this one. */
const NEEDS_A_PROCESS = new Set(['db-start']);

export function runCli(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<CliResult> {
  return NEEDS_A_PROCESS.has(command)
    ? startCli(command, args, env).done
    : runInProcess(command, args, env);
}
