import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase, startThrowawayServer } from '@ainp/db';
import { freePort } from '@ainp/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI_DIR = path.resolve(import.meta.dirname, '..');
const ROOT = path.resolve(CLI_DIR, '..', '..');

/** Runs a program in the workspace root as a user's shell would; what it printed, and its code. */
function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const clean: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(DATABASE_URL|TEST_DATABASE_URL|PG\w*|AINP_\w*|npm_\w*|PNPM_\w*)$/.test(name)) {
      clean[name] = value;
    }
  }
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(file, args, { cwd: ROOT, env: { ...clean, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const AINP = path.join(CLI_DIR, 'bin', 'ainp.js');

describe('ainp as a process', () => {
  it('the bin answers --help with exit 0', async () => {
    const result = await run(process.execPath, [AINP, '--help']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toMatch(/^Usage: ainp <command>/);
  });

  it('finishes its work when its output is closed early (`| true`), without an EPIPE', async () => {
    const data = await mkdtemp(path.join(os.tmpdir(), 'ainp-cli-epipe-'));
    await chmod(data, 0o755); // as root the server runs as postgres, which must enter it
    const env = { AINP_PG_DATA_DIR: path.join(data, 'pg'), AINP_PG_PORT: String(await freePort()) };
    try {
      // `true` reads nothing and exits at once: every line db start prints meets a closed pipe.
      const piped = await run('bash', ['-c', `set -o pipefail; node ${AINP} db start | true`], env);
      expect(piped.stderr).not.toContain('EPIPE');
      expect(piped.code).toBe(0);
      const status = await run(process.execPath, [AINP, 'db', 'status', '--pg', '18'], env);
      expect(status.stdout).toMatch(/^PostgreSQL 18: running/);
    } finally {
      await run(process.execPath, [AINP, 'db', 'stop'], env);
      await rm(data, { recursive: true, force: true });
    }
  });

  it('keeps a command’s exit code (1 for a runtime failure)', async () => {
    const result = await run(process.execPath, [AINP, 'migrate', 'status'], {
      DATABASE_URL: 'postgres://ainp:pw@@localhost/ainp',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: DATABASE_URL is malformed/);
  });
});

describe('the pnpm short forms print only the command’s own lines', () => {
  let url = '';
  let stop = async () => {};
  beforeAll(async () => {
    const server = await startThrowawayServer();
    const database = await createScratchDatabase(server.adminUrl, { prefix: 'ainp_cli' });
    url = database.url;
    stop = async () => {
      await database.drop();
      await server.stop();
    };
  });
  afterAll(() => stop());

  it('pnpm migrate: no pnpm or turbo lines, then nothing to do', async () => {
    const first = await run('pnpm', ['migrate'], { DATABASE_URL: url });
    expect([first.code, first.stderr]).toEqual([0, '']);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Migrating /);
    expect(lines.at(-1)).toMatch(/^Applied \d+ migrations in [\d.]+ s\.$/);
    expect(
      lines.every((line) => /^(Migrating|Applied| {2}\S)/.test(line)),
      first.stdout,
    ).toBe(true);
    const again = await run('pnpm', ['migrate'], { DATABASE_URL: url });
    expect(again.stdout).toMatch(/^Migrating .*\nNothing to apply: the database is up to date/);
  });

  it('an expected non-zero exit (migrate:status with a problem) has no ELIFECYCLE line', async () => {
    const result = await run('pnpm', ['migrate:status'], {
      DATABASE_URL: 'postgres://ainp:pw@@localhost/ainp',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toContain('ELIFECYCLE');
  });

  it('a usage error exits 2, on stderr, in one line', async () => {
    const result = await run('pnpm', ['migrate', '--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: Unknown option --frobnicate/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
