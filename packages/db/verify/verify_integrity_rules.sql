-- Verifies the rules of migrations 015-028 with 23 tests: one payout per proof (AC009, the unique
-- index), no earn on a future proof (AC010), blank keys (AC008), credit metadata (AC011), the role
-- ainp_app and what it may do, SECURITY DEFINER credit functions, the negotiation state machine,
-- finite and ordered time, DID syntax, capability tags and the JSON shapes. Every invalid write must
-- be rejected with the expected SQLSTATE and constraint. Everything is rolled back; no data is left.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/verify/verify_integrity_rules.sql

BEGIN;
-- Hides the server's own notices; the test lines are INFO, which always reaches the client.
SET LOCAL client_min_messages = warning;

-- Test helpers: report(), expect_value() and the rest, shared by every verification script.
\ir include/test-helpers.sql

-- Two agents, a paid proof and a future one, a live and an accepted negotiation.
INSERT INTO agents (did, public_key) VALUES ('did:key:z6MkVerifyRuLesHoLder', 'verify'), ('did:web:ruLes.verify.example', 'verify')
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
DO $setup$
BEGIN
  INSERT INTO usefulness_proofs (id, intent_id, agent_did, work_type, usefulness_score, created_at) VALUES
    ('00000000-0000-4000-8000-0000000001f1', gen_random_uuid(), 'did:key:z6MkVerifyRuLesHoLder', 'compute', 50, now() - interval '1 hour'),
    ('00000000-0000-4000-8000-0000000001f2', gen_random_uuid(), 'did:key:z6MkVerifyRuLesHoLder', 'compute', 50, now() + interval '1 day')
  ON CONFLICT DO NOTHING;
  PERFORM credit_earn('did:key:z6MkVerifyRuLesHoLder', 100, 'verify-rules-earn', '00000000-0000-4000-8000-0000000001f1');
  INSERT INTO negotiations (id, intent_id, initiator_did, responder_did, expires_at) VALUES
    ('00000000-0000-4000-8000-0000000001e1', gen_random_uuid(), 'did:key:z6MkVerifyRuLesHoLder', 'did:web:ruLes.verify.example', now() + interval '1 hour')
  ON CONFLICT DO NOTHING;
  INSERT INTO negotiations (id, intent_id, initiator_did, responder_did, state, final_proposal, expires_at) VALUES
    ('00000000-0000-4000-8000-0000000001e2', gen_random_uuid(), 'did:key:z6MkVerifyRuLesHoLder', 'did:web:ruLes.verify.example', 'accepted', '{"price": 1}', now() + interval '1 hour')
  ON CONFLICT DO NOTHING;
EXCEPTION WHEN OTHERS THEN
  NULL; -- the tests below report what is missing
END
$setup$;

