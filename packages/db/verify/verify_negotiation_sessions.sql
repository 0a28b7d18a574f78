-- Verifies 004_add_negotiation_sessions.sql with 14 tests: negotiations' columns, its 6 indexes, its
-- checks and foreign keys (each bad row must be rejected with the expected SQLSTATE and constraint),
-- the updated_at trigger and expire_stale_negotiations(). Everything is rolled back; no data is left.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/verify/verify_negotiation_sessions.sql

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

-- Two agents to negotiate between.
INSERT INTO agents (did, public_key) VALUES
  ('did:key:z6MkVerifyNegotiationinitiator', 'verify'),
  ('did:key:z6MkVerifyNegotiationResponder', 'verify')
ON CONFLICT (did) DO NOTHING;

-- On Citus the responder check (a trigger in place of negotiations_responder_did_fkey) reads the
-- agents in its own transaction, so it cannot see the two above until this script commits, which
-- it never does: it is switched off for this transaction (rolled back with it), and said so.
DO $citus$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'negotiations_responder_exists') THEN
    PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
    PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
    ALTER TABLE negotiations DISABLE TRIGGER negotiations_responder_exists;
    RAISE INFO '[on Citus: responder check off] this script''s agents are not committed, and the responder check sees committed agents only; pnpm verify --citus checks it apart';
  END IF;
END
$citus$;

DO $tests$
BEGIN
  PERFORM pg_temp.expect_value('negotiations has its 14 columns, with their types and defaults',
    $q$SELECT pg_temp.columns_of('negotiations')$q$,
    'id uuid not null default gen_random_uuid(), intent_id uuid not null, '
    'initiator_did text not null, responder_did text not null, '
    'state text not null default ''initiated''::text, rounds jsonb not null default ''[]''::jsonb, '
    'convergence_score numeric(5,4) not null default 0, current_proposal jsonb, final_proposal jsonb, '
    'incentive_split jsonb not null default ''{"pool": 0.10, "agent": 0.70, "broker": 0.10, "validator": 0.10}''::jsonb, '
    'max_rounds integer not null default 10, created_at timestamp with time zone not null default now(), '
    'expires_at timestamp with time zone not null, updated_at timestamp with time zone not null default now()');

  PERFORM pg_temp.expect_indexes('idx_negotiations_intent finds the negotiations of an intent',
    ARRAY[['idx_negotiations_intent', 'negotiations USING btree (intent_id)']]);
  PERFORM pg_temp.expect_indexes('idx_negotiations_initiator lists an initiator''s negotiations, newest first',
    ARRAY[['idx_negotiations_initiator', 'negotiations USING btree (initiator_did, created_at DESC)']]);
  PERFORM pg_temp.expect_indexes('idx_negotiations_responder lists a responder''s negotiations, newest first',
    ARRAY[['idx_negotiations_responder', 'negotiations USING btree (responder_did, created_at DESC)']]);
  PERFORM pg_temp.expect_indexes('idx_negotiations_state filters by state',
    ARRAY[['idx_negotiations_state', 'negotiations USING btree (state)']]);
  PERFORM pg_temp.expect_indexes('idx_negotiations_expires covers live negotiations by deadline',
    ARRAY[['idx_negotiations_expires', 'negotiations USING btree (expires_at) WHERE (state <> ALL (ARRAY[''accepted''::text, ''rejected''::text, ''expired''::text]))']]);
  PERFORM pg_temp.expect_indexes('idx_negotiations_convergence ranks live negotiations by convergence',
    ARRAY[['idx_negotiations_convergence', 'negotiations USING btree (convergence_score DESC) WHERE (state <> ALL (ARRAY[''accepted''::text, ''rejected''::text, ''expired''::text]))']]);

  PERFORM pg_temp.expect_rejection('an unknown state is rejected (negotiations_state_check)',
    $q$INSERT INTO negotiations (intent_id, initiator_did, responder_did, state, expires_at)
       VALUES (gen_random_uuid(), 'did:key:z6MkVerifyNegotiationinitiator',
               'did:key:z6MkVerifyNegotiationResponder', 'haggling', now() + interval '1 hour')$q$,
    '23514', 'negotiations_state_check');
  PERFORM pg_temp.expect_rejection('a convergence score above 1 is rejected (negotiations_convergence_score_check)',
    $q$INSERT INTO negotiations (intent_id, initiator_did, responder_did, convergence_score, expires_at)
       VALUES (gen_random_uuid(), 'did:key:z6MkVerifyNegotiationinitiator',
               'did:key:z6MkVerifyNegotiationResponder', 1.5, now() + interval '1 hour')$q$,
    '23514', 'negotiations_convergence_score_check');
  PERFORM pg_temp.expect_rejection('more than 20 rounds is rejected (negotiations_max_rounds_check)',
    $q$INSERT INTO negotiations (intent_id, initiator_did, responder_did, max_rounds, expires_at)
       VALUES (gen_random_uuid(), 'did:key:z6MkVerifyNegotiationinitiator',
               'did:key:z6MkVerifyNegotiationResponder', 21, now() + interval '1 hour')$q$,
    '23514', 'negotiations_max_rounds_check');
  PERFORM pg_temp.expect_rejection('an agent negotiating with itself is rejected (negotiation_participants_different)',
    $q$INSERT INTO negotiations (intent_id, initiator_did, responder_did, expires_at)
       VALUES (gen_random_uuid(), 'did:key:z6MkVerifyNegotiationinitiator',
               'did:key:z6MkVerifyNegotiationinitiator', now() + interval '1 hour')$q$,
    '23514', 'negotiation_participants_different');
  PERFORM pg_temp.expect_rejection('an unregistered initiator is rejected (negotiations_initiator_did_fkey)',
    $q$INSERT INTO negotiations (intent_id, initiator_did, responder_did, expires_at)
       VALUES (gen_random_uuid(), 'did:key:z6MkVerifyNobodyRegisteredThis',
               'did:key:z6MkVerifyNegotiationResponder', now() + interval '1 hour')$q$,
    '23503', 'negotiations_initiator_did_fkey');
