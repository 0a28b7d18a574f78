-- Verifies 004_add_negotiation_sessions.sql with 14 tests: negotiations' columns, its 6 indexes, its
-- checks and foreign keys (each bad row must be rejected with the expected SQLSTATE and constraint),
-- the updated_at trigger and expire_stale_negotiations(). Everything is rolled back; no data is left.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/verify/verify_negotiation_sessions.sql

BEGIN;
-- Hides the server's own notices; the test lines are INFO, which always reaches the client.
SET LOCAL client_min_messages = warning;

-- Test helpers: report(), expect_value() and the rest, shared by every verification script.
\ir include/test-helpers.sql

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
  PERFORM pg_temp.expect_described_columns('negotiations has the columns of the schema description',
    'negotiations');

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

-- The summary, and the exit code: fails when any test failed, so psql exits non-zero.
\ir include/summary.sql

ROLLBACK;
