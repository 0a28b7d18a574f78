import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { agentDid, citusUrl, ledgerEquationViolations, withClient } from './support.js';

const CLIENTS = 50;
const OPERATIONS = 1_000;
const AGENTS = 8;
/** Business-rule refusals this mix may produce: insufficient credit, reservation exceeded. */
const EXPECTED_REFUSALS = new Set(['AC001', 'AC003']);

describe('citus: credit functions under concurrency', () => {
  it(`keep the four ledger equations with ${CLIENTS} clients and ${OPERATIONS} operations (retries included)`, async ({
    annotate,
  }) => {
    const dids = Array.from({ length: AGENTS }, (_, i) => agentDid('Busy', i));
    await withClient(citusUrl(), async (client) => {
      await client.query(`INSERT INTO agents (did, public_key) SELECT unnest($1::text[]), 'key'`, [
        dids,
      ]);
      for (const did of dids) {
        await client.query(`SELECT credit_deposit($1, 100000, $2)`, [did, `busy-seed-${did}`]);
      }
    });
    const pool = new pg.Pool({ connectionString: citusUrl(), max: CLIENTS });
    pool.on('error', () => {});
    const kinds = ['deposit', 'earn', 'reserve', 'release', 'spend', 'settle'] as const;
    const calls: Array<{ sql: string; values: unknown[] }> = [];
    for (let i = 0; i < OPERATIONS; i += 1) {
      const did = dids[i % AGENTS]!;
      const kind = kinds[i % kinds.length]!;
      const amount = 1 + ((i * 7919) % 500);
      const key = `busy-${i}-${randomUUID()}`;
      const sql = {
        deposit: 'SELECT credit_deposit($1, $2, $3)',
        earn: 'SELECT credit_earn($1, $2, $3)',
        reserve: 'SELECT credit_reserve($1, $2, $3)',
        release: 'SELECT credit_release($1, $2, $3)',
        spend: 'SELECT credit_spend($1, $2, $3)',
        settle: 'SELECT credit_spend($1, $2, $3, true)',
      }[kind];
      calls.push({ sql, values: [did, amount, key] });
      if (i % 7 === 0) calls.push({ sql, values: [did, amount, key] }); // a retry, same key
    }
    const refusals = new Map<string, number>();
    const unexpected: string[] = [];
    const succeeded = new Set<string>();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < calls.length) {
          const call = calls[next++]!;
          await pool
            .query(call.sql, call.values)
            .then(() => succeeded.add(call.values[2] as string))
            .catch((error: { code?: string; message: string }) => {
              if (error.code && EXPECTED_REFUSALS.has(error.code)) {
                refusals.set(error.code, (refusals.get(error.code) ?? 0) + 1);
              } else unexpected.push(`${error.code}: ${error.message}`);
            });
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await pool.end();
    expect(unexpected).toEqual([]);
    await withClient(citusUrl(), async (client) => {
      expect(await ledgerEquationViolations(client)).toEqual({
        balance: 0,
        reserved: 0,
        earned: 0,
        spent: 0,
      });
      const keys = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM credit_idempotency_keys WHERE idempotency_key LIKE 'busy-%' AND idempotency_key NOT LIKE 'busy-seed-%'`,
      );
      // One key per operation that went through, however often it was sent.
      expect(keys.rows[0]?.n).toBe(succeeded.size);
    });
    await annotate(
      `${calls.length} calls in ${seconds.toFixed(1)} s (${Math.round(calls.length / seconds)}/s); refused by rule: ${JSON.stringify(Object.fromEntries(refusals))}`,
    );
  });
});
