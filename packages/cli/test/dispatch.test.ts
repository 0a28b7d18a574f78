import { describe, expect, it } from 'vitest';
import { loadAllCommands } from '../src/command-table.js';
import { longestMatch } from '../src/main.js';
import { ainp } from './support.js';

describe('ainp', () => {
  it('--help lists every command with its summary, exit 0', async () => {
    const result = await ainp(['--help']);
    expect(result.code).toBe(0);
    for (const command of await loadAllCommands()) {
      expect(result.stdout).toContain(`  ${command.name} `);
      expect(result.stdout).toContain(command.summary);
    }
    expect(result.stderr).toBe('');
  });

  it('without a command prints the list on stderr and exits 2', async () => {
    const result = await ainp([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Usage: ainp <command>/);
    expect(result.stdout).toBe('');
  });

  it('offers every command the issue names, grouped the way users think', async () => {
    const names = (await loadAllCommands()).map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'migrate',
        'migrate status',
        'migrate new',
        'rollback',
        'db start',
        'db stop',
        'db status',
        'db url',
        'types',
        'seed',
        'verify',
        'verify sql',
        'bench seed',
        'bench cache',
      ]),
    );
  });

  it('picks the longest command a prefix names: `migrate status` before `migrate`', async () => {
    const commands = await loadAllCommands();
    expect(longestMatch(commands, ['migrate', 'status', '--json'])?.name).toBe('migrate status');
    expect(longestMatch(commands, ['migrate', '--dry-run'])?.name).toBe('migrate');
    expect(longestMatch(commands, ['verify', 'sql'])?.name).toBe('verify sql');
    expect(longestMatch(commands, ['db'])).toBeUndefined();
  });

  it('a command --help prints its own help, naming both forms', async () => {
    const result = await ainp(['migrate', 'status', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: ainp migrate status \[--json\]/);
    expect(result.stdout).toMatch(/^ {7}pnpm migrate:status /m);
  });

  it.each([
    [['migrat'], /^error: unknown command `ainp migrat`\. Did you mean `ainp migrate`\?/],
    [['frobnicate'], /^error: unknown command `ainp frobnicate`\. Run `ainp --help`/],
    [['db'], /^error: `ainp db` needs a subcommand: one of start, stop, status, url, cluster\./],
    [['db', 'strat'], /^error: unknown command `ainp db strat`: .* Did you mean `ainp db start`\?/],
    [['migrate', '--frobnicate'], /^error: Unknown option --frobnicate/],
  ])('%j is a usage error: one line on stderr, exit 2', async (argv, message) => {
    const result = await ainp(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('--version prints the version', async () => {
    const result = await ainp(['--version']);
    expect([result.code, result.stdout]).toEqual([0, '0.1.0\n']);
  });

  it('runs a command with the environment it is given, not the process’s', async () => {
    const result = await ainp(['migrate', 'status'], {
      DATABASE_URL: 'postgres://ainp:s3cr3t-pw@@localhost/ainp',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: DATABASE_URL is malformed/);
    expect(result.stderr).not.toContain('s3cr3t');
  });
});
