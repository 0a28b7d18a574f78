/**
 * Migrations 006 (usefulness_proofs, Web4 POU-lite) and 007 (the agents' usefulness cache), as the
 * spec describes them: the table and its 9 columns, the five work types, JSONB metrics queried
 * through the GIN index, optional attestations, the cascading agent key, the 7 indexes, and the
 * cached score with the composite index that ranks agents for discovery.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectSqlState,
  freshDatabase,
  insertAgent,
  insertProof,
  planWithoutSeqScan,
  SQLSTATE,
} from './support.js';
import { describedTable, WORK_TYPES } from '../src/index.js';
import { MIGRATIONS_DIR } from '../src/workspace-paths.js';

const readMigration = (file: string) => readFile(path.join(MIGRATIONS_DIR, file), 'utf8');

const db = await freshDatabase('migrated');
const empty = await freshDatabase('empty');
let agent: string;
beforeAll(async () => {
  agent = await insertAgent(db.pool);
});

describe('006: usefulness_proofs', () => {
  it('has the 9 columns of the schema description, in order, with their types and nullability', async () => {
    const { rows } = await db.pool.query<{ name: string; type: string; not_null: boolean }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS not_null
         FROM pg_attribute WHERE attrelid = 'usefulness_proofs'::regclass AND attnum > 0
          AND NOT attisdropped ORDER BY attnum`,
    );
    const described = describedTable('usefulness_proofs').columns;
    expect(rows.map((r) => [r.name, r.type, r.not_null])).toEqual(
      described.map((c) => [c.name, c.type, c.notNull]),
    );
    expect(rows).toHaveLength(9);
  });

  it.each(WORK_TYPES)('accepts %s work', async (workType) => {
    const proof = await insertProof(db.pool, agent, { work_type: workType });
    expect(proof.work_type).toBe(workType);
  });

  it.each(['mining', 'Compute', 'storage', ''])('rejects work of type %j', async (workType) => {
    await expectSqlState(
      insertProof(db.pool, agent, { work_type: workType }),
      SQLSTATE.checkViolation,
      'usefulness_proofs_work_type_check',
    );
  });

  it('keeps the score within 0-100', async () => {
    expect((await insertProof(db.pool, agent, { usefulness_score: 0 })).usefulness_score).toBe(
      '0.00',
    );
    expect((await insertProof(db.pool, agent, { usefulness_score: 100 })).usefulness_score).toBe(
      '100.00',
    );
    for (const score of [-0.01, 100.01]) {
      await expectSqlState(
        insertProof(db.pool, agent, { usefulness_score: score }),
        SQLSTATE.checkViolation,
        'usefulness_proofs_usefulness_score_check',
      );
    }
  });

  it('stores metrics as JSONB that containment queries find, through the GIN index', async () => {
    const metricsAgent = await insertAgent(db.pool);
    const gpu = await insertProof(db.pool, metricsAgent, {
      metrics: { gpu: true, tokens: 1200, latency: { p95_ms: 120 } },
    });
    const cpu = await insertProof(db.pool, metricsAgent, {
      metrics: { gpu: false, tokens: 80, latency: { p95_ms: 900 } },
    });
    await insertProof(db.pool, metricsAgent, { work_type: 'routing' });
    const find = async (where: string, value: unknown) => {
      const { rows } = await db.pool.query(
        `SELECT id FROM usefulness_proofs WHERE agent_did = $1 AND ${where}`,
        [metricsAgent, value],
      );
      return rows.map((row) => row.id as string).sort();
    };
    expect(await find('metrics @> $2', { gpu: true })).toEqual([gpu.id]);
    expect(await find('metrics @> $2', { latency: { p95_ms: 900 } })).toEqual([cpu.id]);
    expect(await find('metrics ? $2', 'tokens')).toEqual([gpu.id, cpu.id].sort());
    expect(await find(`(metrics->>'tokens')::int > $2`, 100)).toEqual([gpu.id]);
    const plan = await planWithoutSeqScan(
      db.pool,
      `SELECT id FROM usefulness_proofs WHERE metrics @> '{"gpu": true}'`,
    );
    expect(plan).toContain('Bitmap Index Scan on idx_usefulness_metrics');
  });

  it('makes attestations and trace_id optional, and keeps them when given', async () => {
    const bare = await insertProof(db.pool, agent);
    expect(bare).toMatchObject({ attestations: null, trace_id: null, metrics: {} });
    const attested = await insertProof(db.pool, agent, {
      attestations: ['vc:jwt:eyJhbGciOi', 'vc:ld:proof-2'],
      trace_id: 'trace-0042',
    });
    expect(attested).toMatchObject({
      attestations: ['vc:jwt:eyJhbGciOi', 'vc:ld:proof-2'],
      trace_id: 'trace-0042',
    });
  });

  it('belongs to a registered agent, and goes when the agent is deleted', async () => {
    await expectSqlState(
      insertProof(db.pool, 'did:key:z6MkNeverRegistered'),
      SQLSTATE.foreignKeyViolation,
      'usefulness_proofs_agent_did_fkey',
    );
    const leaving = await insertAgent(db.pool);
    await insertProof(db.pool, leaving);
    await insertProof(db.pool, leaving, { work_type: 'validation' });
    await db.pool.query('DELETE FROM agents WHERE did = $1', [leaving]);
    const { rows } = await db.pool.query(
      'SELECT count(*)::int AS n FROM usefulness_proofs WHERE agent_did = $1',
      [leaving],
    );
    expect(rows[0].n).toBe(0);
  });

  it('has the spec’s 7 named indexes', async () => {
    const { rows } = await db.pool.query(
      `SELECT indexname FROM pg_indexes
        WHERE tablename = 'usefulness_proofs' AND indexname <> 'usefulness_proofs_pkey'
        ORDER BY indexname`,
    );
    expect(rows.map((row) => row.indexname)).toEqual([
      'idx_usefulness_agent',
      'idx_usefulness_agent_score',
      'idx_usefulness_intent',
      'idx_usefulness_metrics',
      'idx_usefulness_score',
      'idx_usefulness_trace',
      'idx_usefulness_work_type',
    ]);
  });

  it('serves an agent’s leaderboard from idx_usefulness_agent_score', async () => {
    // Statistics, as a live table has: without them the planner may take 035's primary key
    // (agent_did, id), which has the same leading column, and sort.
    await db.pool.query('ANALYZE usefulness_proofs');
    const plan = await planWithoutSeqScan(
      db.pool,
      `SELECT id FROM usefulness_proofs WHERE agent_did = 'did:key:x'
        ORDER BY usefulness_score DESC LIMIT 10`,
    );
    expect(plan).toContain('idx_usefulness_agent_score');
  });
});

describe('007: the agents’ usefulness cache', () => {
  it('adds usefulness_score_cached numeric(5,2) NOT NULL DEFAULT 0 and usefulness_last_updated', async () => {
    const { rows } = await db.pool.query(
      `SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
              pg_get_expr(d.adbin, d.adrelid) AS default
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = 'agents'::regclass AND a.attname LIKE 'usefulness%'
        ORDER BY a.attnum`,
    );
    expect(rows).toEqual([
      { attname: 'usefulness_score_cached', type: 'numeric(5,2)', attnotnull: true, default: '0' },
      {
        attname: 'usefulness_last_updated',
        type: 'timestamp with time zone',
        attnotnull: false,
        default: null,
      },
    ]);
    const fresh = await db.pool.query(
      'SELECT usefulness_score_cached, usefulness_last_updated FROM agents WHERE did = $1',
      [agent],
    );
    expect(fresh.rows[0]).toEqual({
      usefulness_score_cached: '0.00',
      usefulness_last_updated: null,
    });
  });

  it('keeps the cached score within 0-100', async () => {
    for (const score of [-0.01, 100.01]) {
      await expectSqlState(
        db.pool.query('UPDATE agents SET usefulness_score_cached = $1 WHERE did = $2', [
          score,
          agent,
        ]),
        SQLSTATE.checkViolation,
        'agents_usefulness_score_cached_check',
      );
    }
  });

  it('caches a 30-day rolling average of the proofs, rounded to two decimals', async () => {
    const ranked = await insertAgent(db.pool);
    for (const score of [60, 70, 70])
      await insertProof(db.pool, ranked, { usefulness_score: score });
    await insertProof(db.pool, ranked, {
      usefulness_score: 0,
      created_at: new Date(Date.now() - 31 * 86_400_000),
    });
    const { rows } = await db.pool.query(
      `UPDATE agents a
          SET usefulness_score_cached = (
                SELECT avg(p.usefulness_score) FROM usefulness_proofs p
                 WHERE p.agent_did = a.did AND p.created_at > now() - interval '30 days'),
              usefulness_last_updated = now()
        WHERE a.did = $1
        RETURNING usefulness_score_cached, usefulness_last_updated`,
      [ranked],
    );
    expect(rows[0].usefulness_score_cached).toBe('66.67');
    expect(rows[0].usefulness_last_updated).toBeInstanceOf(Date);
  });

  it('ranks agents for discovery from the composite idx_agents_usefulness', async () => {
    const { rows } = await db.pool.query(
      `SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_agents_usefulness'`,
    );
    expect(rows.map((row) => row.indexdef)).toEqual([
      'CREATE INDEX idx_agents_usefulness ON public.agents USING btree (usefulness_score_cached DESC, last_seen_at DESC)',
    ]);
    const plan = await planWithoutSeqScan(
      db.pool,
      'SELECT did FROM agents ORDER BY usefulness_score_cached DESC, last_seen_at DESC LIMIT 20',
    );
    expect(plan).toContain('Index Scan using idx_agents_usefulness');
  });
});

describe('the 006 and 007 files', () => {
  it('add exactly their objects on top of 001-004, and can be applied again', async () => {
    for (const file of [
      '001_add_agent_registration_fields.sql',
      '002_add_trust_scores.sql',
      '004_add_negotiation_sessions.sql',
    ]) {
      await empty.pool.query(await readMigration(file));
    }
    const objects = async () => {
      const { rows } = await empty.pool.query(
        `SELECT to_regclass('usefulness_proofs') IS NOT NULL AS proofs,
                to_regclass('idx_agents_usefulness') IS NOT NULL AS ranking,
                EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'agents'::regclass
                         AND attname = 'usefulness_score_cached') AS cache`,
      );
      return rows[0];
    };
    expect(await objects()).toEqual({ proofs: false, ranking: false, cache: false });
    await empty.pool.query(await readMigration('006_add_usefulness_proofs.sql'));
    expect(await objects()).toEqual({ proofs: true, ranking: false, cache: false });
    await empty.pool.query(await readMigration('007_add_usefulness_to_agents.sql'));
    expect(await objects()).toEqual({ proofs: true, ranking: true, cache: true });
    await empty.pool.query(await readMigration('006_add_usefulness_proofs.sql'));
    await empty.pool.query(await readMigration('007_add_usefulness_to_agents.sql'));
    expect(await objects()).toEqual({ proofs: true, ranking: true, cache: true });
  });
});
