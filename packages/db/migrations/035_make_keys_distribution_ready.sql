-- 035: every primary key includes the column its table is (or would be) distributed on by Citus:
--   agents (did), usefulness_proofs (agent_did, id), credit_transactions (agent_did, id),
--   negotiations (initiator_did, id), credit_idempotency_keys (agent_did, idempotency_key).
-- The indexes were built by 030-034 without blocking writes; here each becomes its table's primary
-- key (renamed to the old key's name), which is a catalog change under a brief ACCESS EXCLUSIVE lock.
-- Safe to run again: a key already in place is left alone, and an index 030-034 built again for it
-- is dropped.
-- Behaviour visible on plain PostgreSQL (docs/scaling-out.md, "What changes"):
--   * agents.id, usefulness_proofs.id, credit_transactions.id, negotiations.id are no longer unique
--     on their own (they are still gen_random_uuid() by default); the DID is the agent's key.
--   * an idempotency key is scoped to its agent: the same key for two agents is two requests.
--   * credit_transactions (agent_did, usefulness_proof_id) -> usefulness_proofs (agent_did, id)
--     replaces the FK on usefulness_proof_id alone (same name), and without ON DELETE SET NULL,
--     which Citus refuses: a proof that an earn cites can no longer be deleted on its own (deleting
--     the agent still deletes both). It is checked at COMMIT (DEFERRABLE INITIALLY DEFERRED): deleting
--     an agent deletes its proofs and its ledger rows by two cascades, and a check at the end of the
--     first would still see the ledger rows. Added NOT VALID here; 036 checks the old rows, validates.
-- In the same transaction (so no credit operation ever meets the new keys with the old functions:
-- credit_claim_key's ON CONFLICT names the key), the functions that read idempotency keys, proofs
-- and the usefulness cache name the agent in every lookup, so each is a single-shard ("router")
-- statement on Citus and uses the new keys on plain PostgreSQL. Signatures stay; behaviour changes
-- only as said above (a key is per agent):
--   credit_replay / credit_claim_key / credit_finish look a key up by (agent_did, key);
--   credit_earn (016's, with its AC009 and AC010 checks; AC011 stays in 027's credit_begin) locks the
--     proof by (agent_did, id) and looks for an earlier earn by (agent_did, proof), which 037's index
--     serves; only its error path (AC006, the proof is another agent's) searches by id alone, to
--     name the owner;
--   refresh_usefulness_cache_as_of joins agents to itself on did (agents.id is no longer a key) and,
--     for one agent, reads the average first and then updates the row.
-- CREATE OR REPLACE keeps owner and grants (018's EXECUTE for ainp_app, none for PUBLIC) but resets
-- SECURITY DEFINER and SET options; those of the replaced functions are read first and put back, so
-- credit_earn stays SECURITY DEFINER with 018's pinned search_path.
-- Each statement waits at most 200 ms for a lock (a workload query then waits at most that long
-- behind it); the runner retries the whole file on a lock timeout.
-- ainp: lock_timeout = 200ms
-- ainp: lock_retries = 30

DO $$
DECLARE
  v_key record;
BEGIN
  FOR v_key IN
    SELECT * FROM (VALUES
      (1, 'agents', 'agents_pkey', 'agents_did_pkey_index', 'PRIMARY KEY (did)'),
      (2, 'usefulness_proofs', 'usefulness_proofs_pkey', 'usefulness_proofs_agent_did_id_key', 'PRIMARY KEY (agent_did, id)'),
      (3, 'credit_transactions', 'credit_transactions_pkey', 'credit_transactions_agent_did_id_key', 'PRIMARY KEY (agent_did, id)'),
      (4, 'negotiations', 'negotiations_pkey', 'negotiations_initiator_did_id_key', 'PRIMARY KEY (initiator_did, id)'),
      (5, 'credit_idempotency_keys', 'credit_idempotency_keys_pkey', 'credit_idempotency_keys_agent_did_key_key', 'PRIMARY KEY (agent_did, idempotency_key)')
    ) AS k (n, table_name, key_name, index_name, definition)
    ORDER BY n
  LOOP
    IF (SELECT pg_get_constraintdef(oid) FROM pg_constraint
         WHERE conrelid = to_regclass(v_key.table_name) AND conname = v_key.key_name) = v_key.definition THEN
      EXECUTE format('DROP INDEX IF EXISTS %I', v_key.index_name);
      CONTINUE;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(v_key.index_name) AND indisvalid) THEN
      RAISE EXCEPTION 'index % is missing or INVALID (an interrupted CREATE INDEX CONCURRENTLY); nothing was changed', v_key.index_name
        USING HINT = format('Run DROP INDEX CONCURRENTLY IF EXISTS %s; delete its row (030-034) from migrations, and migrate again.', v_key.index_name);
    END IF;
    -- The proof FK depends on usefulness_proofs' old key; it is re-created on the new one below.
    IF v_key.table_name = 'usefulness_proofs' THEN
      ALTER TABLE credit_transactions DROP CONSTRAINT IF EXISTS credit_transactions_usefulness_proof_id_fkey;
    END IF;
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I, ADD CONSTRAINT %I PRIMARY KEY USING INDEX %I',
      v_key.table_name, v_key.key_name, v_key.key_name, v_key.index_name);
  END LOOP;

  IF NOT EXISTS (SELECT 1 FROM pg_constraint
                  WHERE conrelid = 'credit_transactions'::regclass
                    AND conname = 'credit_transactions_usefulness_proof_id_fkey'
                    AND pg_get_constraintdef(oid) LIKE 'FOREIGN KEY (agent_did, usefulness_proof_id)%') THEN
    ALTER TABLE credit_transactions
      DROP CONSTRAINT IF EXISTS credit_transactions_usefulness_proof_id_fkey,
      ADD CONSTRAINT credit_transactions_usefulness_proof_id_fkey
        FOREIGN KEY (agent_did, usefulness_proof_id) REFERENCES usefulness_proofs (agent_did, id)
        DEFERRABLE INITIALLY DEFERRED NOT VALID;
  END IF;
END
$$;

DROP TABLE IF EXISTS pg_temp.replaced_function_options;
CREATE TEMP TABLE replaced_function_options AS
SELECT p.oid::regprocedure AS function, p.prosecdef, p.proconfig
  FROM pg_proc p
 WHERE p.oid IN ('credit_replay(text,jsonb)'::regprocedure, 'credit_claim_key(text,jsonb)'::regprocedure,
   'credit_finish(text,credit_accounts)'::regprocedure,
   'credit_earn(text,bigint,text,uuid,uuid,jsonb)'::regprocedure,
   'refresh_usefulness_cache_as_of(timestamptz,text)'::regprocedure);

CREATE OR REPLACE FUNCTION credit_replay(p_idempotency_key text, p_request jsonb)
RETURNS credit_accounts
LANGUAGE plpgsql AS $$
DECLARE
  v_key credit_idempotency_keys;
BEGIN
  SELECT * INTO v_key FROM credit_idempotency_keys
   WHERE agent_did = p_request ->> 'agent_did' AND idempotency_key = p_idempotency_key;
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
$$;

CREATE OR REPLACE FUNCTION credit_claim_key(p_idempotency_key text, p_request jsonb)
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO credit_idempotency_keys (idempotency_key, operation, agent_did, request)
  VALUES (p_idempotency_key, p_request ->> 'operation', p_request ->> 'agent_did', p_request)
  ON CONFLICT (agent_did, idempotency_key) DO NOTHING;
  RETURN FOUND;
END
$$;

CREATE OR REPLACE FUNCTION credit_finish(p_idempotency_key text, p_account credit_accounts)
RETURNS credit_accounts
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE credit_idempotency_keys SET result = to_jsonb(p_account)
   WHERE agent_did = p_account.agent_did AND idempotency_key = p_idempotency_key;
  RETURN p_account;
END
$$;

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
    SELECT created_at INTO v_proof_created_at FROM usefulness_proofs
     WHERE agent_did = p_agent_did AND id = p_usefulness_proof_id
       FOR KEY SHARE;
    IF NOT FOUND THEN
      SELECT agent_did INTO v_owner FROM usefulness_proofs WHERE id = p_usefulness_proof_id LIMIT 1;
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
     WHERE agent_did = p_agent_did AND usefulness_proof_id = p_usefulness_proof_id
       AND tx_type = 'earn';
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
$$;

-- Same contract as 014's. All agents: one pass over the window's proofs joined to every agent on
-- did, a colocated join Citus runs shard by shard. One agent: two single-row statements.
CREATE OR REPLACE FUNCTION refresh_usefulness_cache_as_of(p_as_of timestamptz, p_agent_did text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_since timestamptz := p_as_of - interval '30 days';
  v_score numeric;
  v_count integer;
BEGIN
  IF p_as_of IS NULL THEN
    RAISE EXCEPTION 'refresh_usefulness_cache_as_of: p_as_of must not be NULL; nothing was refreshed'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF p_agent_did IS NULL THEN
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
     WHERE a.did = ag.did;
  ELSE
    SELECT avg(usefulness_score) INTO v_score
      FROM usefulness_proofs
     WHERE agent_did = p_agent_did AND created_at >= v_since AND created_at <= p_as_of;
    UPDATE agents
       SET usefulness_score_cached = coalesce(v_score, 0),
           usefulness_last_updated = p_as_of
     WHERE did = p_agent_did;
  END IF;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$$;

DO $$
DECLARE
  v_function record;
  v_setting text;
BEGIN
  FOR v_function IN SELECT * FROM replaced_function_options LOOP
    IF v_function.prosecdef THEN
      EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER', v_function.function);
    END IF;
    FOREACH v_setting IN ARRAY coalesce(v_function.proconfig, '{}') LOOP
      EXECUTE format('ALTER FUNCTION %s SET %I = %s', v_function.function,
        split_part(v_setting, '=', 1), substr(v_setting, strpos(v_setting, '=') + 1));
    END LOOP;
  END LOOP;
END
$$;

DROP TABLE replaced_function_options;
