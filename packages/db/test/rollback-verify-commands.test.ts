import { spawn, spawnSync } from 'node:child_process';
import { runInProcess } from './run-cli.js';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_DIR, ROLLBACKS_DIR, VERIFY_DIR } from '../src/workspace-paths.js';
import {
  countRows,
  FORWARD_IDS,
  insertRowsEverywhere,
  migrationIds,
  rollBackIntegrity,
} from './feature-rows.js';
import { freshDatabase } from './support.js';

const TSX = path.join(PACKAGE_DIR, 'node_modules', '.bin', 'tsx');
const hasCommand = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; `answer` is written to stdin once `prompt` appears on stdout. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  dialogue?: { prompt: string; answer: string },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PACKAGE_DIR, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    let answered = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (dialogue !== undefined && !answered && stdout.includes(dialogue.prompt)) {
        answered = true;
        child.stdin.write(`${dialogue.answer}\n`);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    if (dialogue === undefined) child.stdin.end();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A command in this process (standard input empty, not a terminal), as the `ainp` bin runs it. */
const cli = (name: string, args: string[], url: string) =>
  runInProcess(name.replace(/\.ts$/, ''), args, {
    ...process.env,
    DATABASE_URL: url,
    AINP_DEBUG: '',
  });

/** The command in a pseudo-terminal (util-linux `script`), so stdin is a TTY. */
const inTerminal = (args: string[], url: string, answer: string) =>
  run(
    'script',
    ['-qec', [TSX, path.join('test', 'cli-entry.ts'), 'rollback', ...args].join(' '), '/dev/null'],
    { DATABASE_URL: url },
    { prompt: 'Type "yes"', answer },
  );

describe('pnpm rollback', () => {
  it('refuses without --yes when stdin is not a terminal, changing nothing', async () => {
    const db = await freshDatabase('migrated');
    const result = await cli('rollback.ts', ['negotiations'], db.url);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: pnpm rollback drops tables and their data; outside a terminal it needs --yes to go ahead. Nothing was changed.\n',
    );
    expect(await migrationIds(db.pool)).toEqual([0, ...FORWARD_IDS]);
  });

  it('rejects a missing or unknown feature in one line', async () => {
    const db = await freshDatabase('migrated');
    const none = await cli('rollback.ts', ['--yes'], db.url);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: Name exactly one rollback: .*\n$/);
    const unknown = await cli('rollback.ts', ['ledger', '--yes'], db.url);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: Unknown rollback "ledger"\. .*\n$/);
  });

  it('with --yes rolls back all, printing what it dropped and the rows lost', async () => {
    const db = await freshDatabase('migrated');
    await insertRowsEverywhere(db.pool);
    const result = await cli('rollback.ts', ['all', '--yes'], db.url);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('rollback 011: dropped table negotiations (2 rows lost)');
    expect(result.stdout).toContain('rollback 010: dropped table credit_accounts (1 row lost)');
    expect(result.stdout).toContain('rollback 008: dropped table usefulness_proofs (2 rows lost)');
    expect(result.stdout).toContain(
      'rollback 012: dropped table credit_idempotency_keys (1 row lost)',
    );
    expect(result.stdout).toContain(
      'Rolled back credit-error-hints, distribution-ready-keys, json-shape-rules, identity-rules, blank-idempotency-key-rules, time-rules, negotiation-state-machine, service-role, one-payout-per-proof, existing-row-check, usefulness-cache-refresh-as-of, usefulness-cache-refresh, credit-operations, negotiations, credit-ledger, usefulness.',
    );
    expect(await migrationIds(db.pool)).toEqual([0, 1, 2]);
    expect(await countRows(db.pool, ['agents'])).toEqual({ agents: 3 });
  });

  it('reports a refusal in one line and exits non-zero', async () => {
    const db = await freshDatabase('migrated');
    const result = await cli('rollback.ts', ['usefulness', '--yes'], db.url);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: Refusing to roll back usefulness \(008\): .*credit-ledger.* still applied\. Nothing was changed\. Roll back .* first, or roll back all\.\n$/,
    );
    expect(await migrationIds(db.pool)).toEqual([0, ...FORWARD_IDS]);
  });

  it.skipIf(!hasCommand('script'))('asks on a terminal: "no" changes nothing', async () => {
    const db = await freshDatabase('migrated');
    const result = await inTerminal(['negotiations'], db.url, 'no');
    expect(result.stdout).toContain('negotiations drops table negotiations and all its rows');
    expect(result.stdout).toContain('Cancelled. Nothing was changed.');
    expect(await migrationIds(db.pool)).toContain(4);
  });

  it.skipIf(!hasCommand('script'))('asks on a terminal: "yes" rolls back', async () => {
    const db = await freshDatabase('migrated');
    await rollBackIntegrity(db.url);
    const result = await inTerminal(['negotiations'], db.url, 'yes');
    expect(result.stdout).toContain('rollback 011: dropped table negotiations (0 rows lost)');
    expect(await migrationIds(db.pool)).not.toContain(4);
  });

  it('answers --help', async () => {
    const result = await cli('rollback', ['--help'], '');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Usage: ainp rollback <credit-error-hints\|distribution-ready-keys\|json-shape-rules\|identity-rules\|blank-idempotency-key-rules\|time-rules\|negotiation-state-machine\|service-role\|one-payout-per-proof\|existing-row-check\|usefulness-cache-refresh-as-of\|usefulness-cache-refresh\|credit-operations\|negotiations\|credit-ledger\|usefulness\|all> \[--yes\]/,
    );
  });
});

