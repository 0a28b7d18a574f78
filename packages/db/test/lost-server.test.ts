import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  embeddedDatabaseUrl,
  readEmbeddedPassword,
} from '../src/embedded-server/embedded-server.js';
import { throwawayEmbeddedLocation } from '../src/testing/throwaway-embedded-location.js';
import { killServerMidCommand } from '../src/testing/kill-server-mid-command.js';
import { cliEnv, runCli, startCli } from './run-cli.js';

const SLOW_MS = 240_000;
const location = await throwawayEmbeddedLocation('ainp-lost-server-');
afterAll(() => location.remove());
const env = cliEnv(location.env);
const { settings } = location;

describe('a server lost under pnpm migrate', () => {
  it(
    'gives one line (what happened, the state, what next), exits 1, and a re-run applies the rest',
    async () => {
      const migrations = path.join(path.dirname(settings.dataDir), 'migrations');
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
      const result = await killServerMidCommand({
        url,
        dataDir: settings.dataDir,
        lock: 'LOCK TABLE widgets IN ACCESS EXCLUSIVE MODE',
        start: () => startCli('migrate', ['--migrations-dir', migrations], env).done,
      });

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
