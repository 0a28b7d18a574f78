import { runCommand } from '@ainp/db';
import { capturedIo } from '@ainp/db/testing';
import { describe, expect, it } from 'vitest';
import { verifyCommand } from '../src/cli/verify.js';

/** Runs `pnpm verify` with these arguments, in this process; it must fail before any check. */
async function verify(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { io, output } = capturedIo({ ...process.env, DATABASE_URL: '', ...env });
  const code = await runCommand(verifyCommand, args, io);
  return { code, ...output() };
}

describe('pnpm verify, bad input', () => {
  it('answers --help', async () => {
    const result = await verify(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: ainp verify [--pg <major>] [--update-snapshot]');
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
