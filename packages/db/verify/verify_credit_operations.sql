-- Verifies 012_add_credit_operations.sql, 013_add_usefulness_cache_refresh.sql and
-- 014_add_usefulness_cache_refresh_as_of.sql with 29 tests: the idempotency table, column and index;
-- each credit function's effect, rule and SQLSTATE (AC001-AC008); idempotent retries; the ledger
-- equations; refresh_usefulness_cache and refresh_usefulness_cache_as_of for one and for all agents.
-- Everything is rolled back; no data is left.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/verify/verify_credit_operations.sql

BEGIN;
-- Hides the server's own notices; the test lines are INFO, which always reaches the client.
SET LOCAL client_min_messages = warning;

-- Test helpers: report(), expect_value() and the rest, shared by every verification script.
\ir include/test-helpers.sql

-- An agent whose account the tests open, one without an account, one with only old proofs, one
-- with a proof dated an hour ahead.
INSERT INTO agents (did, public_key) VALUES
  ('did:key:z6MkVerifyopsHoLder', 'verify'),
  ('did:key:z6MkVerifyopsNoAccount', 'verify'),
  ('did:key:z6MkVerifyopsStaLe', 'verify'),
  ('did:key:z6MkVerifyopsFuture', 'verify')
ON CONFLICT (did) DO NOTHING;
DO $setup$
BEGIN
  INSERT INTO usefulness_proofs (id, intent_id, agent_did, work_type, usefulness_score, created_at) VALUES
    ('00000000-0000-4000-8000-00000000a001', gen_random_uuid(), 'did:key:z6MkVerifyopsHoLder', 'compute', 80, now() - interval '1 day'),
    ('00000000-0000-4000-8000-00000000a002', gen_random_uuid(), 'did:key:z6MkVerifyopsHoLder', 'compute', 90, now() - interval '29 days'),
    ('00000000-0000-4000-8000-00000000a003', gen_random_uuid(), 'did:key:z6MkVerifyopsHoLder', 'compute', 10, now() - interval '40 days'),
    ('00000000-0000-4000-8000-00000000c001', gen_random_uuid(), 'did:key:z6MkVerifyopsStaLe', 'routing', 70, now() - interval '31 days'),
    ('00000000-0000-4000-8000-00000000f001', gen_random_uuid(), 'did:key:z6MkVerifyopsFuture', 'memory', 40, now() - interval '1 day'),
    ('00000000-0000-4000-8000-00000000f002', gen_random_uuid(), 'did:key:z6MkVerifyopsFuture', 'memory', 100, now() + interval '1 hour');
  UPDATE agents SET usefulness_score_cached = 50 WHERE did = 'did:key:z6MkVerifyopsStaLe';
EXCEPTION WHEN undefined_table OR undefined_column THEN
  NULL; -- the tests below report what is missing
END
$setup$;