DO $tests$
BEGIN
  -- One payout per proof (016, 017), and none for a proof dated in the future.
  PERFORM pg_temp.expect_rejection('a second earn on a paid proof is refused (AC009)',
    $s$SELECT credit_earn('did:key:z6MkVerifyRuLesHoLder', 5000000, 'verify-rules-again', '00000000-0000-4000-8000-0000000001f1')$s$, 'AC009');
  PERFORM pg_temp.expect_rejection('a second earn row for a proof is rejected (idx_credit_transactions_one_earn_per_agent_proof)',
    $s$INSERT INTO credit_transactions (agent_did, tx_type, amount, usefulness_proof_id)
       VALUES ('did:key:z6MkVerifyRuLesHoLder', 'earn', 1, '00000000-0000-4000-8000-0000000001f1')$s$,
    '23505', 'idx_credit_transactions_one_earn_per_agent_proof');
  PERFORM pg_temp.expect_rejection('an earn on a proof dated in the future is refused (AC010)',
    $s$SELECT credit_earn('did:key:z6MkVerifyRuLesHoLder', 1, 'verify-rules-future', '00000000-0000-4000-8000-0000000001f2')$s$, 'AC010');
  PERFORM pg_temp.expect_value('an earn with no proof is accepted',
    $q$SELECT (credit_earn('did:key:z6MkVerifyRuLesHoLder', 7, 'verify-rules-no-proof')).earned::text$q$, '107');
  -- Blank keys (023) and credit metadata (027).
  PERFORM pg_temp.expect_rejection('a whitespace-only idempotency key is refused (AC008)',
    $s$SELECT credit_deposit('did:key:z6MkVerifyRuLesHoLder', 1, '   ')$s$, 'AC008');
  PERFORM pg_temp.expect_rejection('a blank key row is rejected (credit_idempotency_keys_key_not_blank)',
    $s$INSERT INTO credit_idempotency_keys (idempotency_key, operation, agent_did, request)
       VALUES (E' \t', 'deposit', 'did:key:z6MkVerifyRuLesHoLder', '{}')$s$, '23514', 'credit_idempotency_keys_key_not_blank');
  PERFORM pg_temp.expect_rejection('credit metadata that is an array is refused (AC011)',
    $s$SELECT credit_deposit('did:key:z6MkVerifyRuLesHoLder', 1, 'verify-rules-metadata', '[1]')$s$, 'AC011');

  -- The service role (018).
  PERFORM pg_temp.expect_value('ainp_app exists, cannot log in, reads the ledger and writes only the service tables',
    $q$SELECT format('login %s; read %s; write agents %s, negotiations %s; write ledger %s; keys %s; migrations %s',
         r.rolcanlogin, has_table_privilege('ainp_app', 'credit_transactions', 'SELECT'),
         has_table_privilege('ainp_app', 'agents', 'INSERT, UPDATE, DELETE'),
         has_table_privilege('ainp_app', 'negotiations', 'INSERT, UPDATE, DELETE'),
         has_table_privilege('ainp_app', 'credit_accounts', 'INSERT, UPDATE, DELETE, TRUNCATE')
           OR has_table_privilege('ainp_app', 'credit_transactions', 'INSERT, UPDATE, DELETE, TRUNCATE'),
         has_table_privilege('ainp_app', 'credit_idempotency_keys', 'INSERT, UPDATE, DELETE, TRUNCATE'),
         has_table_privilege('ainp_app', 'migrations', 'INSERT, UPDATE, DELETE, TRUNCATE'))
       FROM pg_roles r WHERE r.rolname = 'ainp_app'$q$,
    'login f; read t; write agents t, negotiations t; write ledger f; keys f; migrations f');
  PERFORM pg_temp.expect_value('the five credit functions run as their owner with a pinned search_path, callable by ainp_app',
    $q$SELECT count(*) FILTER (WHERE p.prosecdef AND p.proconfig::text LIKE '%search_path=%'
                                AND has_function_privilege('ainp_app', p.oid, 'EXECUTE'))::text
         FROM pg_proc p
        WHERE p.oid IN ('credit_deposit(text, bigint, text, jsonb)'::regprocedure,
                        'credit_earn(text, bigint, text, uuid, uuid, jsonb)'::regprocedure,
                        'credit_reserve(text, bigint, text, uuid, jsonb)'::regprocedure,
                        'credit_release(text, bigint, text, uuid, jsonb)'::regprocedure,
                        'credit_spend(text, bigint, text, boolean, uuid, jsonb)'::regprocedure)$q$, '5');
  PERFORM pg_temp.expect_value('ledger rows are append-only for every role but the owner (credit_transactions_append_only)',
    $q$SELECT string_agg(t.tgname, ', ' ORDER BY t.tgname) FROM pg_trigger t
        WHERE t.tgrelid = 'credit_transactions'::regclass AND t.tgname LIKE 'credit\_transactions\_append\_only%'$q$,
    'credit_transactions_append_only, credit_transactions_append_only_truncate');

  -- The negotiation state machine (019).
  PERFORM pg_temp.expect_rejection('an accepted negotiation no longer changes (negotiations_terminal_unchanged)',
    $s$UPDATE negotiations SET state = 'initiated', final_proposal = NULL
        WHERE id = '00000000-0000-4000-8000-0000000001e2'$s$, '23514', 'negotiations_terminal_unchanged');
  PERFORM pg_temp.expect_rejection('initiated cannot move straight to accepted (negotiations_state_transition)',
    $s$UPDATE negotiations SET state = 'accepted', final_proposal = '{"price": 1}'
        WHERE id = '00000000-0000-4000-8000-0000000001e1'$s$, '23514', 'negotiations_state_transition');
  PERFORM pg_temp.expect_rejection('accepted needs a final proposal (negotiations_final_proposal_when_accepted)',
    $s$INSERT INTO negotiations (intent_id, initiator_did, responder_did, state, expires_at)
       VALUES (gen_random_uuid(), 'did:key:z6MkVerifyRuLesHoLder', 'did:web:ruLes.verify.example', 'accepted', now() + interval '1 hour')$s$,
    '23514', 'negotiations_final_proposal_when_accepted');

  -- Time (021).
  PERFORM pg_temp.expect_rejection('an agent expiring at infinity is rejected (agents_timestamps_finite)',
    $s$INSERT INTO agents (did, public_key, expires_at) VALUES ('did:key:z6MkVerifyRuLesinfinity', 'verify', 'infinity')$s$,
    '23514', 'agents_timestamps_finite');
  PERFORM pg_temp.expect_rejection('a negotiation expiring before it was created is rejected (negotiations_expires_after_created)',
    $s$INSERT INTO negotiations (intent_id, initiator_did, responder_did, created_at, expires_at)
       VALUES (gen_random_uuid(), 'did:key:z6MkVerifyRuLesHoLder', 'did:web:ruLes.verify.example', now(), now() - interval '1 second')$s$,
    '23514', 'negotiations_expires_after_created');

  -- Identities (025).
  PERFORM pg_temp.expect_rejection('a DID with a space is rejected (agents_did_syntax)',
    $s$INSERT INTO agents (did, public_key) VALUES ('did:key:a b', 'verify')$s$, '23514', 'agents_did_syntax');
  PERFORM pg_temp.expect_rejection('a did:key outside base58btc is rejected (agents_did_syntax)',
    $s$INSERT INTO agents (did, public_key) VALUES ('did:key:z0OIl', 'verify')$s$, '23514', 'agents_did_syntax');
  PERFORM pg_temp.expect_rejection('an untrimmed capability tag is rejected (agents_capabilities_format)',
    $s$INSERT INTO agents (did, public_key, capabilities) VALUES ('did:key:z6MkVerifyRuLesTags', 'verify', ARRAY[' translate'])$s$,
    '23514', 'agents_capabilities_format');

  -- JSON shapes (027).
  PERFORM pg_temp.expect_rejection('an incentive split summing to 1.5 is rejected (negotiations_incentive_split_shape)',
    $s$INSERT INTO negotiations (intent_id, initiator_did, responder_did, expires_at, incentive_split)
       VALUES (gen_random_uuid(), 'did:key:z6MkVerifyRuLesHoLder', 'did:web:ruLes.verify.example', now() + interval '1 hour',
               '{"agent": 0.7, "broker": 0.6, "validator": 0.1, "pool": 0.1}')$s$,
    '23514', 'negotiations_incentive_split_shape');
  PERFORM pg_temp.expect_rejection('more rounds than max_rounds are rejected (negotiations_rounds_shape)',
    $s$INSERT INTO negotiations (intent_id, initiator_did, responder_did, expires_at, max_rounds, rounds)
       VALUES (gen_random_uuid(), 'did:key:z6MkVerifyRuLesHoLder', 'did:web:ruLes.verify.example', now() + interval '1 hour', 1, '[{}, {}]')$s$,
    '23514', 'negotiations_rounds_shape');
  PERFORM pg_temp.expect_rejection('a negative metric is rejected (usefulness_proofs_metrics_shape)',
    $s$INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, usefulness_score, metrics)
       VALUES (gen_random_uuid(), 'did:key:z6MkVerifyRuLesHoLder', 'compute', 1, '{"cpu_ms": -1}')$s$,
    '23514', 'usefulness_proofs_metrics_shape');
