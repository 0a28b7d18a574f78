import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { runMigrations } from '../src/migrations/migration-runner.js';
import {
  scaffoldMigration,
  SCAFFOLD_TODO,
  unfinishedScaffolds,
} from '../src/migrations/migration-scaffold.js';
import { ROLLBACK_FEATURES } from '../src/rollbacks/rollback-features.js';
import { runRollbacks } from '../src/rollbacks/rollback-runner.js';
import { runVerifyScripts } from '../src/sql-scripts/verify-scripts.js';
import { MIGRATIONS_DIR, PACKAGE_DIR, ROLLBACKS_DIR, VERIFY_DIR } from '../src/workspace-paths.js';
import { freshDatabase, withClient } from './support.js';

const tempDirs: string[] = [];
afterAll(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A copy of the package's migrations, rollbacks, verification scripts and rollback registry. */
async function packageCopy() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ainp-scaffold-'));
  tempDirs.push(root);
  const paths = {
    migrationsDir: path.join(root, 'migrations'),
    rollbacksDir: path.join(root, 'rollbacks'),
    verifyDir: path.join(root, 'verify'),
    registryFile: path.join(root, 'rollback-features.ts'),
    verifyScript: 'verify_credit_operations.sql',
  };
  await cp(MIGRATIONS_DIR, paths.migrationsDir, { recursive: true });
  await cp(ROLLBACKS_DIR, paths.rollbacksDir, { recursive: true });
  await cp(VERIFY_DIR, paths.verifyDir, { recursive: true });
  await cp(path.join(PACKAGE_DIR, 'src', 'rollbacks', 'rollback-features.ts'), paths.registryFile);
  return paths;
}

const highest = Math.max(
  ...[...(await readdir(MIGRATIONS_DIR)), ...(await readdir(ROLLBACKS_DIR))].map((name) =>
    Number(/^(\d+)_/.exec(name)?.[1] ?? 0),
  ),
);

describe('pnpm migrate:new', () => {
  it('scaffolds the forward file, its rollback and registry entry, and a failing verification section', async () => {
    const paths = await packageCopy();
    const made = await scaffoldMigration('add-agent-notes', paths);
    const number = String(highest + 1).padStart(3, '0');
    expect(made).toMatchObject({
      id: highest + 1,
      forward: `${number}_add_agent_notes.sql`,
      rollback: `${number}_rollback_agent_notes.sql`,
      feature: 'agent-notes',
    });
    const forward = await readFile(path.join(paths.migrationsDir, made.forward), 'utf8');
    expect(forward).toContain('-- ainp: lock_timeout = 5s');
    const registry = await readFile(paths.registryFile, 'utf8');
    expect(registry).toContain(
      `name: 'agent-notes',\n    script: '${made.rollback}',\n    migrationIds: [${highest + 1}],`,
    );
    // Every piece is marked until someone writes it.
    const todo = await unfinishedScaffolds(paths);
    expect(todo.length).toBeGreaterThanOrEqual(4);
    expect(todo.some((t) => t.includes(made.forward))).toBe(true);
    expect(todo.some((t) => t.includes(made.rollback))).toBe(true);
    expect(todo.some((t) => t.includes('rollback-features.ts'))).toBe(true);
    expect(todo.some((t) => t.includes('verify_credit_operations.sql'))).toBe(true);
    expect(forward).toContain(SCAFFOLD_TODO);

    // The scaffold is valid: the forward file applies, the verification section fails until
    // written, and the rollback script refuses (changing nothing) until written.
    const db = await freshDatabase('migrated');
    const applied = await withClient(db.url, (c) =>
      runMigrations(c, { migrationsDir: paths.migrationsDir }),
    );
    expect(applied.map((m) => m.fileName)).toEqual([made.forward]);
    const [outcome] = await withClient(db.url, (c) =>
      runVerifyScripts(c, { verifyDir: paths.verifyDir, scripts: [paths.verifyScript] }),
    );
    expect(outcome!.passed).toBe(false);
    expect(outcome!.lines).toContain(
      `❌ FAIL: not written yet: the tests of ${made.forward} — pnpm migrate:new left this section for you to write`,
    );
    const feature = {
      ...ROLLBACK_FEATURES[0]!,
      name: made.feature,
      script: made.rollback,
      migrationIds: [made.id],
    };
    await expect(
      withClient(db.url, (c) => runRollbacks(c, [feature], { rollbacksDir: paths.rollbacksDir })),
    ).rejects.toThrow(
      `Rollback ${made.rollback} is not written yet (agent-notes). Nothing was changed.`,
    );
    const rows = await db.pool.query('SELECT id FROM migrations WHERE id = $1', [made.id]);
    expect(rows.rowCount).toBe(1);
  });

  it('refuses a bad name or a feature that exists, writing nothing', async () => {
    const paths = await packageCopy();
    const before = await readdir(paths.migrationsDir);
    await expect(scaffoldMigration('9lives', paths)).rejects.toThrow(UsageError);
    await expect(scaffoldMigration('add negotiations!', paths)).rejects.toThrow(
      /must be 3-60 letters/,
    );
    await expect(scaffoldMigration('add_negotiations', paths)).rejects.toThrow(
      /A rollback feature named "negotiations" already exists/,
    );
    expect(await readdir(paths.migrationsDir)).toEqual(before);
  });
});
