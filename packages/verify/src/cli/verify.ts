import {
  MIGRATIONS_DIR,
  defineCommand,
  writeLine,
  UsageError,
  type CommandIo,
} from '@ainp/db/commands';
import { checkFile, checkNames } from '../check-names.js';
import {
  DEFAULT_IMPACT_BUDGET_MS,
  DEFAULT_IMPACT_SCALE,
  FIXTURES_ONLY_SCALE,
  IMPACT_ENV,
  parseImpactBudget,
  parseImpactScale,
} from '../migration-impact/impact-settings.js';
import { VERIFY_PACKAGE_DIR, VITEST_CONFIG_FILE } from '../verify-paths.js';
import type { SupportedPgMajor } from '../database-server.js';

/** Text broken into lines of at most 96 characters, each starting with `indent`. */
function wrap(text: string, indent: string): string {
  const lines = [indent];
  for (const word of text.split(' ')) {
    if (lines.at(-1)!.length + word.length > 96) lines.push(indent);
    lines[lines.length - 1] += `${lines.at(-1) === indent ? '' : ' '}${word}`;
  }
  return lines.join('\n');
}

/** Every check file's name, for --check. */
const CHECK_NAMES = await checkNames();

export const verifyCommand = defineCommand({
  name: 'verify',
  shortForm: 'pnpm verify',
  summary: 'Run the pull-request gate: migrations, rollbacks, lint, drift, SQL tests, concurrency.',
  examples: [
    'pnpm verify',
    'pnpm verify --pg 15 --update-snapshot',
    'pnpm verify --check migration-impact --impact-scale small',
  ],
  environment: [
    'DATABASE_URL: run on this server (its role must be allowed to CREATE DATABASE)',
    'AINP_IMPACT_SCALE, AINP_IMPACT_BUDGET, AINP_IMPACT_BASE: the migration-impact settings',
    'AINP_DEBUG=1: print the stack with an error',
  ],
  exitCodes: '0 every check passed, 1 a check failed, 2 bad usage.',
  usage:
    '[--pg <major>] [--update-snapshot] [--check <name>] [--impact-scale <preset>] [--impact-budget <duration>] [--base <ref>] | --citus',
  help: `
The pull-request gate: proves a schema change safe to ship. Runs every check in
packages/verify/checks against a real PostgreSQL, each check file on its own fresh database
cloned from a template migrated once, files in parallel; then prints each check's result and
time, the database used, and the total. Exits 1 when any check fails.

Database, in this order: DATABASE_URL (its role must be allowed to CREATE DATABASE); else a
testcontainers PostgreSQL when a container runtime (Docker, Podman...) answers; else a throwaway
embedded PostgreSQL in a temporary folder.

Options:
  --pg <major>         PostgreSQL major to start: 15 or 18 embedded (default 18), 14-18 with a
                       container runtime. With DATABASE_URL: fail unless the server runs it.
  --update-snapshot    Rewrite packages/verify/schema.snapshot.txt from the migrated schema
                       (review and commit it), then run the checks.
  --check <name>       Run one check file alone, one of:
${wrap(CHECK_NAMES.join(', '), ' '.repeat(23))}.
  --citus              The gate on Citus instead (packages/verify/citus-checks): on DATABASE_URL's
                       coordinator, else on the local cluster of \`pnpm db:cluster\` (started if it
                       is not running), in a fresh database. See docs/scaling-out.md.
  -h, --help           Show this help.

migration-impact (applies the migrations under test to a seeded database under a live workload):
  --impact-scale <preset>     Seed preset: small, medium or load (default ${DEFAULT_IMPACT_SCALE}; ${FIXTURES_ONLY_SCALE} when
                              no migration is new, as only the check's own fixtures run).
  --impact-budget <duration>  Longest a migration may keep a workload query waiting, e.g. 500ms,
                              2s (default ${DEFAULT_IMPACT_BUDGET_MS / 1000} s, the lock timeout).
  --base <ref>                Measure the migrations new or changed against this git ref (default:
                              the merge-base with main; uncommitted files count).`,
  options: {
    pg: { type: 'string' },
    'update-snapshot': { type: 'boolean' },
    check: { type: 'string' },
    'impact-scale': { type: 'string' },
    'impact-budget': { type: 'string' },
    base: { type: 'string' },
    citus: { type: 'boolean' },
  },
  async run({ values }, io) {
    const { chooseDatabaseServer, parseVerifyMajor, VERIFY_PG_ENV } =
      await import('../database-server.js');
    const { resolveBase } = await import('../migration-impact/migrations-under-test.js');
    const { UPDATE_SNAPSHOT_ENV } = await import('../schema-snapshot.js');
    if (values.citus) {
      const others = ['pg', 'update-snapshot', 'check', 'impact-scale', 'impact-budget', 'base'];
      if (others.some((name) => values[name as keyof typeof values] !== undefined)) {
        throw new UsageError(
          '--citus runs on Citus (PostgreSQL 15); it takes none of --pg, --update-snapshot, --check, --impact-scale, --impact-budget, --base.',
        );
      }
      return runGate('citus', [], io);
    }
    const check = values.check === undefined ? undefined : String(values.check);
    if (check !== undefined && !CHECK_NAMES.includes(check)) {
      throw new UsageError(`--check must be one of ${CHECK_NAMES.join(', ')}, not "${check}"`);
    }
    const impact = {
      [IMPACT_ENV.scale]: values['impact-scale'],
      [IMPACT_ENV.budget]: values['impact-budget'],
      [IMPACT_ENV.base]: values.base,
    };
    try {
      if (values['impact-scale'] !== undefined) parseImpactScale(String(values['impact-scale']));
      if (values['impact-budget'] !== undefined) parseImpactBudget(String(values['impact-budget']));
      if (values.base !== undefined) await resolveBase(MIGRATIONS_DIR, String(values.base));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    let major: SupportedPgMajor | undefined;
    if (values.pg !== undefined) {
      try {
        major = parseVerifyMajor(String(values.pg));
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }
    // Fails here, in one line and before vitest starts, on a malformed DATABASE_URL or a major
    // that neither a container nor the embedded server can provide.
    await chooseDatabaseServer({ major, env: io.env });
    if (major !== undefined) process.env[VERIFY_PG_ENV] = String(major);
    if (values['update-snapshot']) process.env[UPDATE_SNAPSHOT_ENV] = '1';
    for (const [name, value] of Object.entries(impact)) {
      if (value !== undefined) process.env[name] = String(value);
    }

    return runGate('verify', check === undefined ? [] : [checkFile(check)], io);
  },
});

/** Runs one vitest project of checks (all, or `files`) with the gate's reporter; 0 when every check passed. */
async function runGate(
  project: 'verify' | 'citus',
  files: string[],
  io: CommandIo,
): Promise<number> {
  const { startVitest } = await import('vitest/node');
  const { VerifyReporter } = await import('../verify-reporter.js');
  const reporter = new VerifyReporter();
  await startVitest('test', files, {
    root: VERIFY_PACKAGE_DIR,
    config: VITEST_CONFIG_FILE,
    project: [project],
    run: true,
    watch: false,
    reporters: ['default', reporter],
  });
  // vitest sets a failing exit code for problems no check owns (a failed global teardown...).
  const verdict =
    reporter.passed && process.exitCode
      ? 'FAIL: every check passed, but vitest reported an error (details above)'
      : reporter.verdict;
  // performance.now() counts from process start: the whole run, server start and stop included.
  writeLine(io.stdout, `${verdict}. Whole run: ${(performance.now() / 1000).toFixed(1)} s.`);
  return verdict.startsWith('PASS') ? 0 : 1;
}
