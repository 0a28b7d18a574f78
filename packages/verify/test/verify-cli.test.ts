import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { VERIFY_PACKAGE_DIR } from '../src/verify-paths.js';

const CLI = path.join(VERIFY_PACKAGE_DIR, 'src/cli/verify.ts');

/** Runs `pnpm verify` with these arguments; it must fail before starting any check. */
async function verify(args: string[], env: NodeJS.ProcessEnv = {}) {
  const tsx = path.join(VERIFY_PACKAGE_DIR, 'node_modules/.bin/tsx');
  return promisify(execFile)(tsx, ['--conditions=@ainp/source', CLI, ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('pnpm verify, bad input', () => {
  it('answers --help', async () => {
    const result = await verify(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: pnpm verify [--pg <major>] [--update-snapshot]');
  });

  it.each([
    [['--pg', '13'], /^error: --pg must be one of 14, 15, 16, 17, 18/],
    [['--pg'], /^error: Option --pg needs a value\./],
    [['--fast'], /^error: Unknown option --fast/],
    [
      ['--check', 'nope'],
      /^error: --check must be one of .*migration-impact.*schema-drift.*, not "nope"/,
    ],
    [['--impact-scale', 'huge'], /^error: --impact-scale must be one of small, medium, load/],
    [['--impact-budget', 'soon'], /^error: --impact-budget must be a positive duration/],
    [['--base', 'no-such-ref'], /^error: --base no-such-ref is not a commit/],
  ])('%j: one line on stderr, exit code 2', async (args, message) => {
    const result = await verify(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a malformed DATABASE_URL: one line, exit code 1, no password', async () => {
    const result = await verify([], { DATABASE_URL: 'http://ci:hunter2@db/ainp' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: DATABASE_URL must start with postgres:\/\//);
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stdout).toBe('');
  });
});
