import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { CreditAccountRow } from '../src/generated/database-types.js';
import { CreditOperations } from '../src/credits/credit-operations.js';
import { CreditOperationError } from '../src/errors.js';
import {
  CREDIT_SQLSTATE,
  expectLedgerEquations,
  freshDatabase,
  insertAgent,
  serviceLogin,
} from './support.js';

const CLIENTS = 50;
const OPERATIONS = 2_000;
const FUNDED_ACCOUNTS = 4;
/** Share of the operations that are retries of an earlier one (same key, same arguments). */
const RETRY_SHARE = 0.15;
const SEED = Number(process.env.AINP_CONCURRENCY_SEED ?? Date.now() % 2 ** 31);

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with AINP_CONCURRENCY_SEED. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

type Kind = 'deposit' | 'earn' | 'reserve' | 'release' | 'spend' | 'settle';
interface Operation {
  kind: Kind;
  agentDid: string;
  amount: bigint;
  idempotencyKey: string;
  intentId?: string;
  usefulnessProofId?: string;
}
type Outcome =
  | { op: Operation; ok: CreditAccountRow }
  | { op: Operation; refused: string }
  | { op: Operation; unexpected: unknown };

/**
 * The only refusals this mix may produce: business rules (AC002 only for the unopened account,
 * AC009 for a second earn on a proof).
 */
const EXPECTED_REFUSALS = new Set<string>([
  CREDIT_SQLSTATE.insufficientCredit,
  CREDIT_SQLSTATE.reservationExceeded,
  CREDIT_SQLSTATE.unknownAccount,
  CREDIT_SQLSTATE.proofAlreadyPaid,
]);

function run(credits: CreditOperations, op: Operation): Promise<CreditAccountRow> {
  const { kind, ...request } = op;
  switch (kind) {
    case 'deposit':
      return credits.deposit(request);
    case 'earn':
      return credits.earn(request);
    case 'reserve':
      return credits.reserve(request);
    case 'release':
      return credits.release(request);
    case 'spend':
      return credits.spend(request);
    case 'settle':
      return credits.spend({ ...request, fromReservation: true });
  }
}

/** What one successful operation does to an account: [balance, reserved, earned, spent]. */
function effect(op: Operation): [bigint, bigint, bigint, bigint] {
  const a = op.amount;
  switch (op.kind) {
    case 'deposit':
      return [a, 0n, 0n, 0n];
    case 'earn':
      return [a, 0n, a, 0n];
    case 'reserve':
      return [0n, a, 0n, 0n];
    case 'release':
      return [0n, -a, 0n, 0n];
    case 'spend':
      return [-a, 0n, 0n, a];
    case 'settle':
      return [-a, -a, 0n, a];
  }
}

const db = await freshDatabase('migrated');
const service = await serviceLogin(db);
const clients: pg.Client[] = [];
afterAll(() => Promise.all(clients.map((c) => c.end())));

