import { CreditOperations } from '@ainp/db';
import pg from 'pg';
import { MigrationImpactError } from './impact-errors.js';

/** Workload connections: several clients, as services would hold. */
export const WORKLOAD_CLIENTS = 4;
/** Upper bounds, whatever happens to the migrations: the workload stops at the first reached. */
export const WORKLOAD_MAX_MS = 120_000;
export const WORKLOAD_MAX_OPERATIONS_PER_CLIENT = 50_000;
/**
 * Each client's pause between operations: a steady stream (some 500 operations a second in all)
 * rather than a flood, so the workload measures the migration instead of competing for the CPU.
 */
export const WORKLOAD_PAUSE_MS = 5;
/** How the workload's sessions show in pg_stat_activity. */
export const WORKLOAD_APPLICATION_NAME = 'ainp-impact-workload';
/** A query blocked this long is given up (and counted as an error), so the workload stays bounded. */
const WORKLOAD_STATEMENT_TIMEOUT_MS = 30_000;
/** Agents the workload picks from. */
const SAMPLE_AGENTS = 200;

/** One workload operation: what it was, when it ran (performance.now() ms) and whether it failed. */
export interface WorkloadSample {
  readonly kind: HotPathKind;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly error?: string;
}

export type HotPathKind =
  | 'discovery ranking'
  | 'agent history'
  | 'negotiation history'
  | 'credit history'
  | 'credit deposit, reserve, spend'
  | 'negotiation update'
  | 'usefulness-proof insert';

export interface Workload {
  /** Every operation finished so far. */
  readonly samples: readonly WorkloadSample[];
  /** False once every client has stopped (a bound was reached, or `stop()`). */
  readonly running: boolean;
  /** Stops every client after its current operation and closes the connections. */
  stop(): Promise<void>;
}

interface HotPathContext {
  readonly client: pg.Client;
  readonly credits: CreditOperations;
  readonly agent: string;
  readonly negotiation: string | undefined;
  readonly key: string;
}

/** The application's hot paths; each client cycles through them, on random agents. */
const HOT_PATHS: ReadonlyArray<[HotPathKind, (context: HotPathContext) => Promise<unknown>]> = [
  [
    'discovery ranking',
    ({ client }) =>
      client.query(`SELECT did, usefulness_score_cached FROM agents
                     WHERE expires_at IS NULL OR expires_at > now()
                     ORDER BY usefulness_score_cached DESC, last_seen_at DESC LIMIT 20`),
  ],
  [
    'agent history',
    ({ client, agent }) =>
      client.query(
        `SELECT id, work_type, usefulness_score FROM usefulness_proofs
          WHERE agent_did = $1 ORDER BY usefulness_score DESC LIMIT 10`,
        [agent],
      ),
  ],
  [
    'negotiation history',
    ({ client, agent }) =>
      client.query(
        `SELECT id, state, created_at FROM negotiations
          WHERE initiator_did = $1 OR responder_did = $1 ORDER BY created_at DESC LIMIT 20`,
        [agent],
      ),
  ],
  [
    'credit history',
    ({ client, agent }) =>
      client.query(
        `SELECT id, tx_type, amount, created_at FROM credit_transactions
          WHERE agent_did = $1 ORDER BY created_at DESC LIMIT 50`,
        [agent],
      ),
  ],
  [
    'credit deposit, reserve, spend',
    async ({ credits, agent, key }) => {
      await credits.deposit({ agentDid: agent, amount: 3_000n, idempotencyKey: `${key}-deposit` });
      await credits.reserve({ agentDid: agent, amount: 2_000n, idempotencyKey: `${key}-reserve` });
      await credits.spend({
        agentDid: agent,
        amount: 1_000n,
        idempotencyKey: `${key}-spend`,
        fromReservation: true,
      });
    },
  ],
  [
    'negotiation update',
    ({ client, negotiation }) =>
      client.query(`UPDATE negotiations SET convergence_score = random() WHERE id = $1`, [
        negotiation,
      ]),
  ],
  [
    'usefulness-proof insert',
    ({ client, agent }) =>
      client.query(
        `INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score)
         VALUES (gen_random_uuid(), $1, 'compute', round((random() * 100)::numeric, 2))`,
        [agent],
      ),
  ],
];

/**
 * Starts the workload on a seeded database: WORKLOAD_CLIENTS connections, each running the hot
 * paths one after another, WORKLOAD_PAUSE_MS apart, until `stop()`, WORKLOAD_MAX_MS or WORKLOAD_MAX_OPERATIONS_PER_CLIENT.
 * Failures are recorded, not thrown: a migration that breaks a hot path shows in the report.
 */
export async function startWorkload(url: string): Promise<Workload> {
  const clients = Array.from(
    { length: WORKLOAD_CLIENTS },
    () =>
      new pg.Client({
        connectionString: url,
        application_name: WORKLOAD_APPLICATION_NAME,
        statement_timeout: WORKLOAD_STATEMENT_TIMEOUT_MS,
      }),
  );
  await Promise.all(clients.map((client) => client.connect()));
  const agents = await clients[0]!.query<{ did: string; negotiation: string | null }>(
    `SELECT a.did, (SELECT n.id FROM negotiations n WHERE n.initiator_did = a.did LIMIT 1) AS negotiation
       FROM agents a ORDER BY a.did LIMIT $1`,
    [SAMPLE_AGENTS],
  );
  if (agents.rows.length === 0) {
    await Promise.all(clients.map((client) => client.end()));
    throw new MigrationImpactError(
      'The workload needs a seeded database, and this one has no agents. Seed it first.',
      'not_seeded',
    );
  }

  const samples: WorkloadSample[] = [];
  const deadline = performance.now() + WORKLOAD_MAX_MS;
  let stopping = false;
  const loops = clients.map(async (client, index) => {
    const credits = new CreditOperations(client);
    for (let n = 0; n < WORKLOAD_MAX_OPERATIONS_PER_CLIENT; n++) {
      if (stopping || performance.now() > deadline) return;
      const [kind, operation] = HOT_PATHS[(n + index) % HOT_PATHS.length]!;
      const row = agents.rows[Math.floor(Math.random() * agents.rows.length)]!;
      const context = {
        client,
        credits,
        agent: row.did,
        negotiation: row.negotiation ?? undefined,
        key: `impact-${process.pid}-${index}-${n}`,
      };
      const startedAt = performance.now();
      let error: string | undefined;
      try {
        await operation(context);
      } catch (failure) {
        error = (failure as Error).message;
      }
      samples.push({ kind, startedAt, endedAt: performance.now(), error });
      await new Promise((resolve) => setTimeout(resolve, WORKLOAD_PAUSE_MS));
    }
  });
  let running = true;
  const finished = Promise.all(loops).finally(() => {
    running = false;
  });
  return {
    samples,
    get running() {
      return running;
    },
    async stop() {
      stopping = true;
      await finished;
      await Promise.all(clients.map((client) => client.end().catch(() => {})));
    },
  };
}