DO $tests$
BEGIN
  PERFORM pg_temp.expect_described_columns('credit_idempotency_keys has the columns of the schema description',
    'credit_idempotency_keys');
  PERFORM pg_temp.expect_value('an idempotency key is unique (credit_idempotency_keys_pkey)',
    $q$SELECT indisunique::text FROM pg_index WHERE indexrelid = to_regclass('credit_idempotency_keys_pkey')$q$,
    'true');
  PERFORM pg_temp.expect_described_columns('credit_transactions.idempotency_key names the request that wrote a row',
    'credit_transactions', ARRAY['idempotency_key']);
  PERFORM pg_temp.expect_indexes('idx_credit_idempotency_keys_agent finds an account''s keys',
    ARRAY[['idx_credit_idempotency_keys_agent', 'credit_idempotency_keys USING btree (agent_did)']]);

  PERFORM pg_temp.expect_value('credit_deposit opens the account and returns its new state',
    $q$SELECT format('%s/%s', balance, reserved) FROM credit_deposit('did:key:z6MkVerifyopsHoLder', 1000, 'verify-ops-deposit')$q$,
    '1000/0');
  PERFORM pg_temp.expect_value('a retry with the same key and arguments returns the first result and moves nothing',
    $q$SELECT format('%s/%s', balance, (SELECT count(*) FROM credit_transactions WHERE idempotency_key = 'verify-ops-deposit'))
         FROM credit_deposit('did:key:z6MkVerifyopsHoLder', 1000, 'verify-ops-deposit')$q$,
    '1000/1');
  PERFORM pg_temp.expect_value('credit_reserve sets credit aside',
    $q$SELECT format('%s/%s', balance, reserved) FROM credit_reserve('did:key:z6MkVerifyopsHoLder', 600, 'verify-ops-reserve')$q$,
    '1000/600');
  PERFORM pg_temp.expect_value('credit_release returns reserved credit',
    $q$SELECT format('%s/%s', balance, reserved) FROM credit_release('did:key:z6MkVerifyopsHoLder', 100, 'verify-ops-release')$q$,
    '1000/500');
  PERFORM pg_temp.expect_value('credit_spend settling a reservation lowers reserved and balance',
    $q$SELECT format('%s/%s/%s', balance, reserved, spent) FROM credit_spend('did:key:z6MkVerifyopsHoLder', 200, 'verify-ops-settle', true)$q$,
    '800/300/200');
  PERFORM pg_temp.expect_value('settling wrote a release row and a spend row',
    $q$SELECT string_agg(tx_type, ',' ORDER BY tx_type) FROM credit_transactions WHERE idempotency_key = 'verify-ops-settle'$q$,
    'release,spend');
  PERFORM pg_temp.expect_value('credit_spend spends available credit immediately',
    $q$SELECT format('%s/%s/%s', balance, reserved, spent) FROM credit_spend('did:key:z6MkVerifyopsHoLder', 500, 'verify-ops-spend')$q$,
    '300/300/700');
  PERFORM pg_temp.expect_value('credit_earn adds to balance and earned, linked to the agent''s proof',
    $q$SELECT format('%s/%s', balance, earned)
         FROM credit_earn('did:key:z6MkVerifyopsHoLder', 50, 'verify-ops-earn', '00000000-0000-4000-8000-00000000a001')$q$,
    '350/50');

  PERFORM pg_temp.expect_rejection('reserving more than balance - reserved is refused (AC001)',
    $q$SELECT credit_reserve('did:key:z6MkVerifyopsHoLder', 51, 'verify-ops-overdraw')$q$, 'AC001');
  PERFORM pg_temp.expect_rejection('spending more than balance - reserved is refused (AC001)',
    $q$SELECT credit_spend('did:key:z6MkVerifyopsHoLder', 51, 'verify-ops-overspend')$q$, 'AC001');
  PERFORM pg_temp.expect_rejection('settling more than is reserved is refused (AC003)',
    $q$SELECT credit_spend('did:key:z6MkVerifyopsHoLder', 301, 'verify-ops-oversettle', true)$q$, 'AC003');
  PERFORM pg_temp.expect_rejection('a key reused with different arguments is refused (AC004)',
    $q$SELECT credit_deposit('did:key:z6MkVerifyopsHoLder', 999, 'verify-ops-deposit')$q$, 'AC004');
  PERFORM pg_temp.expect_rejection('reserving on an agent without an account is refused (AC002)',
    $q$SELECT credit_reserve('did:key:z6MkVerifyopsNoAccount', 1, 'verify-ops-no-account')$q$, 'AC002');
  PERFORM pg_temp.expect_rejection('a deposit for an unregistered DID is refused (AC007)',
    $q$SELECT credit_deposit('did:key:z6MkVerifyNobodyRegisteredThis', 1, 'verify-ops-nobody')$q$, 'AC007');
  PERFORM pg_temp.expect_rejection('a zero amount is refused (AC005)',
    $q$SELECT credit_deposit('did:key:z6MkVerifyopsHoLder', 0, 'verify-ops-zero')$q$, 'AC005');
  PERFORM pg_temp.expect_rejection('an empty idempotency key is refused (AC008)',
    $q$SELECT credit_deposit('did:key:z6MkVerifyopsHoLder', 1, '')$q$, 'AC008');
  PERFORM pg_temp.expect_rejection('earning against another agent''s proof is refused (AC006)',
    $q$SELECT credit_earn('did:key:z6MkVerifyopsHoLder', 5, 'verify-ops-foreign-proof', '00000000-0000-4000-8000-00000000c001')$q$, 'AC006');

  PERFORM pg_temp.expect_value('the ledger equations hold on the accounts the tests moved',
    $q$SELECT format('%s accounts, %s off', count(*), count(*) FILTER (WHERE NOT ok)) FROM (
         SELECT a.balance = coalesce(sum(t.amount) FILTER (WHERE t.tx_type IN ('deposit', 'earn')), 0)
                          - coalesce(sum(t.amount) FILTER (WHERE t.tx_type = 'spend'), 0)
            AND a.reserved = coalesce(sum(t.amount) FILTER (WHERE t.tx_type = 'reserve'), 0)
                           - coalesce(sum(t.amount) FILTER (WHERE t.tx_type = 'release'), 0)
            AND a.earned = coalesce(sum(t.amount) FILTER (WHERE t.tx_type = 'earn'), 0)
            AND a.spent = coalesce(sum(t.amount) FILTER (WHERE t.tx_type = 'spend'), 0) AS ok
           FROM credit_accounts a LEFT JOIN credit_transactions t ON t.agent_did = a.agent_did
          WHERE a.agent_did LIKE 'did:key:z6MkVerifyops%'
          GROUP BY a.agent_did, a.balance, a.reserved, a.earned, a.spent) accounts$q$,
    '1 accounts, 0 off');

  PERFORM pg_temp.expect_value('refresh_usefulness_cache(did) refreshes that agent and returns 1',
    $q$SELECT refresh_usefulness_cache('did:key:z6MkVerifyopsHoLder')::text$q$, '1');
  PERFORM pg_temp.expect_value('its cache is the average of the last 30 days ((80 + 90) / 2), stamped',
    format($q$SELECT format('%%s %%s', usefulness_score_cached, (usefulness_last_updated = %L::timestamptz)::text) FROM agents WHERE did = 'did:key:z6MkVerifyopsHoLder'$q$, now()),
    '85.00 true');
