import { spawn } from 'node:child_process';
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

/** Starts `src/cli/<command>.ts` the way its package script does (`tsx src/cli/...`). */
export function startCli(command: string, args: readonly string[], env: NodeJS.ProcessEnv) {
  const file = command.startsWith('bench-')
    ? path.join('bench', `${command}.ts`)
    : path.join('src', 'cli', `${command}.ts`);
  return startProcess(TSX, [file, ...args], { env });
}

export function runCli(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<CliResult> {
  return startCli(command, args, env).done;
}
