import type { Queryable } from '@ainp/db';
import { SEED_TABLE_NAMES, SEED_TABLES, type SeedTableName } from './seed-tables.js';

/**
 * md5 of each seeded table's full text (every column of every row, in primary-key order): equal
 * checksums mean byte-identical data, ids and dates included.
 */
export async function tableChecksums(q: Queryable): Promise<Record<SeedTableName, string>> {
  const sums = {} as Record<SeedTableName, string>;
  for (const name of SEED_TABLE_NAMES) {
    const { rows } = await q.query<{ sum: string; n: string }>(
      `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY ${SEED_TABLES[name].key.map((column) => `t.${column}`).join(', ')}), '')) AS sum,
              count(*) AS n
         FROM ${name} AS t`,
    );
    sums[name] = `${rows[0]!.n}:${rows[0]!.sum}`;
  }
  return sums;
}