// As the owner, and as a service would run them: a LOGIN role in ainp_app, which can change the
// ledger only through the credit functions (SECURITY DEFINER).
describe.each([
  { as: 'the owner', url: db.url },
  { as: 'an ainp_app member', url: service.url },
])(
  `${CLIENTS} concurrent clients as $as, ${OPERATIONS} mixed credit operations (seed ${SEED})`,
  ({ url }) => {
    it('keep every account consistent and move each retried key once', async () => {
      await db.pool.query('TRUNCATE agents CASCADE');
      const random = prng(SEED);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const amount = (max: number) => BigInt(1 + Math.floor(random() * max));

      // Four funded accounts, and one agent whose account the concurrent deposits and earns open.
      const funded: string[] = [];
      for (let i = 0; i < FUNDED_ACCOUNTS; i += 1) funded.push(await insertAgent(db.pool));
      const unopened = await insertAgent(db.pool);
      const agents = [...funded, unopened];
      const proofs = new Map<string, string[]>();
      for (const did of agents) {
        const { rows } = await db.pool.query(
          `INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score)
         SELECT gen_random_uuid(), $1, 'compute', 50 FROM generate_series(1, 3) RETURNING id`,
          [did],
        );
        proofs.set(
          did,
          rows.map((row) => row.id as string),
        );
      }
      const intents = new Map(agents.map((did) => [did, [randomUUID(), randomUUID()]]));
      const setup = new CreditOperations(db.pool);
      const initial: Operation[] = funded.map((did) => ({
        kind: 'deposit',
        agentDid: did,
        amount: 5_000n,
        idempotencyKey: `setup-${did}`,
      }));
      for (const op of initial) await run(setup, op);

      const kinds: [Kind, number][] = [
        ['deposit', 0.18],
        ['earn', 0.12],
        ['reserve', 0.25],
        ['release', 0.12],
        ['spend', 0.18],
        ['settle', 0.15],
      ];
      const chooseKind = (): Kind => {
        let r = random();
        for (const [kind, share] of kinds) if ((r -= share) < 0) return kind;
        return 'deposit';
      };
      const ops: Operation[] = [];
      let retries = 0;
      while (ops.length < OPERATIONS) {
        if (ops.length > 10 && random() < RETRY_SHARE) {
          // A retry of an earlier request: sometimes right after it (both in flight at once).
          const original =
            random() < 0.5 ? (ops[ops.length - 1] as Operation) : pick(ops.slice(-200));
          ops.push({ ...original });
          retries += 1;
          continue;
        }
        const kind = chooseKind();
        const agentDid = pick(agents);
        const op: Operation = {
          kind,
          agentDid,
          amount: amount(kind === 'deposit' || kind === 'earn' ? 800 : 600),
          idempotencyKey: `op-${randomUUID()}`,
        };
        if (kind !== 'deposit' && random() < 0.3) op.intentId = pick(intents.get(agentDid) ?? []);
        if (kind === 'earn' && random() < 0.5)
          op.usefulnessProofId = pick(proofs.get(agentDid) ?? []);
        ops.push(op);
      }

      const runners: pg.Client[] = [];
      for (let i = 0; i < CLIENTS; i += 1) {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        clients.push(c);
        runners.push(c);
      }
      const outcomes: Outcome[] = [];
      let next = 0;
      await Promise.all(
        runners.map(async (c) => {
          const credits = new CreditOperations(c);
          while (next < ops.length) {
            const op = ops[next++] as Operation;
            try {
              outcomes.push({ op, ok: await run(credits, op) });
            } catch (error) {
              outcomes.push(
                error instanceof CreditOperationError && EXPECTED_REFUSALS.has(error.sqlState)
                  ? { op, refused: error.sqlState }
                  : { op, unexpected: error },
              );
            }
          }
        }),
      );

      // No deadlock, serialization failure, key conflict or other surprise: only business rules.
      const unexpected = outcomes.filter((o) => 'unexpected' in o);
      expect(
        unexpected.map((o) => `${o.op.kind}: ${String((o as { unexpected: unknown }).unexpected)}`),
        `seed ${SEED}`,
      ).toEqual([]);
      const unknownAccount = outcomes.filter(
        (o) => 'refused' in o && o.refused === CREDIT_SQLSTATE.unknownAccount,
      );
      expect(unknownAccount.every((o) => o.op.agentDid === unopened)).toBe(true);

      // Every account: nothing negative, reserved within balance, the four equations.
      const ledger = await expectLedgerEquations(db.pool);
      expect(ledger).toHaveLength(agents.length);
      for (const row of ledger) {
        expect(BigInt(row.balance) >= 0n && BigInt(row.reserved) >= 0n, row.agent_did).toBe(true);
        expect(BigInt(row.reserved) <= BigInt(row.balance), row.agent_did).toBe(true);
      }

      // Each key that succeeded wrote its ledger rows exactly once, however often it was sent.
      const succeeded = new Map<string, Operation>();
      for (const o of outcomes) if ('ok' in o) succeeded.set(o.op.idempotencyKey, o.op);
      for (const op of initial) succeeded.set(op.idempotencyKey, op);
      const { rows: perKey } = await db.pool.query<{ key: string; types: string[] }>(
        `SELECT idempotency_key AS key, array_agg(tx_type ORDER BY tx_type) AS types
         FROM credit_transactions GROUP BY idempotency_key`,
      );
      expect(perKey.length).toBe(succeeded.size);
      for (const { key, types } of perKey) {
        const op = succeeded.get(key);
        expect(op, `ledger rows for a key that never succeeded: ${key}`).toBeDefined();
        expect(types).toEqual(op?.kind === 'settle' ? ['release', 'spend'] : [op?.kind]);
      }

      // The accounts are exactly the sum of one effect per successful key.
      const model = new Map(agents.map((did) => [did, [0n, 0n, 0n, 0n]]));
      for (const op of succeeded.values()) {
        const totals = model.get(op.agentDid) as bigint[];
        effect(op).forEach((delta, i) => (totals[i] = (totals[i] as bigint) + delta));
      }
      for (const row of ledger) {
        expect(
          [row.balance, row.reserved, row.earned, row.spent],
          `account ${row.agent_did} against the model`,
        ).toEqual((model.get(row.agent_did) as bigint[]).map(String));
      }

      // Retries that both succeeded got the first result back, byte for byte.
      const results = new Map<string, CreditAccountRow[]>();
      for (const o of outcomes) {
        if ('ok' in o)
          results.set(o.op.idempotencyKey, [...(results.get(o.op.idempotencyKey) ?? []), o.ok]);
      }
      const replayed = [...results.values()].filter((list) => list.length > 1);
      for (const list of replayed) for (const result of list) expect(result).toEqual(list[0]);

      // The run exercised what it claims: every kind succeeded, rules refused some, retries replayed.
      const okKinds = new Set(outcomes.filter((o) => 'ok' in o).map((o) => o.op.kind));
      expect([...okKinds].sort()).toEqual([
        'deposit',
        'earn',
        'release',
        'reserve',
        'settle',
        'spend',
      ]);
      expect(outcomes.length).toBe(OPERATIONS);
      expect(retries).toBeGreaterThan(OPERATIONS * RETRY_SHARE * 0.5);
      expect(replayed.length).toBeGreaterThan(0);
      expect(outcomes.some((o) => 'refused' in o)).toBe(true);
      const paidProofs = new Set(
        [...succeeded.values()]
          .filter((op) => op.kind === 'earn')
          .map((op) => op.usefulnessProofId),
      );
      const proofEarns = [...succeeded.values()].filter((op) => op.usefulnessProofId !== undefined);
      expect(proofEarns.length).toBe([...paidProofs].filter((id) => id !== undefined).length);
    });
  },
);
