import { runCommand, UsageError } from '@ainp/db';
import {
  chooseDatabaseServer,
  parseVerifyMajor,
  VERIFY_PG_ENV,
  type SupportedPgMajor,
} from '../database-server.js';
import { UPDATE_SNAPSHOT_ENV } from '../schema-snapshot.js';
import { VerifyReporter } from '../verify-reporter.js';
import { VERIFY_PACKAGE_DIR, VITEST_CONFIG_FILE } from '../verify-paths.js';

await runCommand({
  name: 'pnpm verify',
  usage: 'pnpm verify [--pg <major>] [--update-snapshot] | pnpm verify --citus',
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
  --citus              The gate on Citus instead (packages/verify/citus-checks): on DATABASE_URL's
                       coordinator, else on the local cluster of \`pnpm db:cluster\` (started if it
                       is not running), in a fresh database. See docs/scaling-out.md.
  -h, --help           Show this help.`,
  options: {
    pg: { type: 'string' },
    'update-snapshot': { type: 'boolean' },
    citus: { type: 'boolean' },
  },
  async run({ values }) {
    if (values.citus && (values.pg !== undefined || values['update-snapshot'])) {
      throw new UsageError(
        '--citus runs on Citus (PostgreSQL 15); it takes neither --pg nor --update-snapshot.',
      );
    }
    if (values.citus) return runGate('citus');
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
    await chooseDatabaseServer({ major });
    if (major !== undefined) process.env[VERIFY_PG_ENV] = String(major);
    if (values['update-snapshot']) process.env[UPDATE_SNAPSHOT_ENV] = '1';
    return runGate('verify');
  },
});

/** Runs one vitest project of checks with the gate's reporter; 0 when every check passed. */
async function runGate(project: 'verify' | 'citus'): Promise<number> {
  const { startVitest } = await import('vitest/node');
  const reporter = new VerifyReporter();
  await startVitest('test', [], {
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
  console.log(`${verdict}. Whole run: ${(performance.now() / 1000).toFixed(1)} s.`);
  return verdict.startsWith('PASS') ? 0 : 1;
}
