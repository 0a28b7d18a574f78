import type { Queryable } from '@ainp/db';

/** The scale issue 7 asks the refresh to handle "in a few seconds". */
export const DEFAULT_BENCH_AGENTS = 100_000;
export const DEFAULT_BENCH_PROOFS = 1_000_000;
export const DEFAULT_BENCH_RUNS = 3;
/** Proofs are spread over this many days, so about half fall inside the 30-day window. */
export const BENCH_PROOF_SPAN_DAYS = 60;
/** Proofs go to this share of the agents; the rest have none and must end up at 0. */
export const BENCH_AGENTS_WITH_PROOFS = 0.9;
/** The DID prefix of generated agents, so they cannot collide with real ones. */
export const BENCH_DID_PREFIX = 'did:key:zBenchUsefuLness';

/** SQL for the number `n` with its zeros as `o`, so prefix || it is a base58btc did:key value. */
const BASE58_NUMBER = (n: string) => `translate((${n})::text, '0', 'o')`;

export interface UsefulnessBenchData {
  readonly agents: number;
  readonly proofs: number;
  /** Proofs created inside the 30-day window at generation time. */
  readonly proofsInWindow: number;
  readonly generateMs: number;
}

export interface UsefulnessBenchResult extends UsefulnessBenchData {
  /** Wall time of each `refresh_usefulness_cache()` call over all agents (after a VACUUM). */
  readonly allAgentsMs: readonly number[];
  /** Agents the last all-agents call reported updating. */
  readonly agentsUpdated: number;
  /** Wall time of one `refresh_usefulness_cache(did)` call. */
  readonly oneAgentMs: number;
}

/**
 * Fills an empty, migrated database with `agents` agents and `proofs` usefulness proofs, in two
 * set-based INSERT ... SELECT statements (generate_series), then ANALYZEs the tables.
 */
export async function generateUsefulnessData(
  client: Queryable,
  options: { agents: number; proofs: number },
): Promise<UsefulnessBenchData> {
  const started = performance.now();
  await client.query(
    `INSERT INTO agents (did, public_key, created_at, last_seen_at)
     SELECT $2 || ${BASE58_NUMBER('g')}, 'pk-bench-' || g, now() - interval '1 day',
            now() - (g % 1440) * interval '1 minute'
       FROM generate_series(1, $1::int) AS g`,
    [options.agents, BENCH_DID_PREFIX],
  );
  await client.query(
    `INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score, created_at)
     SELECT gen_random_uuid(),
            $2 || ${BASE58_NUMBER('(1 + floor(random() * greatest(1, floor($3::int * $4::float8))))::int')},
            (ARRAY['compute', 'memory', 'routing', 'validation', 'learning'])[1 + g % 5],
            round((random() * 100)::numeric, 2),
            now() - random() * make_interval(days => $5::int)
       FROM generate_series(1, $1::int) AS g`,
    [
      options.proofs,
      BENCH_DID_PREFIX,
      options.agents,
      BENCH_AGENTS_WITH_PROOFS,
      BENCH_PROOF_SPAN_DAYS,
    ],
  );
  await client.query('ANALYZE agents');
  await client.query('ANALYZE usefulness_proofs');
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM usefulness_proofs WHERE created_at >= now() - interval '30 days'`,
  );
  return {
    agents: options.agents,
    proofs: options.proofs,
    proofsInWindow: rows[0]?.n ?? 0,
    generateMs: performance.now() - started,
  };
}

/** Generates the data, then times `runs` all-agents refreshes and one single-agent refresh. */
export async function benchmarkUsefulnessCache(
  client: Queryable,
  options: { agents?: number; proofs?: number; runs?: number } = {},
): Promise<UsefulnessBenchResult> {
  const { refreshUsefulnessCache } = await import('@ainp/db');
  const data = await generateUsefulnessData(client, {
    agents: options.agents ?? DEFAULT_BENCH_AGENTS,
    proofs: options.proofs ?? DEFAULT_BENCH_PROOFS,
  });
  const allAgentsMs: number[] = [];
  let agentsUpdated = 0;
  for (let run = 0; run < (options.runs ?? DEFAULT_BENCH_RUNS); run += 1) {
    // Each refresh rewrites every agents row; autovacuum clears the old versions between periodic
    // refreshes, so each timed run starts from a vacuumed table (not timed).
    await client.query('VACUUM agents');
    const started = performance.now();
    agentsUpdated = await refreshUsefulnessCache(client);
    allAgentsMs.push(performance.now() - started);
  }
  const started = performance.now();
  await refreshUsefulnessCache(client, `${BENCH_DID_PREFIX}1`);
  const oneAgentMs = performance.now() - started;
  return { ...data, allAgentsMs, agentsUpdated, oneAgentMs };
}
