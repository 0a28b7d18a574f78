import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MigrationFailedError } from '../src/errors.js';
import { DATA_TABLES_IN_FOREIGN_KEY_ORDER } from '../src/index.js';
import { runMigrations } from '../src/migrations/migration-runner.js';
import { startTestServer } from '../src/testing/test-server.js';
import { MIGRATIONS_DIR } from '../src/workspace-paths.js';
import { FORWARD_IDS } from './feature-rows.js';
import {
  freshDatabase,
  insertAgent,
  insertNegotiation,
  insertProof,
  withClient,
} from './support.js';

const tempDirs: string[] = [];
afterAll(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A folder with the forward migrations up to and including `lastId`. */
async function migrationsUpTo(lastId: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ainp-migrations-'));
  tempDirs.push(dir);
  for (const file of await readdir(MIGRATIONS_DIR)) {
    if (Number.parseInt(file, 10) <= lastId)
      await cp(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
  }
  return dir;
}

/** Every row of every AINP table, as text: equal before and after means nothing changed. */
async function allRows(client: pg.Client): Promise<string> {
  const dump: string[] = [];
  for (const table of DATA_TABLES_IN_FOREIGN_KEY_ORDER) {
    const result = await client.query<{ row: string }>(
      `SELECT t::text AS row FROM ${table} t ORDER BY 1`,
    );
    dump.push(`${table}: ${result.rows.map((r) => r.row).join(' | ')}`);
  }
  return dump.join('\n');
}

const appliedIds = async (client: pg.Client) =>
  (await client.query<{ id: number }>('SELECT id FROM migrations ORDER BY id')).rows.map(
    (r) => r.id,
  );

describe('an integrity migration on top of rows that break its rule', () => {
  it('stops with one line (how many, which table, which rule, a query), changes nothing, and goes on once the rows are fixed', async () => {
    const db = await freshDatabase('empty');
    await withClient(db.url, async (client) => {
      await runMigrations(client, { migrationsDir: await migrationsUpTo(14) });
      // One row breaking each rule, in the order the migrations meet them.
      const did = await insertAgent(client);
      const other = await insertAgent(client);
      const proof = await insertProof(client, did);
      await client.query(
        'INSERT INTO credit_accounts (agent_did, balance, earned) VALUES ($1, 20, 20)',
        [did],
      );
      await client.query(
        `INSERT INTO credit_transactions (agent_did, tx_type, amount, usefulness_proof_id)
         SELECT $1, 'earn', 10, $2 FROM generate_series(1, 2)`,
        [did, proof.id],
      );
      const accepted = await insertNegotiation(client, did, other, { state: 'accepted' });
      await client.query(
        "INSERT INTO trust_scores (agent_did, last_updated) VALUES ($1, 'infinity')",
        [did],
      );
      await client.query(
        `INSERT INTO credit_idempotency_keys (idempotency_key, operation, agent_did, request)
         VALUES ('   ', 'deposit', $1, '{}')`,
        [did],
      );
      await insertAgent(client, 'did:key:a b');
      const split = await insertNegotiation(client, did, other, {
        incentive_split: { agent: 0.7, broker: 0.3, validator: 0.3, pool: 0.2 },
      });

      const stops: [string, RegExp, string][] = [
        [
          '016_add_one_payout_per_proof.sql',
          /2 row\(s\) in table credit_transactions break the rule one payout per proof \(idx_credit_transactions_one_earn_per_proof\); nothing was changed\. List them with: SELECT \* FROM credit_transactions WHERE tx_type = 'earn' AND .*;$/,
          `DELETE FROM credit_transactions WHERE ctid = (SELECT max(ctid) FROM credit_transactions)`,
        ],
        [
          '019_add_negotiation_state_machine.sql',
          /1 row\(s\) in table negotiations break the rule negotiations_final_proposal_when_accepted; .* WHERE \(\(state = 'accepted'\) = \(final_proposal IS NOT NULL\)\) IS FALSE;$/,
          `UPDATE negotiations SET final_proposal = '{"price": 1}' WHERE id = '${String(accepted.id)}'`,
        ],
        [
          '021_add_time_rules.sql',
          /1 row\(s\) in table trust_scores break the rule trust_scores_timestamps_finite; .* WHERE \(isfinite\(last_updated\)\) IS FALSE;$/,
          `UPDATE trust_scores SET last_updated = now()`,
        ],
        [
          '023_add_blank_idempotency_key_rules.sql',
          /1 row\(s\) in table credit_idempotency_keys break the rule credit_idempotency_keys_key_not_blank;/,
          `DELETE FROM credit_idempotency_keys WHERE idempotency_key = '   '`,
        ],
        [
          '025_add_identity_rules.sql',
          /1 row\(s\) in table agents break the rule agents_did_syntax; .* List them with: SELECT \* FROM agents WHERE \(length\(did\) <= 2048 AND .*;$/,
          `DELETE FROM agents WHERE did = 'did:key:a b'`,
        ],
        [
          '027_add_json_shape_rules.sql',
          /1 row\(s\) in table negotiations break the rule negotiations_incentive_split_shape;/,
          `UPDATE negotiations SET incentive_split = DEFAULT WHERE id = '${String(split.id)}'`,
        ],
      ];
      for (const [fileName, report, fix] of stops) {
        const before = await allRows(client);
        const error = await runMigrations(client).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error, fileName).toBeInstanceOf(MigrationFailedError);
        const failed = error as MigrationFailedError;
        expect(failed.fileName).toBe(fileName);
        expect(failed.message).not.toContain('\n');
        const reason = failed.message.slice(failed.message.indexOf('Reason: ') + 'Reason: '.length);
        expect(reason, fileName).toMatch(report);
        // The failed migration left nothing behind: same rows, and it is not recorded as applied.
        expect(await allRows(client)).toBe(before);
        expect((await appliedIds(client)).at(-1)).toBeLessThan(Number.parseInt(fileName, 10));
        await client.query(fix);
      }
      await runMigrations(client);
      expect((await appliedIds(client)).at(-1)).toBe(FORWARD_IDS.at(-1));
      const { rows } = await client.query(
        'SELECT conname FROM pg_constraint WHERE NOT convalidated',
      );
      expect(rows).toEqual([]);
    });
  });
});

describe('migrating as a role that is not a superuser', () => {
  it('stops at 018 naming the statement an administrator must run when it may not create roles, and works once it may', async () => {
    const server = await startTestServer();
    try {
      const password = randomUUID();
      const database = `ainp_${randomUUID().slice(0, 8)}`;
      await withClient(server.adminUrl, async (admin) => {
        await admin.query(
          `CREATE ROLE ainp_migrator LOGIN NOSUPERUSER NOCREATEROLE PASSWORD '${password}'`,
        );
        await admin.query(`CREATE DATABASE ${database} OWNER ainp_migrator`);
      });
      const url = new URL(server.adminUrl);
      url.username = 'ainp_migrator';
      url.password = password;
      url.pathname = `/${database}`;
      await withClient(url.toString(), async (client) => {
        const error = (await runMigrations(client).catch(
          (caught: unknown) => caught,
        )) as MigrationFailedError;
        expect(error).toBeInstanceOf(MigrationFailedError);
        expect(error.fileName).toBe('018_add_service_role.sql');
        expect(error.message).toMatch(
          /Reason: Role ainp_app is missing and role ainp_migrator may not create roles; nothing was changed\. An administrator must run: CREATE ROLE ainp_app NOLOGIN; \(or ALTER ROLE ainp_migrator CREATEROLE;\) then migrate again\.$/,
        );
        expect((await appliedIds(client)).at(-1)).toBe(17);
      });
      await withClient(server.adminUrl, (admin) =>
        admin.query('ALTER ROLE ainp_migrator CREATEROLE'),
      );
      await withClient(url.toString(), async (client) => {
        await runMigrations(client);
        expect((await appliedIds(client)).at(-1)).toBe(FORWARD_IDS.at(-1));
        // The migrating role can add a service to the group, as docs/database-rules.md says.
        await client.query(`CREATE ROLE ainp_some_service LOGIN PASSWORD '${password}'`);
        await client.query('GRANT ainp_app TO ainp_some_service');
      });
      url.username = 'ainp_some_service';
      await withClient(url.toString(), async (service) => {
        const did = await insertAgent(service);
        const { rows } = await service.query(
          "SELECT (credit_deposit($1, 5, 'first')).balance::int AS balance",
          [did],
        );
        expect(rows[0].balance).toBe(5);
        await expect(service.query('UPDATE credit_accounts SET balance = 0')).rejects.toMatchObject(
          { code: '42501' },
        );
      });
    } finally {
      await server.stop();
    }
  });
});
