import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseClient } from '../src/connection/database-client.js';
import { InvalidCursorError, QueryInputError } from '../src/errors.js';
import {
  creditHistory,
  discoverAgents,
  negotiationHistory,
  negotiationsDueToExpire,
  usefulnessLeaderboard,
  type Page,
} from '../src/queries/index.js';
import { freshDatabase, insertAgent, insertNegotiation, insertProof, testDid } from './support.js';

async function connected(): Promise<{
  db: DatabaseClient;
  pool: Awaited<ReturnType<typeof freshDatabase>>['pool'];
}> {
  const database = await freshDatabase('migrated');
  const db = new DatabaseClient(database.url);
  await db.connect();
  afterAll(() => db.close());
  return { db, pool: database.pool };
}

/** Every page of a keyset query, followed to the end. */
async function allPages<R>(next: (cursor: string | null) => Promise<Page<R>>): Promise<R[][]> {
  const pages: R[][] = [];
  let cursor: string | null = null;
  do {
    const page: Page<R> = await next(cursor);
    pages.push(page.rows);
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < 100);
  return pages;
}

/** Five timestamps inside one millisecond, two of them equal: only µs and id tell them apart. */
const SAME_MILLISECOND = [
  '2026-03-01 10:00:00.000100+00',
  '2026-03-01 10:00:00.000300+00',
  '2026-03-01 10:00:00.000300+00',
  '2026-03-01 10:00:00.000200+00',
  '2026-03-01 10:00:00.000900+00',
];

describe('negotiationHistory', async () => {
  const { db, pool } = await connected();
  const agent = await insertAgent(pool);
  const other = await insertAgent(pool);
  const stranger = await insertAgent(pool);
  for (const [i, createdAt] of [...SAME_MILLISECOND, ...SAME_MILLISECOND].entries()) {
    const [initiator, responder] = i % 2 === 0 ? [agent, other] : [other, agent];
    await insertNegotiation(pool, initiator, responder, { created_at: createdAt });
  }
  await insertNegotiation(pool, other, stranger);

  it('pages through both roles newest first, each row once, in (created_at, id) order', async () => {
    const { rows: expected } = await pool.query<{ id: string }>(
      `SELECT id FROM negotiations WHERE $1 IN (initiator_did, responder_did)
        ORDER BY created_at DESC, id DESC`,
      [agent],
    );
    const pages = await allPages((cursor) =>
      negotiationHistory(db, { agentDid: agent, limit: 3, cursor }),
    );
    expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 1]);
    expect(pages.flat().map((row) => row.id)).toEqual(expected.map((row) => row.id));
    const first = pages[0]![0]!;
    expect(first.created_at).toBeInstanceOf(Date);
    expect(typeof first.convergence_score).toBe('number');
    expect(Array.isArray(first.rounds)).toBe(true);
    expect(Object.keys(first)).not.toContain('page_position_us');
  });

  it('returns no cursor when the last page is full', async () => {
    const page = await negotiationHistory(db, { agentDid: agent, limit: 10 });
    expect(page.rows).toHaveLength(10);
    expect(page.nextCursor).toBe(null);
  });

  it('refuses a cursor it did not hand out, or one of another query', async () => {
    const page = await negotiationHistory(db, { agentDid: agent, limit: 1 });
    const cursor = page.nextCursor!;
    const decoded = Buffer.from(cursor, 'base64url').toString();
    const bad = [
      'not a cursor!',
      cursor.slice(0, -3),
      Buffer.from(decoded.replace('negotiation-history', 'credit-history')).toString('base64url'),
      Buffer.from(decoded.replace(/"\d+"/, '"1; DROP TABLE agents"')).toString('base64url'),
    ];
    for (const cursorValue of bad) {
      const error = await negotiationHistory(db, { agentDid: agent, cursor: cursorValue }).catch(
        (e: unknown) => e,
      );
      expect(error, cursorValue).toBeInstanceOf(InvalidCursorError);
      expect((error as InvalidCursorError).code).toBe('AINP_INVALID_CURSOR');
      expect((error as InvalidCursorError).parameter).toBe('cursor');
    }
    const otherQuery = await creditHistory(db, { agentDid: agent, cursor }).catch(
      (e: unknown) => e,
    );
    expect(otherQuery).toBeInstanceOf(InvalidCursorError);
  });

  it.each([0, 101, 1.5, Number.NaN])('refuses limit %s with a QueryInputError', async (limit) => {
    const error = await negotiationHistory(db, { agentDid: agent, limit }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryInputError);
    expect((error as QueryInputError).code).toBe('AINP_QUERY_INPUT');
    expect((error as QueryInputError).parameter).toBe('limit');
    expect((error as Error).message).toContain('from 1 to 100');
  });

  it('refuses an agent that is not a DID', async () => {
    const error = await negotiationHistory(db, { agentDid: "x' OR true --" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QueryInputError);
    expect((error as QueryInputError).parameter).toBe('agentDid');
  });
});

