-- 030 (emergency only): undoes 030-039, the distribution-ready keys, on plain PostgreSQL. Puts back the
-- primary keys on id alone (agents, usefulness_proofs, credit_transactions, negotiations) and on the
-- idempotency key alone, the proof FK with ON DELETE SET NULL, 017's one-payout index, and the
-- function bodies 012, 014 and 016 wrote (with 018's SECURITY DEFINER and search_path kept), then
-- takes 030-039 out of `migrations` in the same transaction. Rows stay. The old keys
-- are rebuilt in place (each a full index build that blocks writes to its table while it runs).
-- Refuses, changing nothing, when rows would break an old key (two agents using one idempotency
-- key, which 035 allows) and on Citus (distributed tables cannot have those keys). Safe to run again.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/030_rollback_distribution_ready_keys.sql

BEGIN;
-- Hides the server's "does not exist, skipping" notices; this script reports with INFO, always shown.
SET LOCAL client_min_messages = warning;
-- rollback_history(): the migration-history bookkeeping every rollback script shares.
\ir include/history.sql
-- Give up rather than queue behind long transactions; the key rebuilds scan whole tables.
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '30min';

-- CREATE OR REPLACE resets SECURITY DEFINER and SET options; the restored bodies keep them.
CREATE FUNCTION pg_temp.keep_function_options(p_function text, p_secdef boolean, p_config text[])
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_setting text;
BEGIN
  IF p_secdef THEN
    EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER', p_function);
  END IF;
  FOREACH v_setting IN ARRAY coalesce(p_config, '{}') LOOP
    EXECUTE format('ALTER FUNCTION %s SET %I = %s', p_function,
      split_part(v_setting, '=', 1), substr(v_setting, strpos(v_setting, '=') + 1));
  END LOOP;
END
$$;

DO $rollback$
DECLARE
  v_key    record;
  v_bad    text;
  v_count  bigint;
  v_secdef boolean;
  v_config text[];
  report   text[] := '{}';
  line     text;
BEGIN
  -- 0. Wait for any migrate or rollback in progress: the runner's advisory lock, held to COMMIT.
  PERFORM pg_advisory_xact_lock(-8525285245963000605);

  -- 1. Refuse on Citus, and while rows would break a key being put back.
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RAISE EXCEPTION 'Refusing to roll back the distribution-ready keys (030): this is a Citus database, where distributed tables cannot have keys without their distribution column. Nothing was changed. Move the data to a single PostgreSQL first (docs/scaling-out.md) if you need the old keys.'
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;
  FOR v_key IN
    SELECT * FROM (VALUES ('agents', 'id'), ('usefulness_proofs', 'id'), ('credit_transactions', 'id'),
      ('negotiations', 'id'), ('credit_idempotency_keys', 'idempotency_key')) AS k (table_name, column_name)
     WHERE to_regclass(table_name) IS NOT NULL
  LOOP
    EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %I GROUP BY %I HAVING count(*) > 1) d',
      v_key.table_name, v_key.column_name) INTO v_count;
    IF v_count > 0 THEN
      v_bad := concat_ws(', ', v_bad, format('%s.%s (%s values used twice or more)',
        v_key.table_name, v_key.column_name, v_count));
    END IF;
  END LOOP;
  IF v_bad IS NOT NULL THEN
    RAISE EXCEPTION 'Refusing to roll back the distribution-ready keys (030): % would break the old single-column keys. Nothing was changed. Resolve those rows first.', v_bad
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;

  -- 2. The old keys, each where 035 changed it.
  FOR v_key IN
    SELECT * FROM (VALUES
      (1, 'credit_transactions', 'credit_transactions_pkey', 'PRIMARY KEY (id)', '(id)'),
      (2, 'usefulness_proofs', 'usefulness_proofs_pkey', 'PRIMARY KEY (id)', '(id)'),
      (3, 'negotiations', 'negotiations_pkey', 'PRIMARY KEY (id)', '(id)'),
      (4, 'credit_idempotency_keys', 'credit_idempotency_keys_pkey', 'PRIMARY KEY (idempotency_key)', '(idempotency_key)'),
      (5, 'agents', 'agents_pkey', 'PRIMARY KEY (id)', '(id)')
    ) AS k (n, table_name, key_name, definition, columns)
    ORDER BY n
  LOOP
    CONTINUE WHEN to_regclass(v_key.table_name) IS NULL
      OR (SELECT pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conrelid = to_regclass(v_key.table_name) AND conname = v_key.key_name) = v_key.definition;
    IF v_key.table_name = 'usefulness_proofs' AND to_regclass('credit_transactions') IS NOT NULL THEN
      ALTER TABLE credit_transactions DROP CONSTRAINT IF EXISTS credit_transactions_usefulness_proof_id_fkey;
    END IF;
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT IF EXISTS %I, ADD CONSTRAINT %I PRIMARY KEY %s',
      v_key.table_name, v_key.key_name, v_key.key_name, v_key.columns);
    report := report || format('put back %s %s', v_key.key_name, v_key.definition);
  END LOOP;
  IF to_regclass('credit_transactions') IS NOT NULL AND to_regclass('usefulness_proofs') IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM pg_constraint
                      WHERE conrelid = to_regclass('credit_transactions')
                        AND conname = 'credit_transactions_usefulness_proof_id_fkey'
                        AND pg_get_constraintdef(oid) LIKE 'FOREIGN KEY (usefulness_proof_id)%') THEN
    ALTER TABLE credit_transactions
      DROP CONSTRAINT IF EXISTS credit_transactions_usefulness_proof_id_fkey,
      ADD CONSTRAINT credit_transactions_usefulness_proof_id_fkey
        FOREIGN KEY (usefulness_proof_id) REFERENCES usefulness_proofs (id) ON DELETE SET NULL;
    report := report || 'put back credit_transactions_usefulness_proof_id_fkey (usefulness_proof_id) ON DELETE SET NULL'::text;
  END IF;
  DROP INDEX IF EXISTS agents_did_pkey_index, usefulness_proofs_agent_did_id_key,
    credit_transactions_agent_did_id_key, negotiations_initiator_did_id_key,
    credit_idempotency_keys_agent_did_key_key;
  -- 017's one-payout index on the proof alone, in place of 037's per-agent one (same rule).
  IF to_regclass('idx_credit_transactions_one_earn_per_agent_proof') IS NOT NULL THEN
    CREATE UNIQUE INDEX IF NOT EXISTS idx_credit_transactions_one_earn_per_proof
      ON credit_transactions (usefulness_proof_id)
      WHERE tx_type = 'earn' AND usefulness_proof_id IS NOT NULL;
    DROP INDEX idx_credit_transactions_one_earn_per_agent_proof;
    report := report || 'put back index idx_credit_transactions_one_earn_per_proof (usefulness_proof_id) in place of idx_credit_transactions_one_earn_per_agent_proof'::text;
  END IF;

  -- 3. The function bodies from before 035 (text for text, so the catalog is 014's again).
    IF to_regprocedure('credit_replay(text,jsonb)') IS NOT NULL
       AND (SELECT prosrc FROM pg_proc WHERE oid = to_regprocedure('credit_replay(text,jsonb)')) <> $old$
DECLARE
  v_key credit_idempotency_keys;
BEGIN
  SELECT * INTO v_key FROM credit_idempotency_keys WHERE idempotency_key = p_idempotency_key;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF v_key.request <> p_request THEN
    RAISE EXCEPTION 'idempotency key "%" was already used for a different request', p_idempotency_key
      USING ERRCODE = 'AC004',
            DETAIL = format('First request: %s. This request: %s.', v_key.request, p_request),
            HINT = 'Use a new key for a new request; reuse a key only to retry the same request.';
  END IF;
  RETURN jsonb_populate_record(NULL::credit_accounts, v_key.result);
END
$old$ THEN
      v_secdef := (SELECT prosecdef FROM pg_proc WHERE oid = to_regprocedure('credit_replay(text,jsonb)'));
      v_config := (SELECT proconfig FROM pg_proc WHERE oid = to_regprocedure('credit_replay(text,jsonb)'));
      EXECUTE $restore$
CREATE OR REPLACE FUNCTION credit_replay(p_idempotency_key text, p_request jsonb)
RETURNS credit_accounts
LANGUAGE plpgsql AS $$
DECLARE
  v_key credit_idempotency_keys;
BEGIN
  SELECT * INTO v_key FROM credit_idempotency_keys WHERE idempotency_key = p_idempotency_key;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF v_key.request <> p_request THEN
    RAISE EXCEPTION 'idempotency key "%" was already used for a different request', p_idempotency_key
      USING ERRCODE = 'AC004',
            DETAIL = format('First request: %s. This request: %s.', v_key.request, p_request),
            HINT = 'Use a new key for a new request; reuse a key only to retry the same request.';
  END IF;
  RETURN jsonb_populate_record(NULL::credit_accounts, v_key.result);
END
$$
$restore$;
      PERFORM pg_temp.keep_function_options('credit_replay(text,jsonb)', v_secdef, v_config);
      report := report || 'restored the body of credit_replay(text,jsonb) from before 035'::text;
    END IF;
    IF to_regprocedure('credit_claim_key(text,jsonb)') IS NOT NULL
       AND (SELECT prosrc FROM pg_proc WHERE oid = to_regprocedure('credit_claim_key(text,jsonb)')) <> $old$
BEGIN
  INSERT INTO credit_idempotency_keys (idempotency_key, operation, agent_did, request)
  VALUES (p_idempotency_key, p_request ->> 'operation', p_request ->> 'agent_did', p_request)
  ON CONFLICT (idempotency_key) DO NOTHING;
  RETURN FOUND;
END
$old$ THEN
      v_secdef := (SELECT prosecdef FROM pg_proc WHERE oid = to_regprocedure('credit_claim_key(text,jsonb)'));
      v_config := (SELECT proconfig FROM pg_proc WHERE oid = to_regprocedure('credit_claim_key(text,jsonb)'));
      EXECUTE $restore$
CREATE OR REPLACE FUNCTION credit_claim_key(p_idempotency_key text, p_request jsonb)
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO credit_idempotency_keys (idempotency_key, operation, agent_did, request)
  VALUES (p_idempotency_key, p_request ->> 'operation', p_request ->> 'agent_did', p_request)
  ON CONFLICT (idempotency_key) DO NOTHING;
  RETURN FOUND;
END
$$
$restore$;
      PERFORM pg_temp.keep_function_options('credit_claim_key(text,jsonb)', v_secdef, v_config);
      report := report || 'restored the body of credit_claim_key(text,jsonb) from before 035'::text;
    END IF;
    IF to_regprocedure('credit_finish(text,credit_accounts)') IS NOT NULL
       AND (SELECT prosrc FROM pg_proc WHERE oid = to_regprocedure('credit_finish(text,credit_accounts)')) <> $old$
BEGIN
  UPDATE credit_idempotency_keys SET result = to_jsonb(p_account)
   WHERE idempotency_key = p_idempotency_key;
  RETURN p_account;
END
$old$ THEN
      v_secdef := (SELECT prosecdef FROM pg_proc WHERE oid = to_regprocedure('credit_finish(text,credit_accounts)'));
      v_config := (SELECT proconfig FROM pg_proc WHERE oid = to_regprocedure('credit_finish(text,credit_accounts)'));
      EXECUTE $restore$
CREATE OR REPLACE FUNCTION credit_finish(p_idempotency_key text, p_account credit_accounts)
RETURNS credit_accounts
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE credit_idempotency_keys SET result = to_jsonb(p_account)
   WHERE idempotency_key = p_idempotency_key;
  RETURN p_account;
END
$$
$restore$;
      PERFORM pg_temp.keep_function_options('credit_finish(text,credit_accounts)', v_secdef, v_config);
      report := report || 'restored the body of credit_finish(text,credit_accounts) from before 035'::text;
    END IF;
    IF to_regprocedure('credit_earn(text,bigint,text,uuid,uuid,jsonb)') IS NOT NULL
       AND (SELECT prosrc FROM pg_proc WHERE oid = to_regprocedure('credit_earn(text,bigint,text,uuid,uuid,jsonb)')) <> $old$
DECLARE
  v_request jsonb := jsonb_build_object('operation', 'earn', 'agent_did', p_agent_did,
    'amount', p_amount, 'usefulness_proof_id', p_usefulness_proof_id, 'intent_id', p_intent_id,
    'metadata', coalesce(p_metadata, '{}'));
  v_begin record;
  v_account credit_accounts;
  v_owner text;
  v_proof_created_at timestamptz;
  v_paid_by uuid;
BEGIN
  SELECT * INTO v_begin FROM credit_begin(p_idempotency_key, p_amount, v_request, true);
  IF v_begin.replayed THEN RETURN v_begin.account; END IF;
  v_account := v_begin.account;
  IF p_usefulness_proof_id IS NOT NULL THEN
    SELECT agent_did, created_at INTO v_owner, v_proof_created_at
      FROM usefulness_proofs WHERE id = p_usefulness_proof_id
      FOR KEY SHARE;
    IF v_owner IS DISTINCT FROM p_agent_did THEN
      RAISE EXCEPTION 'usefulness proof % %', p_usefulness_proof_id,
        CASE WHEN v_owner IS NULL THEN 'does not exist'
             ELSE format('belongs to agent %s, not to %s', v_owner, p_agent_did) END
        USING ERRCODE = 'AC006',
              HINT = 'Earn against a proof of the same agent, or leave the proof out.';
    END IF;
    IF v_proof_created_at > now() THEN
      RAISE EXCEPTION 'usefulness proof % is dated in the future (%)', p_usefulness_proof_id,
        v_proof_created_at
        USING ERRCODE = 'AC010',
              HINT = 'Earn against a proof once the work it records has happened.';
    END IF;
    SELECT id INTO v_paid_by FROM credit_transactions
     WHERE usefulness_proof_id = p_usefulness_proof_id AND tx_type = 'earn';
    IF v_paid_by IS NOT NULL THEN
      RAISE EXCEPTION 'usefulness proof % was already paid by earn %', p_usefulness_proof_id, v_paid_by
        USING ERRCODE = 'AC009',
              HINT = 'A proof is paid once; earn against a new proof, or retry the first request with its own key.';
    END IF;
  END IF;
  PERFORM credit_check_headroom(greatest(v_account.balance, v_account.earned), p_amount);
  UPDATE credit_accounts SET balance = balance + p_amount, earned = earned + p_amount
   WHERE agent_did = p_agent_did RETURNING * INTO v_account;
  INSERT INTO credit_transactions
    (agent_did, tx_type, amount, intent_id, usefulness_proof_id, metadata, idempotency_key)
  VALUES (p_agent_did, 'earn', p_amount, p_intent_id, p_usefulness_proof_id,
    coalesce(p_metadata, '{}'), p_idempotency_key);
  RETURN credit_finish(p_idempotency_key, v_account);
END
$old$ THEN
      v_secdef := (SELECT prosecdef FROM pg_proc WHERE oid = to_regprocedure('credit_earn(text,bigint,text,uuid,uuid,jsonb)'));
      v_config := (SELECT proconfig FROM pg_proc WHERE oid = to_regprocedure('credit_earn(text,bigint,text,uuid,uuid,jsonb)'));
      EXECUTE $restore$
CREATE OR REPLACE FUNCTION credit_earn(
  p_agent_did text, p_amount bigint, p_idempotency_key text,
  p_usefulness_proof_id uuid DEFAULT NULL, p_intent_id uuid DEFAULT NULL,
  p_metadata jsonb DEFAULT '{}'
) RETURNS credit_accounts
LANGUAGE plpgsql AS $$
DECLARE
  v_request jsonb := jsonb_build_object('operation', 'earn', 'agent_did', p_agent_did,
    'amount', p_amount, 'usefulness_proof_id', p_usefulness_proof_id, 'intent_id', p_intent_id,
    'metadata', coalesce(p_metadata, '{}'));
  v_begin record;
  v_account credit_accounts;
  v_owner text;
  v_proof_created_at timestamptz;
  v_paid_by uuid;
BEGIN
  SELECT * INTO v_begin FROM credit_begin(p_idempotency_key, p_amount, v_request, true);
  IF v_begin.replayed THEN RETURN v_begin.account; END IF;
  v_account := v_begin.account;
  IF p_usefulness_proof_id IS NOT NULL THEN
    SELECT agent_did, created_at INTO v_owner, v_proof_created_at
      FROM usefulness_proofs WHERE id = p_usefulness_proof_id
      FOR KEY SHARE;
    IF v_owner IS DISTINCT FROM p_agent_did THEN
      RAISE EXCEPTION 'usefulness proof % %', p_usefulness_proof_id,
        CASE WHEN v_owner IS NULL THEN 'does not exist'
             ELSE format('belongs to agent %s, not to %s', v_owner, p_agent_did) END
        USING ERRCODE = 'AC006',
              HINT = 'Earn against a proof of the same agent, or leave the proof out.';
    END IF;
    IF v_proof_created_at > now() THEN
      RAISE EXCEPTION 'usefulness proof % is dated in the future (%)', p_usefulness_proof_id,
        v_proof_created_at
        USING ERRCODE = 'AC010',
              HINT = 'Earn against a proof once the work it records has happened.';
    END IF;
    SELECT id INTO v_paid_by FROM credit_transactions
     WHERE usefulness_proof_id = p_usefulness_proof_id AND tx_type = 'earn';
    IF v_paid_by IS NOT NULL THEN
      RAISE EXCEPTION 'usefulness proof % was already paid by earn %', p_usefulness_proof_id, v_paid_by
        USING ERRCODE = 'AC009',
              HINT = 'A proof is paid once; earn against a new proof, or retry the first request with its own key.';
    END IF;
  END IF;
  PERFORM credit_check_headroom(greatest(v_account.balance, v_account.earned), p_amount);
  UPDATE credit_accounts SET balance = balance + p_amount, earned = earned + p_amount
   WHERE agent_did = p_agent_did RETURNING * INTO v_account;
  INSERT INTO credit_transactions
    (agent_did, tx_type, amount, intent_id, usefulness_proof_id, metadata, idempotency_key)
  VALUES (p_agent_did, 'earn', p_amount, p_intent_id, p_usefulness_proof_id,
    coalesce(p_metadata, '{}'), p_idempotency_key);
  RETURN credit_finish(p_idempotency_key, v_account);
END
$$
$restore$;
      PERFORM pg_temp.keep_function_options('credit_earn(text,bigint,text,uuid,uuid,jsonb)', v_secdef, v_config);
      report := report || 'restored the body of credit_earn(text,bigint,text,uuid,uuid,jsonb) from before 035'::text;
    END IF;
    IF to_regprocedure('refresh_usefulness_cache_as_of(timestamptz,text)') IS NOT NULL
       AND (SELECT prosrc FROM pg_proc WHERE oid = to_regprocedure('refresh_usefulness_cache_as_of(timestamptz,text)')) <> $old$
DECLARE
  v_since timestamptz := p_as_of - interval '30 days';
  v_count integer;
BEGIN
  IF p_as_of IS NULL THEN
    RAISE EXCEPTION 'refresh_usefulness_cache_as_of: p_as_of must not be NULL; nothing was refreshed'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF p_agent_did IS NULL THEN
    -- One pass over the window's proofs (hash aggregate), joined to every agent.
    UPDATE agents a
       SET usefulness_score_cached = coalesce(recent.score, 0),
           usefulness_last_updated = p_as_of
      FROM agents ag
      LEFT JOIN (
        SELECT agent_did, avg(usefulness_score) AS score
          FROM usefulness_proofs
         WHERE created_at >= v_since AND created_at <= p_as_of
         GROUP BY agent_did
      ) recent ON recent.agent_did = ag.did
     WHERE a.id = ag.id;
  ELSE
    -- One agent: idx_usefulness_agent (agent_did, created_at DESC) finds its window directly.
    UPDATE agents
       SET usefulness_score_cached = coalesce((
             SELECT avg(usefulness_score)
               FROM usefulness_proofs
              WHERE agent_did = p_agent_did AND created_at >= v_since AND created_at <= p_as_of
           ), 0),
           usefulness_last_updated = p_as_of
     WHERE did = p_agent_did;
  END IF;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$old$ THEN
      v_secdef := (SELECT prosecdef FROM pg_proc WHERE oid = to_regprocedure('refresh_usefulness_cache_as_of(timestamptz,text)'));
      v_config := (SELECT proconfig FROM pg_proc WHERE oid = to_regprocedure('refresh_usefulness_cache_as_of(timestamptz,text)'));
      EXECUTE $restore$
CREATE OR REPLACE FUNCTION refresh_usefulness_cache_as_of(p_as_of timestamptz, p_agent_did text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_since timestamptz := p_as_of - interval '30 days';
  v_count integer;
BEGIN
  IF p_as_of IS NULL THEN
    RAISE EXCEPTION 'refresh_usefulness_cache_as_of: p_as_of must not be NULL; nothing was refreshed'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF p_agent_did IS NULL THEN
    -- One pass over the window's proofs (hash aggregate), joined to every agent.
    UPDATE agents a
       SET usefulness_score_cached = coalesce(recent.score, 0),
           usefulness_last_updated = p_as_of
      FROM agents ag
      LEFT JOIN (
        SELECT agent_did, avg(usefulness_score) AS score
          FROM usefulness_proofs
         WHERE created_at >= v_since AND created_at <= p_as_of
         GROUP BY agent_did
      ) recent ON recent.agent_did = ag.did
     WHERE a.id = ag.id;
  ELSE
    -- One agent: idx_usefulness_agent (agent_did, created_at DESC) finds its window directly.
    UPDATE agents
       SET usefulness_score_cached = coalesce((
             SELECT avg(usefulness_score)
               FROM usefulness_proofs
              WHERE agent_did = p_agent_did AND created_at >= v_since AND created_at <= p_as_of
           ), 0),
           usefulness_last_updated = p_as_of
     WHERE did = p_agent_did;
  END IF;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$$
$restore$;
      PERFORM pg_temp.keep_function_options('refresh_usefulness_cache_as_of(timestamptz,text)', v_secdef, v_config);
      report := report || 'restored the body of refresh_usefulness_cache_as_of(timestamptz,text) from before 035'::text;
    END IF;

  -- 4. Keep the migration history true: record, then remove, the rows of 030-039.
  report := report || pg_temp.rollback_history(ARRAY[30, 31, 32, 33, 34, 35, 36, 37, 38, 39], '030_rollback_distribution_ready_keys.sql');
  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: the distribution-ready keys are already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 030: %', line;
  END LOOP;
END
$rollback$;
COMMIT;
