import { spawn } from 'node:child_process';
import path from 'node:path';
import { acquireEmbeddedServer, readEmbeddedPassword } from '@ainp/db';
import { killServerMidCommand, throwawayEmbeddedLocation, withClient } from '@ainp/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { tableChecksums } from '../src/table-checksums.js';
import { runSeedCli } from './support.js';

const SLOW_MS = 240_000;
const location = await throwawayEmbeddedLocation('ainp-seed-lost-');
afterAll(() => location.remove());
const { env, settings } = location;

/** `pnpm seed …` started in the background; resolves with what it printed once it exits. */
function startSeed(args: string[]) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@ainp/source', 'test/cli-entry.ts', ...args],
    {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { PATH: process.env.PATH, CI: 'true', ...env },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('a server lost under pnpm seed', () => {
  it(
    'gives one line, exits 1, leaves no partial data, and a re-run seeds cleanly',
    async () => {
      // The first run starts the embedded server itself, creates it, seeds, and stops it again.
      const first = await runSeedCli(['--agents', '40'], env);
      expect([first.code, first.stderr]).toEqual([0, '']);

      let server = await acquireEmbeddedServer(settings);
      const url = server.url();
      const before = await withClient(url, (c) => tableChecksums(c));
      // Holding negotiations in SHARE mode lets the load read it, but stops its COPY: the run is
      // then mid-transaction, with agents and credits already loaded, when the server is killed.
      const result = await killServerMidCommand({
        url,
        dataDir: settings.dataDir,
        lock: 'LOCK TABLE negotiations IN SHARE MODE',
        start: () => startSeed(['--append', '--agents', '40']),
      });

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr).toContain('Seeding failed while loading negotiations');
      expect(result.stderr).toContain('rolled back: the seeded tables are exactly as they were');
      expect(result.stderr).toContain('The connection to PostgreSQL was lost');
      expect(result.stderr).toContain('then run `pnpm seed` again');
      expect(result.stdout + result.stderr).not.toContain(readEmbeddedPassword(settings)!);

      await server.stop();
      server = await acquireEmbeddedServer(settings);
      try {
        expect(await withClient(server.url(), (c) => tableChecksums(c))).toEqual(before);
      } finally {
        await server.stop();
      }
      const again = await runSeedCli(['--append', '--agents', '40'], env);
      expect([again.code, again.stderr]).toEqual([0, '']);
      expect(again.stdout).toContain('Appending: agent numbering continues at #40');
    },
    SLOW_MS,
  );
});