END
$tests$;

DO $test$
DECLARE
  what constant text := 'trg_negotiations_update moves updated_at on every update';
  row_id  uuid;
  before  timestamptz;
  after   timestamptz;
BEGIN
  INSERT INTO negotiations (intent_id, initiator_did, responder_did, expires_at)
    VALUES (gen_random_uuid(), 'did:key:z6MkVerifyNegotiationinitiator',
            'did:key:z6MkVerifyNegotiationResponder', now() + interval '1 hour')
    RETURNING id, updated_at INTO row_id, before;
  UPDATE negotiations SET state = 'proposed' WHERE id = row_id RETURNING updated_at INTO after;
  PERFORM pg_temp.report(what, after > before, format('updated_at stayed at %s', after));
EXCEPTION WHEN OTHERS THEN
  PERFORM pg_temp.report(what, false, format('%s (SQLSTATE %s)', SQLERRM, SQLSTATE));
END
$test$;

DO $test$
DECLARE
  what constant text := 'expire_stale_negotiations() expires live negotiations past their deadline, and only those';
  stale    uuid;
  settled  uuid;
  live     uuid;
  expected integer;
  returned integer;
  states   text;
BEGIN
  -- Created before their deadline (021), and accepted with its final proposal (019).
  INSERT INTO negotiations (intent_id, initiator_did, responder_did, state, created_at, expires_at)
    VALUES (gen_random_uuid(), 'did:key:z6MkVerifyNegotiationinitiator',
            'did:key:z6MkVerifyNegotiationResponder', 'proposed', now() - interval '2 hours',
            now() - interval '1 hour')
    RETURNING id INTO stale;
  INSERT INTO negotiations (intent_id, initiator_did, responder_did, state, final_proposal,
                            created_at, expires_at)
    VALUES (gen_random_uuid(), 'did:key:z6MkVerifyNegotiationinitiator',
            'did:key:z6MkVerifyNegotiationResponder', 'accepted', '{"price": 1}',
            now() - interval '2 hours', now() - interval '1 hour')
    RETURNING id INTO settled;
  INSERT INTO negotiations (intent_id, initiator_did, responder_did, state, expires_at)
    VALUES (gen_random_uuid(), 'did:key:z6MkVerifyNegotiationinitiator',
            'did:key:z6MkVerifyNegotiationResponder', 'proposed', now() + interval '1 hour')
    RETURNING id INTO live;
  SELECT count(*) INTO expected FROM negotiations
   WHERE expires_at < now() AND state NOT IN ('accepted', 'rejected', 'expired');
  returned := expire_stale_negotiations();
  SELECT string_agg(n.state, ', ' ORDER BY v.ord) INTO states
    FROM (VALUES (1, stale), (2, settled), (3, live)) AS v (ord, id)
    JOIN negotiations n ON n.id = v.id;
  PERFORM pg_temp.report(what, states = 'expired, accepted, proposed' AND returned = expected,
    format('stale, accepted, live became: %s; it returned %s for %s stale', states, returned, expected));
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
