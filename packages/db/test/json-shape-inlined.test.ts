import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../src/workspace-paths.js';
import { freshDatabase } from './support.js';

/**
 * Migration 041 rewrote 027's PL/pgSQL shape checks as inlinable SQL expressions, promising the
 * same result for every value. This puts 027's bodies back beside them (renamed old_*) and
 * compares both on every combination of shares, keys and metric values below, NULL included.
 */
const db = await freshDatabase('migrated');

/** 027's CREATE FUNCTION statement for `name`, renamed to old_<name>. */
async function bodyFrom027(name: string): Promise<string> {
  const file = await readFile(path.join(MIGRATIONS_DIR, '027_add_json_shape_rules.sql'), 'utf8');
  const match = new RegExp(`CREATE OR REPLACE FUNCTION ${name}\\([\\s\\S]*?\\n\\$\\$;`).exec(file);
  if (match === null) throw new Error(`027 has no function ${name}`);
  return match[0].replace(`FUNCTION ${name}(`, `FUNCTION old_${name}(`);
}

await db.pool.query(await bodyFrom027('negotiation_incentive_split_valid'));
await db.pool.query(await bodyFrom027('usefulness_metrics_valid'));

/** JSON values a share or a metric may be given: numbers in and out of range, and non-numbers. */
const VALUES = ['0', '0.25', '1', '-0.1', '1.5', '2.5e-1', '"0.25"', 'null', 'true', '{}', '[]'];

interface Comparison {
  readonly cases: number;
  readonly differing: number;
  readonly accepted: number;
  readonly refused: number;
  readonly sample: string | null;
}

async function compare(sql: string, values: unknown[]): Promise<Comparison> {
  const { rows } = await db.pool.query<Comparison>(
    `SELECT count(*)::int AS cases,
            count(*) FILTER (WHERE old IS DISTINCT FROM new)::int AS differing,
            count(*) FILTER (WHERE new)::int AS accepted,
            count(*) FILTER (WHERE NOT new)::int AS refused,
            min(input) FILTER (WHERE old IS DISTINCT FROM new) AS sample
       FROM (${sql}) AS c`,
    values,
  );
  return rows[0]!;
}

describe('041: the inlined JSON shape checks give the results of 027', () => {
  it('the incentive split check, on every combination of four shares and of key sets', async () => {
    const result = await compare(
      `WITH v(value) AS (SELECT unnest($1::text[])),
            shares AS (
              SELECT format('{"agent": %s, "broker": %s, "validator": %s, "pool": %s}',
                            a.value, b.value, c.value, d.value)::jsonb AS split
                FROM v a, v b, v c, v d),
            other(split) AS (VALUES (NULL::jsonb), ('{}'), ('[]'), ('0.25'), ('"x"'), ('null'),
              ('{"agent": 0.7, "broker": 0.1, "validator": 0.1}'),
              ('{"agent": 0.7, "broker": 0.1, "validator": 0.1, "pool": 0.1, "extra": 0}'),
              ('{"agent": 0.7, "broker": 0.1, "validator": 0.1, "treasury": 0.1}'),
              ('{"agent": 0.7, "broker": 0.1, "validator": 0.1, "pool": 0.1000000001}'),
              ('{"agent": 0.7, "broker": 0.1, "validator": 0.1, "pool": 0.100000002}'),
              ('{"agent": 1e0, "broker": 0, "validator": 0, "pool": 0}'),
              ('[0.7, 0.1, 0.1, 0.1]'))
       SELECT split::text AS input, old_negotiation_incentive_split_valid(split) AS old,
              negotiation_incentive_split_valid(split) AS new
         FROM (SELECT split FROM shares UNION ALL SELECT split FROM other) AS s`,
      [VALUES],
    );
    expect(result.sample).toBeNull();
    expect(result).toMatchObject({ cases: VALUES.length ** 4 + 13, differing: 0 });
    // Both outcomes occur, so a check that always agreed by answering one way would fail here.
    expect(result.accepted).toBeGreaterThan(10);
    expect(result.refused).toBeGreaterThan(1000);
  });

  it('the metrics check, for every work type, known and unknown metric, and value', async () => {
    const result = await compare(
      `WITH v(value) AS (SELECT unnest($1::text[])),
            work_type(name) AS (VALUES ('compute'), ('memory'), ('routing'), ('validation'),
              ('learning'), ('other'), (NULL)),
            metric(name) AS (VALUES ('cpu_ms'), ('gpu_ms'), ('peak_memory_mb'),
              ('tokens_processed'), ('bytes_stored'), ('retrievals'), ('hit_rate'),
              ('retention_days'), ('messages_routed'), ('avg_latency_ms'), ('delivery_rate'),
              ('avg_hops'), ('items_validated'), ('errors_found'), ('accuracy'),
              ('training_samples'), ('epochs'), ('accuracy_before'), ('accuracy_after'),
              ('duration_ms'), ('label')),
            doc(metrics) AS (
              SELECT format('{"%s": %s, "duration_ms": 5}', m.name, v.value)::jsonb FROM metric m, v
              UNION ALL
              SELECT format('{"%s": %s, "%s": %s}', m1.name, v1.value, m2.name, v2.value)::jsonb
                FROM metric m1, metric m2, v v1, v v2
               WHERE m1.name < m2.name AND v1.value IN ('0', '-0.1', '"0.25"')
                 AND v2.value IN ('1', '-0.1', 'null')
              UNION ALL
              VALUES (NULL::jsonb), ('{}'), ('[]'), ('null'), ('3'),
                (jsonb_build_object('label', repeat('x', 65600))),
                (jsonb_build_object('label', repeat('x', 65000))))
       SELECT w.name || ' ' || d.metrics::text AS input,
              old_usefulness_metrics_valid(w.name, d.metrics) AS old,
              usefulness_metrics_valid(w.name, d.metrics) AS new
         FROM work_type w, doc d`,
      [VALUES],
    );
    expect(result.sample).toBeNull();
    expect(result.differing).toBe(0);
    // 7 work types x (21 metrics x each value, 210 metric pairs x 3 x 3 values, 7 other documents).
    expect(result.cases).toBe(7 * (21 * VALUES.length + 210 * 9 + 7));
    expect(result.accepted).toBeGreaterThan(1000);
    expect(result.refused).toBeGreaterThan(1000);
  });

  it('the checks are SQL expressions now, with no PL/pgSQL call left in them', async () => {
    const { rows } = await db.pool.query<{ proname: string; lanname: string }>(
      `SELECT p.proname, l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
        WHERE p.proname IN ('negotiation_incentive_split_valid', 'usefulness_metrics_valid',
                            'usefulness_metric_valid')
        ORDER BY 1`,
    );
    expect(rows).toEqual([
      { proname: 'negotiation_incentive_split_valid', lanname: 'sql' },
      { proname: 'usefulness_metric_valid', lanname: 'sql' },
      { proname: 'usefulness_metrics_valid', lanname: 'sql' },
    ]);
  });
});
