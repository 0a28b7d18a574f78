import { runMigrations } from '@ainp/db';
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
});