describe('pnpm verify:sql', () => {
  it('passes on a migrated database and fails, naming the index, once one is dropped', async () => {
    const db = await freshDatabase('migrated');
    const ok = await cli('verify-sql.ts', [], db.url);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('14 passed, 0 failed');
    expect(ok.stdout).toContain('10 passed, 0 failed');
    expect(ok.stdout).toContain('17 passed, 0 failed');
    expect(ok.stdout).toContain('29 passed, 0 failed');
    expect(ok.stdout).toContain('23 passed, 0 failed');
    expect(ok.stdout).not.toContain('❌');
    expect(ok.stdout).toContain('All 5 verification scripts passed.');

    await db.pool.query('DROP INDEX idx_usefulness_metrics');
    const failing = await cli('verify-sql.ts', [], db.url);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(
      '❌ FAIL: usefulness_proofs has its 7 indexes — idx_usefulness_metrics is missing',
    );
    expect(failing.stdout).toContain('9 passed, 1 failed');
    expect(failing.stderr).toBe(
      'verify_usefulness.sql failed: 1 of 10 tests failed (the ❌ lines above). Nothing was changed.\n',
    );
  });
});

describe.skipIf(!hasCommand('psql'))('with psql -v ON_ERROR_STOP=1 -f', () => {
  const psql = (url: string, args: string[]) =>
    run('psql', [url, '-X', '-v', 'ON_ERROR_STOP=1', ...args], {});

  it('a verification script exits 0 when every test passes and non-zero when one fails', async () => {
    const db = await freshDatabase('migrated');
    const file = path.join(VERIFY_DIR, 'verify_negotiation_sessions.sql');
    const ok = await psql(db.url, ['-f', file]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('INFO:  14 passed, 0 failed');
    await db.pool.query('DROP INDEX idx_negotiations_state');
    const failing = await psql(db.url, ['-f', file]);
    expect(failing.code).not.toBe(0);
    expect(failing.stderr).toContain(
      '❌ FAIL: idx_negotiations_state filters by state — idx_negotiations_state is missing',
    );
  });

  it('after a rollback script, \\d reports that it did not find the relation', async () => {
    const db = await freshDatabase('migrated');
    const keys = await psql(db.url, [
      '-f',
      path.join(ROLLBACKS_DIR, '030_rollback_distribution_ready_keys.sql'),
    ]);
    expect(keys.code).toBe(0);
    const rollback = await psql(db.url, [
      '-f',
      path.join(ROLLBACKS_DIR, '011_rollback_negotiation_sessions.sql'),
    ]);
    expect(rollback.code).toBe(0);
    const describe = await psql(db.url, ['-c', '\\d negotiations']);
    expect(describe.stderr).toContain('Did not find any relation named "negotiations".');
    // 030 took 030-039 out with it (040, which touches no table, stays); 011 then removed 004.
    expect(await migrationIds(db.pool)).toEqual([
      0,
      ...FORWARD_IDS.filter((id) => id !== 4 && (id < 30 || id >= 40)),
    ]);
  });
});
