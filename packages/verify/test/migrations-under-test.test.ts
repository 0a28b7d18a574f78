import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsUnderTest, resolveBase } from '../src/migration-impact/migrations-under-test.js';

const scratch = await mkdtemp(path.join(os.tmpdir(), 'ainp-under-test-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function repository(name: string) {
  const root = path.join(scratch, name);
  const migrations = path.join(root, 'packages/db/migrations');
  await mkdir(migrations, { recursive: true });
  const git = (...args: string[]) =>
    promisify(execFile)(
      'git',
      [
        '-c',
        'user.name=t',
        '-c',
        'user.email=t@example.com',
        '-c',
        'init.defaultBranch=main',
        ...args,
      ],
      { cwd: root },
    );
  const write = (file: string, sql: string) => writeFile(path.join(migrations, file), sql);
  return { migrations, git, write };
}

const names = (result: Awaited<ReturnType<typeof migrationsUnderTest>>) =>
  result.files.map((file) => file.fileName);

describe('migrationsUnderTest', () => {
  it('takes the files new or changed against the merge-base with main, committed or not', async () => {
    const repo = await repository('branch');
    await repo.git('init', '-q');
    await repo.write('001_a.sql', 'SELECT 1;\n');
    await repo.write('002_b.sql', 'SELECT 2;\n');
    await repo.git('add', '-A');
    await repo.git('commit', '-qm', 'base');
    await repo.git('checkout', '-qb', 'feature');
    await repo.write('003_c.sql', 'SELECT 3;\n');
    await repo.git('add', '-A');
    await repo.git('commit', '-qm', 'committed on the branch');
    await repo.write('002_b.sql', 'SELECT 22;\n'); // changed, not committed
    await repo.write('004_d.sql', 'SELECT 4;\n'); // untracked

    const result = await migrationsUnderTest(repo.migrations);
    expect(names(result)).toEqual(['002_b.sql', '003_c.sql', '004_d.sql']);
    expect(result.reason).toMatch(
      /^new or changed against the merge-base with main \([0-9a-f]{10}\)$/,
    );
    expect(result.all.map((file) => file.fileName)).toHaveLength(4);

    // --base HEAD: only what is not committed yet.
    expect(names(await migrationsUnderTest(repo.migrations, 'HEAD'))).toEqual([
      '002_b.sql',
      '004_d.sql',
    ]);
    await expect(resolveBase(repo.migrations, 'no-such-ref')).rejects.toThrow(
      /--base no-such-ref is not a commit/,
    );
  });

  it('takes the highest-numbered file when there is no git history', async () => {
    const repo = await repository('no-git');
    await repo.write('001_a.sql', 'SELECT 1;\n');
    await repo.write('007_b.sql', 'SELECT 7;\n');
    const result = await migrationsUnderTest(repo.migrations);
    expect(names(result)).toEqual(['007_b.sql']);
    expect(result.reason).toBe('no git history: the highest-numbered file');
  });
});
