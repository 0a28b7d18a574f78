import { readMigrationFiles, type MigrationFile } from '@ainp/db';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { MigrationImpactError } from './impact-errors.js';

const run = promisify(execFile);

/** The branch whose merge-base is the default base (a CI checkout may only have origin's). */
export const DEFAULT_BASE_BRANCHES = ['main', 'origin/main'] as const;

export interface MigrationsUnderTest {
  /** Every migration in the folder, in id order. */
  readonly all: readonly MigrationFile[];
  /** The files to measure, in id order. */
  readonly files: readonly MigrationFile[];
  /** How they were chosen, for the report. */
  readonly reason: string;
}

/**
 * The migrations to measure: the files in `migrationsDir` that are new or changed against `base`
 * (default: the merge-base of HEAD with main), uncommitted and untracked files included; the
 * highest-numbered file when the folder has no git history.
 */
export async function migrationsUnderTest(
  migrationsDir: string,
  base?: string,
): Promise<MigrationsUnderTest> {
  const all = await readMigrationFiles(migrationsDir);
  const highest = all.slice(-1);
  const fallback = (why: string): MigrationsUnderTest => ({
    all,
    files: highest,
    reason: `${why}: the highest-numbered file`,
  });
  const git = gitIn(migrationsDir);
  if (!(await git('rev-parse', 'HEAD').catch(() => ''))) return fallback('no git history');

  let baseCommit: string;
  let baseName: string;
  if (base !== undefined) {
    baseCommit = await resolveBase(migrationsDir, base);
    baseName = base;
  } else {
    const found = await firstMergeBase(git);
    if (found === undefined) return fallback('no main branch to compare with');
    [baseCommit, baseName] = found;
  }
  const changed = await git('diff', '--name-only', '--relative', baseCommit, '--', '.');
  const untracked = await git('ls-files', '--others', '--exclude-standard', '--', '.');
  const names = new Set(
    `${changed}\n${untracked}`
      .split('\n')
      .filter(Boolean)
      .map((name) => path.basename(name)),
  );
  const files = all.filter((file) => names.has(file.fileName));
  return {
    all,
    files,
    reason: `new or changed against ${baseName} (${baseCommit.slice(0, 10)})`,
  };
}

/** The commit `ref` names, from inside `dir`'s repository; throws a one-line error if none. */
export async function resolveBase(dir: string, ref: string): Promise<string> {
  return gitIn(dir)('rev-parse', '--verify', '--quiet', `${ref}^{commit}`).catch(() => {
    throw new MigrationImpactError(
      `--base ${ref} is not a commit of the repository holding ${dir}`,
      'bad_base',
    );
  });
}

function gitIn(dir: string) {
  return (...args: string[]) => run('git', args, { cwd: dir }).then((out) => out.stdout.trim());
}

async function firstMergeBase(
  git: (...args: string[]) => Promise<string>,
): Promise<[commit: string, name: string] | undefined> {
  for (const branch of DEFAULT_BASE_BRANCHES) {
    const commit = await git('merge-base', 'HEAD', branch).catch(() => '');
    if (commit) return [commit, `the merge-base with ${branch}`];
  }
  return undefined;
}
