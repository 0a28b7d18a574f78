-- Verifies 006_add_usefulness_proofs.sql and 007_add_usefulness_to_agents.sql with 10 tests: the
-- columns, the 8 indexes, the checks and foreign key (each bad row must be rejected with the expected
-- SQLSTATE and constraint) and the cascade from agents. Everything is rolled back; no data is left.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/verify/verify_usefulness.sql

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

-- A working agent, and one that is deleted by the cascade test.
INSERT INTO agents (did, public_key) VALUES
  ('did:key:z6MkVerifyUsefuLnessWorker', 'verify'),
  ('did:key:z6MkVerifyUsefuLnessLeaver', 'verify')
ON CONFLICT (did) DO NOTHING;

DO $tests$
BEGIN
  PERFORM pg_temp.expect_value('usefulness_proofs has its 9 columns, with their types and defaults',
    $q$SELECT pg_temp.columns_of('usefulness_proofs')$q$,
    'id uuid not null default gen_random_uuid(), intent_id uuid not null, agent_did text not null, '
    'work_type text not null, metrics jsonb not null default ''{}''::jsonb, attestations text[], '
    'trace_id text, usefulness_score numeric(5,2) not null, '
    'created_at timestamp with time zone not null default now()');

  PERFORM pg_temp.expect_indexes('usefulness_proofs has its 7 indexes', ARRAY[
    ['idx_usefulness_agent', 'usefulness_proofs USING btree (agent_did, created_at DESC)'],
    ['idx_usefulness_intent', 'usefulness_proofs USING btree (intent_id)'],
    ['idx_usefulness_work_type', 'usefulness_proofs USING btree (work_type)'],
    ['idx_usefulness_score', 'usefulness_proofs USING btree (usefulness_score DESC)'],
    ['idx_usefulness_trace', 'usefulness_proofs USING btree (trace_id)'],
    ['idx_usefulness_agent_score', 'usefulness_proofs USING btree (agent_did, usefulness_score DESC)'],
    ['idx_usefulness_metrics', 'usefulness_proofs USING gin (metrics)']]);

  PERFORM pg_temp.expect_value('agents has usefulness_score_cached and usefulness_last_updated',
    $q$SELECT pg_temp.columns_of('agents', ARRAY['usefulness_score_cached', 'usefulness_last_updated'])$q$,
    'usefulness_score_cached numeric(5,2) not null default 0, '
    'usefulness_last_updated timestamp with time zone');

  PERFORM pg_temp.expect_indexes('idx_agents_usefulness ranks agents by usefulness, then by last seen',
    ARRAY[['idx_agents_usefulness', 'agents USING btree (usefulness_score_cached DESC, last_seen_at DESC)']]);

  PERFORM pg_temp.expect_rejection('an unknown work type is rejected (usefulness_proofs_work_type_check)',
    $q$INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score)
       VALUES (gen_random_uuid(), 'did:key:z6MkVerifyUsefuLnessWorker', 'gardening', 50)$q$,
    '23514', 'usefulness_proofs_work_type_check');
  PERFORM pg_temp.expect_rejection('a usefulness score above 100 is rejected (usefulness_proofs_usefulness_score_check)',
    $q$INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score)
       VALUES (gen_random_uuid(), 'did:key:z6MkVerifyUsefuLnessWorker', 'compute', 100.5)$q$,
    '23514', 'usefulness_proofs_usefulness_score_check');
  PERFORM pg_temp.expect_rejection('a proof by an unregistered agent is rejected (usefulness_proofs_agent_did_fkey)',
    $q$INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score)
       VALUES (gen_random_uuid(), 'did:key:z6MkVerifyNobodyRegisteredThis', 'compute', 50)$q$,
    '23503', 'usefulness_proofs_agent_did_fkey');
  PERFORM pg_temp.expect_rejection('a cached usefulness above 100 is rejected (agents_usefulness_score_cached_check)',
    $q$UPDATE agents SET usefulness_score_cached = 100.5
        WHERE did = 'did:key:z6MkVerifyUsefuLnessWorker'$q$,
    '23514', 'agents_usefulness_score_cached_check');
END
$tests$;

DO $test$
DECLARE
  what constant text := 'a proof of each of the five work types is accepted, metrics defaulting to {}';
  stored text;
BEGIN
  INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score, trace_id)
    SELECT gen_random_uuid(), 'did:key:z6MkVerifyUsefuLnessWorker', work_type, 42.5, 'verify-usefulness'
      FROM unnest(ARRAY['compute', 'memory', 'routing', 'validation', 'learning']) AS work_type;
  SELECT string_agg(format('%s %s %s', work_type, usefulness_score, metrics), ', ' ORDER BY work_type)
    INTO stored FROM usefulness_proofs WHERE trace_id = 'verify-usefulness';
  PERFORM pg_temp.report(what,
    stored = 'compute 42.50 {}, learning 42.50 {}, memory 42.50 {}, routing 42.50 {}, validation 42.50 {}',
    format('stored: %s', stored));
EXCEPTION WHEN OTHERS THEN
  PERFORM pg_temp.report(what, false, format('%s (SQLSTATE %s)', SQLERRM, SQLSTATE));
END
$test$;

DO $test$
DECLARE
  what constant text := 'deleting an agent deletes its proofs (ON DELETE CASCADE)';
  left_behind integer;
BEGIN
  INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score)
    VALUES (gen_random_uuid(), 'did:key:z6MkVerifyUsefuLnessLeaver', 'routing', 10);
  DELETE FROM agents WHERE did = 'did:key:z6MkVerifyUsefuLnessLeaver';
  SELECT count(*) INTO left_behind FROM usefulness_proofs
   WHERE agent_did = 'did:key:z6MkVerifyUsefuLnessLeaver';
  PERFORM pg_temp.report(what, left_behind = 0, format('%s proofs left behind', left_behind));
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
