import { describe, expect, it } from 'vitest';
import { citusUrl, withClient } from './support.js';

const DID = 'did:key:z6MkCitusEarLy3';

/** The per-agent hot queries: each names the agent's DID, so Citus sends it to one shard. */
const PER_AGENT: ReadonlyArray<[string, string]> = [
  ['an agent by DID', `SELECT * FROM agents WHERE did = '${DID}'`],
  ['the heartbeat', `UPDATE agents SET last_seen_at = now() WHERE did = '${DID}'`],
  ['its trust score', `SELECT * FROM trust_scores WHERE agent_did = '${DID}'`],
  [
    'its recent proofs',
    `SELECT id FROM usefulness_proofs WHERE agent_did = '${DID}' ORDER BY created_at DESC LIMIT 20`,
  ],
  [
    'its leaderboard',
    `SELECT id FROM usefulness_proofs WHERE agent_did = '${DID}' ORDER BY usefulness_score DESC LIMIT 10`,
  ],
  ['its credit account', `SELECT * FROM credit_accounts WHERE agent_did = '${DID}'`],
  [
    'its credit history',
    `SELECT id FROM credit_transactions WHERE agent_did = '${DID}' ORDER BY created_at DESC LIMIT 20`,
  ],
  [
    'an idempotency key',
    `SELECT result FROM credit_idempotency_keys WHERE agent_did = '${DID}' AND idempotency_key = 'early-deposit-3'`,
  ],
  [
    'the negotiations it started',
    `SELECT id FROM negotiations WHERE initiator_did = '${DID}' ORDER BY created_at DESC LIMIT 20`,
  ],
  [
    'agent, account and trust together',
    `SELECT a.did, c.balance, t.score FROM agents a JOIN credit_accounts c ON c.agent_did = a.did JOIN trust_scores t ON t.agent_did = a.did WHERE a.did = '${DID}'`,
  ],
];

/** Multi-shard by design: ranked over every agent, or by the responder (not the distribution column). */
const MULTI_SHARD: ReadonlyArray<[string, string]> = [
  [
    'the discovery ranking',
    'SELECT did FROM agents ORDER BY usefulness_score_cached DESC, last_seen_at DESC LIMIT 10',
  ],
  [
    'the negotiations an agent answered',
    `SELECT id FROM negotiations WHERE responder_did = '${DID}' ORDER BY created_at DESC LIMIT 20`,
  ],
];

async function plan(sql: string, analyze = false): Promise<string> {
  return withClient(citusUrl(), async (client) => {
    await client.query('BEGIN');
    try {
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (${analyze ? 'ANALYZE, ' : ''}COSTS OFF) ${sql}`,
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

describe('citus: query plans', () => {
  it.each(PER_AGENT)('%s is a single-shard (router) query', async (_name, sql) => {
    const text = await plan(sql);
    expect(text).toContain('Custom Scan (Citus Adaptive)');
    expect(text).toMatch(/Task Count: 1\b/);
  });

  it.for(MULTI_SHARD)(
    '%s runs on every shard; its plan and time are reported',
    async ([, sql], { annotate }) => {
      const text = await plan(sql, true);
      const tasks = /Task Count: (\d+)/.exec(text)?.[1];
      expect(Number(tasks)).toBeGreaterThan(1);
      const time = /Execution Time: ([\d.]+) ms/.exec(text)?.[1];
      await annotate(`${tasks} tasks (one per shard), ${time} ms on the coordinator`);
      for (const line of text.split('\n').slice(0, 8)) await annotate(`  ${line}`);
    },
  );
});
