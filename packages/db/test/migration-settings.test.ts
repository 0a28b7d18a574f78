import { describe, expect, it } from 'vitest';
import { parseDuration } from '../src/duration.js';
import { UsageError } from '../src/errors.js';
import { concurrentIndexName } from '../src/migrations/invalid-indexes.js';
import { retryWaitMs } from '../src/locks/lock-retry.js';
import {
  DEFAULT_MIGRATION_SETTINGS,
  fileSettings,
  runSettings,
} from '../src/migrations/migration-settings.js';
import { splitSqlStatements } from '../src/migrations/sql-statements.js';

describe('migration settings', () => {
  it('reads durations as PostgreSQL does, and refuses anything else with a usage error', () => {
    expect(parseDuration('500ms', 'x')).toBe(500);
    expect(parseDuration('1s', 'x')).toBe(1000);
    expect(parseDuration('5min', 'x')).toBe(300_000);
    expect(parseDuration('250', 'x')).toBe(250);
    expect(parseDuration('off', 'x')).toBe(0);
    expect(() => parseDuration('soon', '--lock-timeout')).toThrow(UsageError);
    expect(() => parseDuration('-1s', '--lock-timeout')).toThrow(
      /--lock-timeout must be a duration/,
    );
  });

  it('defaults to a 1 s lock timeout, no statement timeout, and retries spanning at least 30 s', () => {
    expect(runSettings({}, {})).toEqual(DEFAULT_MIGRATION_SETTINGS);
    expect(DEFAULT_MIGRATION_SETTINGS).toMatchObject({
      lockTimeoutMs: 1000,
      statementTimeoutMs: 0,
    });
    const retries = DEFAULT_MIGRATION_SETTINGS.lockRetries;
    const shortest = Array.from({ length: retries }, (_, i) => retryWaitMs(i + 1, () => 0));
    const longest = Array.from({ length: retries }, (_, i) => retryWaitMs(i + 1, () => 0.9999));
    expect(shortest.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(30_000);
    // The waits grow, and the jitter keeps them within ±20 %.
    expect(shortest).toEqual([...shortest].sort((a, b) => a - b));
    expect(longest[0]).toBeLessThanOrEqual(600);
    expect(shortest[0]).toBe(400);
  });

  it('lets the environment set a run’s defaults and the flags win over it', () => {
    const env = { AINP_LOCK_TIMEOUT: '2s', AINP_LOCK_RETRIES: '3', AINP_STATEMENT_TIMEOUT: '1min' };
    expect(runSettings({}, env)).toEqual({
      lockTimeoutMs: 2000,
      lockRetries: 3,
      statementTimeoutMs: 60_000,
    });
    expect(runSettings({ lockTimeoutMs: '500ms' }, env).lockTimeoutMs).toBe(500);
    expect(() => runSettings({ lockRetries: 'many' }, {})).toThrow(
      /--lock-retries must be a whole number/,
    );
    expect(() => runSettings({}, { AINP_LOCK_TIMEOUT: 'x' })).toThrow(/AINP_LOCK_TIMEOUT/);
  });

  it('lets a file header override the run, and refuses unknown or malformed header lines', () => {
    const run = runSettings({}, {});
    const sql =
      '-- 015: something\n-- ainp: lock_timeout = 5s\n-- ainp: lock_retries=2\n\nALTER TABLE agents ADD COLUMN x int;\n-- ainp: lock_timeout = 9s\n';
    expect(fileSettings('015_x.sql', sql, run)).toEqual({
      ...run,
      lockTimeoutMs: 5000,
      lockRetries: 2,
      inTransaction: true,
      fromHeader: ['lockTimeoutMs', 'lockRetries'],
    });
    expect(() => fileSettings('015_x.sql', '-- ainp: lock_timout = 5s\nSELECT 1;', run)).toThrow(
      /015_x.sql: unknown header setting "lock_timout"/,
    );
    expect(() => fileSettings('015_x.sql', '-- ainp: lock_timeout 5s\nSELECT 1;', run)).toThrow(
      /cannot read the header line/,
    );
    expect(
      fileSettings(
        '015_x.sql',
        '-- postgres-migrations disable-transaction\nCREATE INDEX CONCURRENTLY i ON t (c);',
        run,
      ).inTransaction,
    ).toBe(false);
  });
});

describe('splitSqlStatements', () => {
  it('splits at semicolons outside comments, strings, identifiers and dollar quotes', () => {
    const sql = `-- a comment; not a statement
/* block; /* nested; */ still comment; */
CREATE INDEX CONCURRENTLY IF NOT EXISTS "odd;name" ON t (c);
SELECT 'it''s; one', E'back\\'slash;', $$ body; $$, $tag$ x; $tag$;
DO $x$ BEGIN PERFORM 1; END $x$
`;
    expect(splitSqlStatements(sql)).toHaveLength(3);
    expect(splitSqlStatements('-- only a comment\n  ;\n')).toEqual([]);
    expect(splitSqlStatements('SELECT 1')).toEqual(['SELECT 1']);
  });

  it('names the index a CREATE INDEX CONCURRENTLY builds', () => {
    expect(
      concurrentIndexName('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_a ON t (c)'),
    ).toBe('idx_a');
    expect(concurrentIndexName('create index concurrently public."Idx B" on t (c)')).toBe('Idx B');
    expect(concurrentIndexName('CREATE INDEX idx_c ON t (c)')).toBeUndefined();
  });
});
