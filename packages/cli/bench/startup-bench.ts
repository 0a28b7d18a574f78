import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AinpDbError,
  defineCommand,
  findWorkspaceRoot,
  packageDirOf,
  UsageError,
  writeLine,
} from '@ainp/db/commands';

const CLI_DIR = packageDirOf(path.dirname(fileURLToPath(import.meta.url)));
const AINP = path.join(CLI_DIR, 'bin', 'ainp.js');
const DEFAULT_RUNS = 5;

/** The start-up targets of the command line, in seconds of wall time (medians). */
export const STARTUP_TARGETS = { help: 0.3, ainpMigrate: 0.5, pnpmMigrate: 1.0 } as const;

interface Timed {
  readonly label: string;
  readonly seconds: number[];
  readonly target?: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Wall time of one process, spawn to exit; a non-zero exit is a failure of the benchmark. */
function timeOnce(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string) {
  return new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve(seconds);
      else {
        reject(
          new AinpDbError(
            `\`${[path.basename(command), ...args].join(' ')}\` exited with ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`,
          ),
        );
      }
    });
  });
}

async function timeRuns(
  label: string,
  runs: number,
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; target?: number },
): Promise<Timed> {
  const seconds: number[] = [];
  for (let i = 0; i < runs; i += 1)
    seconds.push(await timeOnce(command, args, options.env, options.cwd));
  return { label, seconds, target: options.target };
}

export const benchCliCommand = defineCommand({
  name: 'bench cli',
  shortForm: 'pnpm bench:cli',
  summary: 'Measure start-up: ainp --help, every --help, and a migrate with nothing to do.',
  examples: ['pnpm bench:cli', 'pnpm bench:cli --runs 10'],
  environment: ['AINP_DEBUG=1: print the stack with an error'],
  exitCodes: '0 every target met, 1 a target missed or a failure, 2 bad usage.',
  usage: '[--runs <n>]',
  help: `
Times, as a user's shell would (spawn to exit, wall clock, median of --runs), side by side in one
run: a bare \`node\` start (the floor), \`ainp --help\`, every command's --help, and a migrate
with nothing to do against a running embedded server (a throwaway one, started with \`ainp db
start\` in a temporary folder and stopped again), as \`ainp migrate\` and as \`pnpm migrate\`.
Targets: every --help ${STARTUP_TARGETS.help} s, \`ainp migrate\` ${STARTUP_TARGETS.ainpMigrate} s, \`pnpm migrate\` ${STARTUP_TARGETS.pnpmMigrate} s. It runs
the compiled commands and refuses when dist/ was not built from the current sources (run
\`pnpm build\`).

Options:
  --runs <n>   Runs of each (default ${DEFAULT_RUNS}).
  -h, --help   Show this help.`,
  options: { runs: { type: 'string' } },
  async run({ values }, io) {
    const runs = values.runs === undefined ? DEFAULT_RUNS : Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1 || runs > 100) {
      throw new UsageError(
        `--runs takes a whole number from 1 to 100, not "${String(values.runs)}".`,
      );
    }
    const { machineLine } = await import('@ainp/db/bench');
    const { freePort } = await import('@ainp/db/testing');
    const { loadAllCommands } = await import('../src/command-table.js');
    const root = findWorkspaceRoot();
    writeLine(io.stdout, machineLine());
    const dataRoot = await mkdtemp(path.join(os.tmpdir(), 'ainp-bench-cli-'));
    // Private by default; as root the server runs as `postgres`, which must enter it.
    await chmod(dataRoot, 0o755);
    const env: NodeJS.ProcessEnv = {
      ...io.env,
      DATABASE_URL: undefined,
      AINP_REQUIRE_DIST: '1',
      AINP_PG_DATA_DIR: path.join(dataRoot, 'data'),
      AINP_PG_PORT: String(await freePort()),
      NO_COLOR: '1',
    };
    delete env.DATABASE_URL;
    const node = process.execPath;
    const opts = { env, cwd: root };
    const results: Timed[] = [];
    const say = (t: Timed) => {
      const m = median(t.seconds);
      const floor = median(results[0]?.seconds ?? t.seconds);
      const verdict =
        t.target === undefined
          ? ''
          : m <= t.target
            ? `  ok (≤ ${t.target} s)`
            : `  MISSED (target ${t.target} s)`;
      writeLine(
        io.stdout,
        `${t.label.padEnd(34)} median ${m.toFixed(3)} s, max ${Math.max(...t.seconds).toFixed(3)} s, ${(m / floor).toFixed(1)}x bare node${verdict}`,
      );
    };
    const record = (t: Timed) => {
      results.push(t);
      say(t);
    };
    try {
      record(await timeRuns('node -e 0 (the floor)', runs, node, ['-e', '0'], opts));
      record(
        await timeRuns('ainp --help', runs, node, [AINP, '--help'], {
          ...opts,
          target: STARTUP_TARGETS.help,
        }),
      );
      for (const command of await loadAllCommands()) {
        const label = `ainp ${command.name} --help`;
        record(
          await timeRuns(label, runs, node, [AINP, ...command.name.split(' '), '--help'], {
            ...opts,
            target: STARTUP_TARGETS.help,
          }),
        );
      }
      await timeOnce(node, [AINP, 'db', 'start'], env, root);
      try {
        await timeOnce(node, [AINP, 'migrate'], env, root);
        record(
          await timeRuns('ainp migrate (nothing to do)', runs, node, [AINP, 'migrate'], {
            ...opts,
            target: STARTUP_TARGETS.ainpMigrate,
          }),
        );
        record(
          await timeRuns('pnpm migrate (nothing to do)', runs, 'pnpm', ['migrate'], {
            ...opts,
            target: STARTUP_TARGETS.pnpmMigrate,
          }),
        );
      } finally {
        await timeOnce(node, [AINP, 'db', 'stop'], env, root).catch(() => 0);
      }
    } finally {
      await rm(dataRoot, { recursive: true, force: true });
    }
    const missed = results.filter((t) => t.target !== undefined && median(t.seconds) > t.target);
    writeLine(
      io.stdout,
      missed.length === 0
        ? `All ${results.filter((t) => t.target !== undefined).length} start-up targets met (${runs} runs each); load average now ${os.loadavg()[0]!.toFixed(1)}.`
        : `MISSED ${missed.length} target(s): ${missed.map((t) => t.label).join(', ')}; load average now ${os.loadavg()[0]!.toFixed(1)}.`,
    );
    return missed.length === 0 ? 0 : 1;
  },
});
