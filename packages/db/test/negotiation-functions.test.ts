import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseClient } from '../src/connection/database-client.js';
import { freshDatabase, insertAgent, insertNegotiation } from './support.js';

const db = await freshDatabase('migrated');
// The client's transaction helper: one connection, committed at the end.
const client = new DatabaseClient(db.url);
await client.connect();
afterAll(() => client.close());
let alice: string;
let bob: string;

/**
 * An UPDATE of the row whose `key` is $1, returning created_at and whether updated_at moved past
 * its value before the statement. Compared in SQL, to the microsecond: two statements often fall
 * within one millisecond, the precision of a JavaScript Date.
 */
function updateComparing(table: string, key: string, set: string): string {
  return `WITH old AS (SELECT updated_at FROM ${table} WHERE ${key} = $1)
          UPDATE ${table} AS t SET ${set} FROM old WHERE t.${key} = $1
          RETURNING t.created_at, t.updated_at > old.updated_at AS moved`;
}

beforeAll(async () => {
  alice = await insertAgent(db.pool);
  bob = await insertAgent(db.pool);
  await db.pool.query('INSERT INTO credit_accounts (agent_did, balance) VALUES ($1, 1000)', [
    alice,
  ]);
});

describe('the updated_at triggers', () => {
  it.each([
    ['trg_negotiations_update', 'negotiations', 'update_negotiations_timestamp'],
    ['trg_credit_accounts_update', 'credit_accounts', 'update_credit_accounts_timestamp'],
  ])('%s fires before each row update of %s, calling %s()', async (trigger, table, fn) => {
    const { rows } = await db.pool.query(
      `SELECT pg_get_triggerdef(t.oid) AS definition FROM pg_trigger t WHERE t.tgname = $1`,
      [trigger],
    );
    expect(rows.map((row) => row.definition)).toEqual([
      `CREATE TRIGGER ${trigger} BEFORE UPDATE ON public.${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    ]);
  });

  it('moves negotiations.updated_at on an update, and keeps created_at', async () => {
    const inserted = await insertNegotiation(db.pool, alice, bob);
    const { rows } = await db.pool.query(
      updateComparing('negotiations', 'id', "state = 'proposed'"),
      [inserted.id],
    );
    expect(rows[0].moved).toBe(true);
    expect(rows[0].created_at).toEqual(inserted.created_at);
  });

  it('moves negotiations.updated_at on an update in the same transaction as the insert', async () => {
    const moved = await client.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; updated_at: Date; now: Date }>(
        `INSERT INTO negotiations (intent_id, initiator_did, responder_did, expires_at)
         VALUES (gen_random_uuid(), $1, $2, now() + interval '1 hour') RETURNING id, updated_at, now()`,
        [alice, bob],
      );
      const updated = await tx.query<{ moved: boolean }>(
        updateComparing('negotiations', 'id', 'convergence_score = 0.5'),
        [rows[0]!.id],
      );
      // now() is frozen at the start of the transaction; only clock_timestamp() moves.
      expect(rows[0]!.updated_at).toEqual(rows[0]!.now);
      return updated.rows[0]!.moved;
    });
    expect(moved).toBe(true);
  });

  it('overrides an updated_at the update tries to set itself', async () => {
    const inserted = await insertNegotiation(db.pool, alice, bob);
    const { rows } = await db.pool.query(
      updateComparing('negotiations', 'id', "updated_at = '2000-01-01'"),
      [inserted.id],
    );
    expect(rows[0].moved).toBe(true);
  });

  it('moves credit_accounts.updated_at on an update, also in the inserting transaction', async () => {
    const carol = await insertAgent(db.pool);
    const moved = await client.transaction(async (tx) => {
      await tx.query('INSERT INTO credit_accounts (agent_did) VALUES ($1)', [carol]);
      const updated = await tx.query<{ moved: boolean }>(
        updateComparing('credit_accounts', 'agent_did', 'balance = t.balance + 5000'),
        [carol],
      );
      return updated.rows[0]!.moved;
    });
    expect(moved).toBe(true);

    const { rows } = await db.pool.query(
      `UPDATE credit_accounts SET reserved = 100 WHERE agent_did = $1
       RETURNING updated_at > created_at AS moved`,
      [alice],
    );
    expect(rows[0].moved).toBe(true);
  });
});

describe('expire_stale_negotiations()', () => {
  it('is declared to return an integer', async () => {
    const { rows } = await db.pool.query(
      `SELECT pg_get_function_result('expire_stale_negotiations'::regproc) AS returns`,
    );
    expect(rows[0].returns).toBe('integer');
  });

  it('marks exactly the live negotiations past their deadline, returns that count, and leaves the rest alone', async () => {
    await db.pool.query('DELETE FROM negotiations');
    const past = new Date(Date.now() - 60_000);
    const future = new Date(Date.now() + 3_600_000);
    // Created before their deadline passed: a negotiation expires after it was created (021).
    const created_at = new Date(Date.now() - 3_600_000);
    const stale = await Promise.all(
      ['initiated', 'proposed', 'counter_proposed'].map((state) =>
        insertNegotiation(db.pool, alice, bob, { state, created_at, expires_at: past }),
      ),
    );
    const finished = await Promise.all(
      ['accepted', 'rejected', 'expired'].map((state) =>
        insertNegotiation(db.pool, bob, alice, {
          state,
          created_at,
          expires_at: past,
          final_proposal: state === 'accepted' ? { price: 1 } : null,
        }),
      ),
    );
    const live = await Promise.all(
      ['initiated', 'proposed', 'counter_proposed'].map((state) =>
        insertNegotiation(db.pool, alice, bob, { state, expires_at: future }),
      ),
    );

    const first = await db.pool.query('SELECT expire_stale_negotiations() AS marked');
    expect(first.rows[0].marked).toBe(stale.length);

    const { rows } = await db.pool.query<{ id: string; state: string; updated_at: Date }>(
      'SELECT id, state, updated_at FROM negotiations',
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const row of stale) expect(byId.get(row.id as string)?.state).toBe('expired');
    // Untouched rows: same state and the trigger never ran, so updated_at did not move either.
    for (const row of [...finished, ...live]) {
      expect(byId.get(row.id as string)).toEqual({
        id: row.id,
        state: row.state,
        updated_at: row.updated_at,
      });
    }

    const second = await db.pool.query('SELECT expire_stale_negotiations() AS marked');
    expect(second.rows[0].marked).toBe(0);
  });
});