END
$tests$;

-- The valid writes still work: the negotiation's walk, and a did:web with a port and a path.
DO $test$
DECLARE
  what constant text := 'a negotiation walks initiated -> proposed -> counter_proposed -> accepted';
  final text;
BEGIN
  UPDATE negotiations SET state = 'proposed' WHERE id = '00000000-0000-4000-8000-0000000001e1';
  UPDATE negotiations SET state = 'counter_proposed' WHERE id = '00000000-0000-4000-8000-0000000001e1';
  UPDATE negotiations SET state = 'accepted', final_proposal = '{"price": 2}'
   WHERE id = '00000000-0000-4000-8000-0000000001e1' RETURNING state INTO final;
  PERFORM pg_temp.report(what, final = 'accepted', format('ended as %s', final));
EXCEPTION WHEN OTHERS THEN
  PERFORM pg_temp.report(what, false, format('%s (SQLSTATE %s)', SQLERRM, SQLSTATE));
END
$test$;

DO $test$
DECLARE
  what constant text := 'a did:web with a %3A port and path segments is accepted';
BEGIN
  INSERT INTO agents (did, public_key) VALUES ('did:web:verify.example.com%3A8443:users:alice', 'verify');
  -- Accepted by the DID rule itself, not for want of one.
  PERFORM pg_temp.report(what,
    EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'agents'::regclass AND conname = 'agents_did_syntax'),
    'agents_did_syntax is missing');
EXCEPTION WHEN OTHERS THEN
  PERFORM pg_temp.report(what, false, format('%s (SQLSTATE %s)', SQLERRM, SQLSTATE));
END
$test$;

-- The summary, and the exit code: fails when any test failed, so psql exits non-zero.
\ir include/summary.sql

ROLLBACK;
