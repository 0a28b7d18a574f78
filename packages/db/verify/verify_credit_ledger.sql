-- Verifies 009_add_credit_ledger.sql with 17 tests: both tables' columns, their 5 indexes (and
-- 017's one-earn-per-proof index), the ledger constraints (negative balance, reserved above balance, unknown tx_type, non-positive amount, missing
-- agent or account: each must be rejected with the expected SQLSTATE and constraint), the trigger and
-- the foreign-key actions. Everything is rolled back; no data is left.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/verify/verify_credit_ledger.sql

BEGIN;
-- Hides the server's own notices; the test lines are INFO, which always reaches the client.
SET LOCAL client_min_messages = warning;

-- Test helpers: the same text in every verify script (test/verify-scripts.test.ts checks it).
CREATE TEMP TABLE verify_results (test serial, passed boolean NOT NULL) ON COMMIT DROP;

-- report(what, ok, why): records one test and prints `✅ PASS: what` or `❌ FAIL: what — why`.
CREATE FUNCTION pg_temp.report(what text, ok boolean, why text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO verify_results (passed) VALUES (coalesce(ok, false));
  IF coalesce(ok, false) THEN
    RAISE INFO '✅ PASS: %', what;
  ELSE
    RAISE INFO '❌ FAIL: %', what || coalesce(' — ' || why, '');
  END IF;
END
$$;

-- Passes when `query` returns `expected`. No row, NULL or an error (a missing table) fails it.
CREATE FUNCTION pg_temp.expect_value(what text, query text, expected text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  actual text;
BEGIN
  EXECUTE query INTO actual;
  PERFORM pg_temp.report(what, actual IS NOT DISTINCT FROM expected,
    CASE WHEN actual IS NULL THEN 'not found' ELSE format('found: %s', actual) END);
EXCEPTION WHEN OTHERS THEN
  PERFORM pg_temp.report(what, false, format('%s (SQLSTATE %s)', SQLERRM, SQLSTATE));
END
$$;

-- Passes only when the server rejects `statement` with `expected_state` (and `expected_constraint`).
-- A statement the server accepts fails the test and is undone.
CREATE FUNCTION pg_temp.expect_rejection(
  what text, statement text, expected_state text, expected_constraint text DEFAULT NULL
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  accepted boolean := false;
  got_constraint text;
BEGIN
  EXECUTE statement;
  accepted := true;
  RAISE EXCEPTION 'undo the accepted statement';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS got_constraint = CONSTRAINT_NAME;
  IF accepted THEN
    PERFORM pg_temp.report(what, false, 'the server accepted it');
  ELSE
    -- On Citus an error raised on a shard carries no constraint name; its message names it, or
    -- the shard's copy (credit_accounts_agent_did_fkey_102040), which is accepted and said.
    IF SQLSTATE = expected_state AND got_constraint = '' AND expected_constraint IS NOT NULL
       AND SQLERRM ~ ('"' || expected_constraint || '(_[0-9]+)?"') THEN
      what := what || ' [on Citus: matched the shard''s constraint name]';
      got_constraint := expected_constraint;
    END IF;
    -- A trigger's RAISE ... CONSTRAINT (the state machine, the append-only ledger) names no
    -- constraint in its message: on Citus, raised on a shard, only the SQLSTATE comes back.
    IF SQLSTATE = expected_state AND got_constraint = '' AND expected_constraint IS NOT NULL
       AND EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
      what := what || ' [on Citus: a shard''s trigger error has no constraint name; matched the SQLSTATE]';
      got_constraint := expected_constraint;
    END IF;
    PERFORM pg_temp.report(what,
      SQLSTATE = expected_state AND (expected_constraint IS NULL OR got_constraint = expected_constraint),
      format('expected SQLSTATE %s%s, got %s%s: %s', expected_state,
             coalesce(' on ' || expected_constraint, ''), SQLSTATE,
             coalesce(' on ' || nullif(got_constraint, ''), ''), SQLERRM));
  END IF;
END
$$;

-- Passes when each listed index exists with exactly this definition ("table USING method (...)").
CREATE FUNCTION pg_temp.expect_indexes(what text, expected text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  pair   text[];
  actual text;
  wrong  text[] := '{}';
BEGIN
  FOREACH pair SLICE 1 IN ARRAY expected LOOP
    actual := regexp_replace(pg_get_indexdef(to_regclass(pair[1])), '^CREATE (UNIQUE )?INDEX \S+ ON (\S+\.)?', '');
    IF actual IS NULL THEN
      wrong := wrong || format('%s is missing', pair[1]);
    ELSIF actual <> pair[2] THEN
      wrong := wrong || format('%s is "%s"', pair[1], actual);
    END IF;
  END LOOP;
  PERFORM pg_temp.report(what, cardinality(wrong) = 0, array_to_string(wrong, '; '));
END
$$;

-- One table's columns as `name type [not null] [default expr]`, in column order.
CREATE FUNCTION pg_temp.columns_of(table_name text, only_columns text[] DEFAULT NULL) RETURNS text
LANGUAGE sql AS $$
  SELECT string_agg(format('%s %s%s%s', a.attname, format_type(a.atttypid, a.atttypmod),
                           CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
                           coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')),
                    ', ' ORDER BY a.attnum)
    FROM pg_attribute a
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE a.attrelid = to_regclass(table_name) AND a.attnum > 0 AND NOT a.attisdropped
     AND (only_columns IS NULL OR a.attname = ANY (only_columns))
$$;
-- End of test helpers.

-- An agent with a credit account, one without, and one that is deleted by the cascade test.
INSERT INTO agents (did, public_key) VALUES
  ('did:key:z6MkVerifyCreditHoLder', 'verify'),
  ('did:key:z6MkVerifyCreditNoAccount', 'verify'),
  ('did:key:z6MkVerifyCreditLeaver', 'verify')
ON CONFLICT (did) DO NOTHING;
DO $setup$
BEGIN
  INSERT INTO credit_accounts (agent_did, balance)
    VALUES ('did:key:z6MkVerifyCreditHoLder', 1000000), ('did:key:z6MkVerifyCreditLeaver', 1000)
    ON CONFLICT (agent_did) DO NOTHING;
EXCEPTION WHEN undefined_table THEN
  NULL; -- the tests below report the missing table
END
$setup$;

DO $tests$
BEGIN
  PERFORM pg_temp.expect_value('credit_accounts has its 7 columns, amounts as bigint',
    $q$SELECT pg_temp.columns_of('credit_accounts')$q$,
    'agent_did text not null, balance bigint not null default 0, reserved bigint not null default 0, '
    'earned bigint not null default 0, spent bigint not null default 0, '
    'created_at timestamp with time zone not null default now(), '
    'updated_at timestamp with time zone not null default now()');
  -- 009's columns only: 012 adds idempotency_key, which verify_credit_operations.sql checks.
  PERFORM pg_temp.expect_value('credit_transactions has its 8 columns, amounts as bigint',
    $q$SELECT pg_temp.columns_of('credit_transactions', ARRAY['id', 'agent_did', 'tx_type', 'amount',
         'intent_id', 'usefulness_proof_id', 'metadata', 'created_at'])$q$,
    'id uuid not null default gen_random_uuid(), agent_did text not null, tx_type text not null, '
    'amount bigint not null, intent_id uuid, usefulness_proof_id uuid, '
    'metadata jsonb not null default ''{}''::jsonb, created_at timestamp with time zone not null default now()');

  PERFORM pg_temp.expect_indexes('idx_credit_accounts_balance ranks accounts by balance',
    ARRAY[['idx_credit_accounts_balance', 'credit_accounts USING btree (balance DESC)']]);
  PERFORM pg_temp.expect_indexes('idx_credit_transactions_agent lists an agent''s transactions, newest first',
    ARRAY[['idx_credit_transactions_agent', 'credit_transactions USING btree (agent_did, created_at DESC)']]);
  PERFORM pg_temp.expect_indexes('idx_credit_transactions_intent finds the transactions of an intent',
    ARRAY[['idx_credit_transactions_intent', 'credit_transactions USING btree (intent_id) WHERE (intent_id IS NOT NULL)']]);
  -- 017 adds the unique index that lets a proof be paid by one earn at most; 037 rebuilds it with
  -- the agent (the distribution column), 038 drops 017's.
  PERFORM pg_temp.expect_indexes('idx_credit_transactions_proof finds the transactions paid for a proof, and idx_credit_transactions_one_earn_per_agent_proof pays it once',
    ARRAY[['idx_credit_transactions_proof', 'credit_transactions USING btree (usefulness_proof_id) WHERE (usefulness_proof_id IS NOT NULL)'],
          ['idx_credit_transactions_one_earn_per_agent_proof', 'credit_transactions USING btree (agent_did, usefulness_proof_id) WHERE ((tx_type = ''earn''::text) AND (usefulness_proof_id IS NOT NULL))']]);
  PERFORM pg_temp.expect_indexes('idx_credit_transactions_type lists transactions by type, newest first',
    ARRAY[['idx_credit_transactions_type', 'credit_transactions USING btree (tx_type, created_at DESC)']]);

  PERFORM pg_temp.expect_rejection('a negative balance is rejected (credit_accounts_balance_check)',
    $q$UPDATE credit_accounts SET balance = -1 WHERE agent_did = 'did:key:z6MkVerifyCreditHoLder'$q$,
    '23514', 'credit_accounts_balance_check');
  PERFORM pg_temp.expect_rejection('reserving more than the balance is rejected (credit_accounts_reserved_within_balance)',
    $q$UPDATE credit_accounts SET reserved = balance + 1 WHERE agent_did = 'did:key:z6MkVerifyCreditHoLder'$q$,
    '23514', 'credit_accounts_reserved_within_balance');
  PERFORM pg_temp.expect_rejection('an account for an unregistered agent is rejected (credit_accounts_agent_did_fkey)',
    $q$INSERT INTO credit_accounts (agent_did) VALUES ('did:key:z6MkVerifyNobodyRegisteredThis')$q$,
    '23503', 'credit_accounts_agent_did_fkey');
  PERFORM pg_temp.expect_rejection('an unknown tx_type is rejected (credit_transactions_tx_type_check)',
    $q$INSERT INTO credit_transactions (agent_did, tx_type, amount)
       VALUES ('did:key:z6MkVerifyCreditHoLder', 'gift', 1000)$q$,
    '23514', 'credit_transactions_tx_type_check');
  PERFORM pg_temp.expect_rejection('a zero amount is rejected (credit_transactions_amount_check)',
    $q$INSERT INTO credit_transactions (agent_did, tx_type, amount)
       VALUES ('did:key:z6MkVerifyCreditHoLder', 'deposit', 0)$q$,
    '23514', 'credit_transactions_amount_check');
  PERFORM pg_temp.expect_rejection('a negative amount is rejected (credit_transactions_amount_check)',
    $q$INSERT INTO credit_transactions (agent_did, tx_type, amount)
       VALUES ('did:key:z6MkVerifyCreditHoLder', 'spend', -1000)$q$,
    '23514', 'credit_transactions_amount_check');
  PERFORM pg_temp.expect_rejection('a transaction for an agent without an account is rejected (credit_transactions_agent_did_fkey)',
    $q$INSERT INTO credit_transactions (agent_did, tx_type, amount)
       VALUES ('did:key:z6MkVerifyCreditNoAccount', 'deposit', 1000)$q$,
    '23503', 'credit_transactions_agent_did_fkey');
END
$tests$;

DO $test$
DECLARE
  what constant text := 'trg_credit_accounts_update moves updated_at on every update';
  before timestamptz;
  after  timestamptz;
BEGIN
  SELECT updated_at INTO STRICT before FROM credit_accounts
   WHERE agent_did = 'did:key:z6MkVerifyCreditHoLder';
  UPDATE credit_accounts SET balance = balance + 1000 WHERE agent_did = 'did:key:z6MkVerifyCreditHoLder'
    RETURNING updated_at INTO after;
  PERFORM pg_temp.report(what, after > before, format('updated_at went from %s to %s', before, after));
EXCEPTION WHEN OTHERS THEN
  PERFORM pg_temp.report(what, false, format('%s (SQLSTATE %s)', SQLERRM, SQLSTATE));
END
$test$;

DO $test$
DECLARE
  proof uuid;
BEGIN
  INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score)
    VALUES (gen_random_uuid(), 'did:key:z6MkVerifyCreditHoLder', 'compute', 80)
    RETURNING id INTO proof;
  INSERT INTO credit_transactions (agent_did, tx_type, amount, usefulness_proof_id)
    VALUES ('did:key:z6MkVerifyCreditHoLder', 'earn', 5000, proof);
  -- The FK is checked at COMMIT; this script never commits, so it asks for the check now. On
  -- Citus SET CONSTRAINTS does not reach the shards: pnpm verify --citus checks it at a COMMIT.
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RAISE INFO '[on Citus: not run here] a usefulness proof an earning cites cannot be deleted: checked at COMMIT by pnpm verify --citus';
    RETURN;
  END IF;
  SET CONSTRAINTS credit_transactions_usefulness_proof_id_fkey IMMEDIATE;
  PERFORM pg_temp.expect_rejection(
    'a usefulness proof an earning cites cannot be deleted (credit_transactions_usefulness_proof_id_fkey, 035)',
    format('DELETE FROM usefulness_proofs WHERE agent_did = %L AND id = %L',
      'did:key:z6MkVerifyCreditHoLder', proof),
    '23503', 'credit_transactions_usefulness_proof_id_fkey');
  SET CONSTRAINTS credit_transactions_usefulness_proof_id_fkey DEFERRED;
EXCEPTION WHEN OTHERS THEN
  PERFORM pg_temp.report(
    'a usefulness proof an earning cites cannot be deleted (credit_transactions_usefulness_proof_id_fkey, 035)',
    false, format('%s (SQLSTATE %s)', SQLERRM, SQLSTATE));
END
$test$;

DO $test$
DECLARE
  what constant text := 'deleting an agent deletes its account and its transactions (ON DELETE CASCADE)';
  left_behind integer;
BEGIN
  INSERT INTO credit_transactions (agent_did, tx_type, amount)
    VALUES ('did:key:z6MkVerifyCreditLeaver', 'deposit', 1000);
  DELETE FROM agents WHERE did = 'did:key:z6MkVerifyCreditLeaver';
  SELECT (SELECT count(*) FROM credit_accounts WHERE agent_did = 'did:key:z6MkVerifyCreditLeaver')
       + (SELECT count(*) FROM credit_transactions WHERE agent_did = 'did:key:z6MkVerifyCreditLeaver')
    INTO left_behind;
  PERFORM pg_temp.report(what, left_behind = 0, format('%s rows left behind', left_behind));
EXCEPTION WHEN OTHERS THEN
  PERFORM pg_temp.report(what, false, format('%s (SQLSTATE %s)', SQLERRM, SQLSTATE));
END
$test$;

-- The summary, and the exit code: this statement fails when any test failed, so psql
-- (-v ON_ERROR_STOP=1) exits non-zero and the transaction is rolled back either way.
DO $summary$
DECLARE
  n_passed integer;
  n_failed integer;
BEGIN
  SELECT count(*) FILTER (WHERE passed), count(*) FILTER (WHERE NOT passed)
    INTO n_passed, n_failed FROM verify_results;
  RAISE INFO '% passed, % failed', n_passed, n_failed;
  IF n_failed > 0 THEN
    RAISE EXCEPTION '% of % tests failed (the ❌ lines above). Nothing was changed.',
      n_failed, n_passed + n_failed;
  END IF;
END
$summary$;

ROLLBACK;