END
$tests$;

DO $test$
DECLARE
  what constant text := 'refresh_usefulness_cache() refreshes every agent; only old proofs go to 0';
  updated integer;
  agents  integer;
  stale   text;
BEGIN
  updated := refresh_usefulness_cache();
  SELECT count(*) INTO agents FROM agents;
  SELECT usefulness_score_cached::text INTO stale FROM agents WHERE did = 'did:key:z6MkVerifyopsStaLe';
  PERFORM pg_temp.report(what, updated = agents AND stale = '0.00',
    format('updated %s of %s agents; the agent with only old proofs has %s', updated, agents, stale));
EXCEPTION WHEN OTHERS THEN
  PERFORM pg_temp.report(what, false, format('%s (SQLSTATE %s)', SQLERRM, SQLSTATE));
END
$test$;

-- 014: the same refresh as of a chosen instant; the window ends at that instant.
DO $tests$
BEGIN
  PERFORM pg_temp.expect_value('refresh_usefulness_cache_as_of(10 days ago, did) refreshes that agent and returns 1',
    $q$SELECT refresh_usefulness_cache_as_of(now() - interval '10 days', 'did:key:z6MkVerifyopsHoLder')::text$q$, '1');
  PERFORM pg_temp.expect_value('its cache is the 30 days up to that instant ((90 + 10) / 2; the newer 80 left out), stamped with it',
    format($q$SELECT format('%%s %%s', usefulness_score_cached, (usefulness_last_updated = %L::timestamptz)::text) FROM agents WHERE did = 'did:key:z6MkVerifyopsHoLder'$q$, now() - interval '10 days'),
    '50.00 true');
END
$tests$;

DO $test$
DECLARE
  what constant text := 'refresh_usefulness_cache_as_of(20 days ago) refreshes every agent as of that instant';
  as_of   constant timestamptz := now() - interval '20 days';
  updated integer;
  agents  integer;
  stale   text;
  other   integer;
BEGIN
  updated := refresh_usefulness_cache_as_of(as_of);
  SELECT count(*), count(*) FILTER (WHERE usefulness_last_updated IS DISTINCT FROM as_of) INTO agents, other FROM agents;
  SELECT usefulness_score_cached::text INTO stale FROM agents WHERE did = 'did:key:z6MkVerifyopsStaLe';
  PERFORM pg_temp.report(what, updated = agents AND stale = '70.00' AND other = 0,
    format('updated %s of %s agents, %s stamped otherwise; the agent whose proof is 31 days old has %s', updated, agents, other, stale));
EXCEPTION WHEN OTHERS THEN
  PERFORM pg_temp.report(what, false, format('%s (SQLSTATE %s)', SQLERRM, SQLSTATE));
END
$test$;

DO $test$
DECLARE
  what constant text := 'refresh_usefulness_cache(did) leaves out a proof dated after now() (014): (40), not (40 + 100) / 2';
  updated integer;
  score   text;
BEGIN
  updated := refresh_usefulness_cache('did:key:z6MkVerifyopsFuture');
  SELECT usefulness_score_cached::text INTO score FROM agents WHERE did = 'did:key:z6MkVerifyopsFuture';
  PERFORM pg_temp.report(what, updated = 1 AND score = '40.00', format('updated %s agents; its cache is %s', updated, score));
EXCEPTION WHEN OTHERS THEN
  PERFORM pg_temp.report(what, false, format('%s (SQLSTATE %s)', SQLERRM, SQLSTATE));
END
$test$;

-- The summary, and the exit code: fails when any test failed, so psql exits non-zero.
\ir include/summary.sql

ROLLBACK;
