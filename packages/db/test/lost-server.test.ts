import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  embeddedDatabaseUrl,
  embeddedServerSettings,
  readEmbeddedPassword,
  readPostmasterStatus,
  stopEmbeddedServer,
} from '../src/embedded-server.js';
import { freePort } from '../src/testing/free-port.js';
import { cliEnv, runCli, startCli, type CliResult } from './run-cli.js';
import { withClient } from './support.js';

const SLOW_MS = 240_000;
const root = await mkdtemp(path.join(os.tmpdir(), 'ainp-lost-server-'));
// As root the server runs as the `postgres` user, which must be able to enter the folder.
await chmod(root, 0o755);
const env = cliEnv({
  AINP_PG_DATA_DIR: path.join(root, 'data'),
  AINP_PG_PORT: String(await freePort()),
});
const settings = embeddedServerSettings({}, env);
afterAll(async () => {
  await stopEmbeddedServer(settings).catch(() => {});
  await rm(root, { recursive: true, force: true });
});

/** Resolves once a backend of the server waits on a lock (the command is mid-transaction). */
async function waitForLockWait(url: string): Promise<void> {
  for (;;) {
    const waiting = await withClient(url, (c) =>
      c.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'`),
    );
    if ((waiting.rowCount ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a server lost under pnpm migrate', () => {
  it(
    'gives one line (what happened, the state, what next), exits 1, and a re-run applies the rest',
    async () => {
      const migrations = path.join(root, 'migrations');
      await mkdir(migrations);
      await writeFile(path.join(migrations, '001_widgets.sql'), 'CREATE TABLE widgets (id int);\n');
      const first = await runCli('migrate', ['--migrations-dir', migrations], env);
      expect([first.code, first.stderr]).toEqual([0, '']);

      // 002 writes into widgets; a session holding widgets' lock keeps 002 mid-transaction while
      // the server (kept running by db:start) is killed.
      await writeFile(
        path.join(migrations, '002_more_widgets.sql'),
        'CREATE TABLE gadgets (id int);\nINSERT INTO widgets VALUES (1);\n',
      );
      const started = await runCli('db-start', [], env);
      expect([started.code, started.stderr]).toEqual([0, '']);
      const url = embeddedDatabaseUrl(settings, 'ainp');
      let result: CliResult | undefined;
      await withClient(url, async (holder) => {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE widgets IN ACCESS EXCLUSIVE MODE');
        const run = startCli('migrate', ['--migrations-dir', migrations], env);
        await waitForLockWait(url);
        process.kill((await readPostmasterStatus(settings.dataDir))!.pid, 'SIGKILL');
        result = await run.done;
        await holder.query('ROLLBACK').catch(() => {});
      }).catch(() => {});
      if (result === undefined) throw new Error('migrate did not run');

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr).toContain('Migration 002_more_widgets.sql failed and was rolled back');
      expect(result.stderr).toContain('The connection to PostgreSQL was lost');
      expect(result.stderr).toContain('then run `pnpm migrate` again');
      expect(result.stdout + result.stderr).not.toContain(readEmbeddedPassword(settings)!);

      const again = await runCli('migrate', ['--migrations-dir', migrations], env);
      expect([again.code, again.stderr]).toEqual([0, '']);
      expect(again.stdout).toContain('Applied 002_more_widgets.sql');
      expect(again.stdout).toContain('Applied 1 migration');
    },
    SLOW_MS,
  );
});
