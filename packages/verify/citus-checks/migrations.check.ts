import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS_DIR, runMigrations } from '@ainp/db';
import { describe, expect, inject, it } from 'vitest';
import {
  citusUrl,
  FIRST_CITUS_MIGRATION,
  ledgerEquationViolations,
  withClient,
} from './support.js';

describe('citus: migrations', () => {
  it.runIf(inject('cluster') !== null)(
    'build plain tables up to 029, and 030 on distribute them with their rows kept',
    async ({ annotate }) => {
      const before = inject('appliedBeforeRows');
      const after = inject('appliedAfterRows');
      expect(before.length).toBeGreaterThan(0);
      expect(before.every((file) => Number(file.slice(0, 3)) < FIRST_CITUS_MIGRATION)).toBe(true);
      expect(after.every((file) => Number(file.slice(0, 3)) >= FIRST_CITUS_MIGRATION)).toBe(true);
      await withClient(citusUrl(), async (client) => {
        expect(inject('rowsAfterDistribution')).toEqual(inject('rowsBeforeDistribution'));
        expect(await ledgerEquationViolations(client)).toEqual({
          balance: 0,
          reserved: 0,
          earned: 0,
          spent: 0,
        });
      });
      await annotate(
        `${before.length} files on plain tables, rows written (${Object.values(inject('rowsBeforeDistribution')).reduce((a, b) => a + b, 0)}), then ${after.length} files: ${after[0]} … ${after.at(-1)}`,
      );
    },
  );

  it('a re-run applies nothing', async () => {
    expect(await withClient(citusUrl(), (client) => runMigrations(client))).toEqual([]);
  });

  it('a later migration reaches every shard as ordinary DDL (a column and an index added, then dropped)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ainp-citus-later-'));
    const onShards = (
      client: { query: (sql: string) => Promise<{ rows: { result: string }[] }> },
      sql: string,
    ) =>
      client
        .query(`SELECT result FROM run_command_on_shards('credit_transactions', $cmd$${sql}$cmd$)`)
        .then(({ rows }) => [...new Set(rows.map((row) => row.result))]);
    try {
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      // One statement a file: the engine sends a file with several through a prepared statement here.
      await writeFile(
        path.join(dir, '900_probe_later_column.sql'),
        'ALTER TABLE credit_transactions ADD COLUMN probe_note text;\n',
      );
      await writeFile(
        path.join(dir, '901_probe_later_index.sql'),
        'CREATE INDEX idx_credit_transactions_probe ON credit_transactions (agent_did, probe_note);\n',
      );
      await withClient(citusUrl(), async (client) => {
        expect((await runMigrations(client, { migrationsDir: dir })).map((m) => m.id)).toEqual([
          900, 901,
        ]);
        expect(
          await onShards(
            client,
            `SELECT count(*) FROM pg_attribute WHERE attrelid = '%s'::regclass AND attname = 'probe_note'`,
          ),
        ).toEqual(['1']);
        expect(
          await onShards(
            client,
            `SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = '%s'::regclass AND starts_with(c.relname, 'idx_credit_transactions_probe')`,
          ),
        ).toEqual(['1']);
        await client.query('DROP INDEX idx_credit_transactions_probe');
        await client.query('ALTER TABLE credit_transactions DROP COLUMN probe_note');
        await client.query('DELETE FROM migrations WHERE id IN (900, 901)');
        expect(
          await onShards(
            client,
            `SELECT count(*) FROM pg_attribute WHERE attrelid = '%s'::regclass AND attname = 'probe_note' AND NOT attisdropped`,
          ),
        ).toEqual(['0']);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
