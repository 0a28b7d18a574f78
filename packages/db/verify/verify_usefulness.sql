-- Verifies 006_add_usefulness_proofs.sql and 007_add_usefulness_to_agents.sql with 10 tests: the
-- columns, the 8 indexes, the checks and foreign key (each bad row must be rejected with the expected
-- SQLSTATE and constraint) and the cascade from agents. Everything is rolled back; no data is left.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/verify/verify_usefulness.sql

BEGIN;
-- Hides the server's own notices; the test lines are INFO, which always reaches the client.
SET LOCAL client_min_messages = warning;

-- Test helpers: report(), expect_value() and the rest, shared by every verification script.
\ir include/test-helpers.sql

-- A working agent, and one that is deleted by the cascade test.
INSERT INTO agents (did, public_key) VALUES
  ('did:key:z6MkVerifyUsefuLnessWorker', 'verify'),
  ('did:key:z6MkVerifyUsefuLnessLeaver', 'verify')
ON CONFLICT (did) DO NOTHING;

DO $tests$
BEGIN
  PERFORM pg_temp.expect_described_columns('usefulness_proofs has the columns of the schema description',
    'usefulness_proofs');

  PERFORM pg_temp.expect_indexes('usefulness_proofs has its 7 indexes', ARRAY[
    ['idx_usefulness_agent', 'usefulness_proofs USING btree (agent_did, created_at DESC)'],
    ['idx_usefulness_intent', 'usefulness_proofs USING btree (intent_id)'],
    ['idx_usefulness_work_type', 'usefulness_proofs USING btree (work_type)'],
    ['idx_usefulness_score', 'usefulness_proofs USING btree (usefulness_score DESC)'],
    ['idx_usefulness_trace', 'usefulness_proofs USING btree (trace_id)'],
    ['idx_usefulness_agent_score', 'usefulness_proofs USING btree (agent_did, usefulness_score DESC)'],
    ['idx_usefulness_metrics', 'usefulness_proofs USING gin (metrics)']]);

  PERFORM pg_temp.expect_described_columns('agents has usefulness_score_cached and usefulness_last_updated as the schema description lists them',
    'agents', ARRAY['usefulness_score_cached', 'usefulness_last_updated']);

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

-- The summary, and the exit code: fails when any test failed, so psql exits non-zero.
\ir include/summary.sql

ROLLBACK;