describe('creditHistory', async () => {
  const { db, pool } = await connected();
  const agent = await insertAgent(pool);
  await pool.query('INSERT INTO credit_accounts (agent_did, balance) VALUES ($1, 1000000)', [
    agent,
  ]);
  for (const [i, createdAt] of SAME_MILLISECOND.entries()) {
    await pool.query(
      `INSERT INTO credit_transactions (agent_did, tx_type, amount, created_at, metadata)
       VALUES ($1, 'deposit', $2, $3, $4)`,
      [agent, 1000 + i, createdAt, { description: `deposit ${i}` }],
    );
  }

  it('pages newest first with bigint amounts, each entry once', async () => {
    const { rows: expected } = await pool.query<{ id: string }>(
      'SELECT id FROM credit_transactions WHERE agent_did = $1 ORDER BY created_at DESC, id DESC',
      [agent],
    );
    const pages = await allPages((cursor) =>
      creditHistory(db, { agentDid: agent, limit: 2, cursor }),
    );
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    const rows = pages.flat();
    expect(rows.map((row) => row.id)).toEqual(expected.map((row) => row.id));
    expect(typeof rows[0]!.amount).toBe('bigint');
    expect(rows[0]!.metadata.description).toMatch(/^deposit \d$/);
  });

  it('refuses a limit above 200', async () => {
    await expect(creditHistory(db, { agentDid: agent, limit: 201 })).rejects.toThrow(
      QueryInputError,
    );
  });
});

describe('discoverAgents', async () => {
  const { db, pool } = await connected();
  const tag = `tag-${randomUUID()}`;
  const agent = async (
    score: number,
    trust: number | null,
    fields: Record<string, unknown> = {},
  ) => {
    const did = testDid();
    await pool.query(
      // Registered two hours ago, so an expiry or a last sighting in the past is after it.
      `INSERT INTO agents (did, public_key, capabilities, usefulness_score_cached, expires_at, last_seen_at, created_at)
       VALUES ($1, 'pk', $2, $3, $4, coalesce($5, now()), now() - interval '2 hours')`,
      [
        did,
        fields.capabilities ?? [tag, 'compute'],
        score,
        fields.expires_at ?? null,
        fields.last_seen_at ?? null,
      ],
    );
    if (trust !== null) {
      await pool.query('INSERT INTO trust_scores (agent_did, score) VALUES ($1, $2)', [did, trust]);
    }
    return did;
  };
  const best = await agent(90, 0.2);
  const trusted = await agent(50, 0.9);
  const untrusted = await agent(50, 0.1);
  const unrated = await agent(50, null);
  await agent(99, 0.9, { expires_at: new Date(Date.now() - 60_000) });
  await agent(99, 0.9, { capabilities: [tag] });
  const stale = await agent(10, 0.5, { last_seen_at: new Date(Date.now() - 3_600_000) });

  it('finds live agents with every tag, by usefulness then trust (unrated last)', async () => {
    const found = await discoverAgents(db, { capabilities: [tag, 'compute'] });
    expect(found.map((row) => row.did)).toEqual([best, trusted, untrusted, unrated, stale]);
    expect(found[0]!.trust_score).toBe(0.2);
    expect(found[3]!.trust_score).toBe(null);
    expect(typeof found[0]!.usefulness_score_cached).toBe('number');
  });

  it('keeps only agents seen recently when asked, and bounds the limit', async () => {
    const found = await discoverAgents(db, {
      capabilities: [tag, 'compute'],
      seenWithinMs: 600_000,
      limit: 2,
    });
    expect(found.map((row) => row.did)).toEqual([best, trusted]);
    await expect(discoverAgents(db, { limit: 1000 })).rejects.toThrow(QueryInputError);
    await expect(discoverAgents(db, { capabilities: [''] })).rejects.toThrow(QueryInputError);
    await expect(discoverAgents(db, { seenWithinMs: -1 })).rejects.toThrow(QueryInputError);
  });
});

describe('usefulnessLeaderboard and negotiationsDueToExpire', async () => {
  const { db, pool } = await connected();
  const agent = await insertAgent(pool);
  const other = await insertAgent(pool);
  for (const score of [10, 70, 40]) await insertProof(pool, agent, { usefulness_score: score });
  await insertProof(pool, other, { usefulness_score: 99 });
  const hourAgo = new Date(Date.now() - 3_600_000);
  // Opened a day ago, so a deadline an hour ago comes after it (negotiations_expires_after_created).
  const opened = new Date(Date.now() - 86_400_000);
  const overdue = await insertNegotiation(pool, agent, other, {
    expires_at: hourAgo,
    created_at: opened,
  });
  const overdueLonger = await insertNegotiation(pool, other, agent, {
    expires_at: new Date(hourAgo.getTime() - 60_000),
    created_at: opened,
  });
  await insertNegotiation(pool, agent, other, {
    expires_at: hourAgo,
    created_at: opened,
    state: 'accepted',
    final_proposal: { price: 1 },
  });
  await insertNegotiation(pool, agent, other);

  it("lists an agent's best proofs first", async () => {
    const rows = await usefulnessLeaderboard(db, { agentDid: agent, limit: 2 });
    expect(rows.map((row) => row.usefulness_score)).toEqual([70, 40]);
    expect(rows.every((row) => row.agent_did === agent)).toBe(true);
  });

  it('lists live negotiations past their deadline, the longest overdue first', async () => {
    const rows = await negotiationsDueToExpire(db);
    expect(rows.map((row) => row.id)).toEqual([overdueLonger.id, overdue.id]);
    const before = await negotiationsDueToExpire(db, { before: new Date(hourAgo.getTime() - 1) });
    expect(before.map((row) => row.id)).toEqual([overdueLonger.id]);
    await expect(negotiationsDueToExpire(db, { before: new Date('nope') })).rejects.toThrow(
      QueryInputError,
    );
  });
});
