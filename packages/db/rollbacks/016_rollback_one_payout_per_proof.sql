-- 016 (emergency only): undoes 016_add_one_payout_per_proof.sql and 017_add_one_payout_per_proof_index.sql.
-- Puts back 012's credit_earn, drops the unique index and takes 016 and 017 out of `migrations` in
-- the same transaction. The ledger rows stay. Safe to run again; refuses while 018 made credit_earn
-- SECURITY DEFINER (roll back service-role first).
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/016_rollback_one_payout_per_proof.sql

BEGIN;
-- Hides the server's "does not exist, skipping" notices; this script reports with INFO, always shown.
SET LOCAL client_min_messages = warning;
-- rollback_history(): the migration-history bookkeeping every rollback script shares.
\ir include/history.sql

DO $rollback$
DECLARE
  pair   text[];
  report text[] := '{}';
  line   text;
BEGIN
  -- 0. Wait for any migrate or rollback in progress: the runner's advisory lock, held to COMMIT.
  PERFORM pg_advisory_xact_lock(-8525285245963000605);

  -- 1. Refuse, changing nothing, while a later feature still builds on this one.
  IF EXISTS (SELECT 1 FROM pg_proc WHERE oid = to_regprocedure('credit_earn(text, bigint, text, uuid, uuid, jsonb)') AND prosecdef) THEN
    RAISE EXCEPTION 'Refusing to roll back one payout per proof (016, 017): credit_earn is SECURITY DEFINER (018). Nothing was changed. Roll back service-role first.'
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;

  IF to_regclass('idx_credit_transactions_one_earn_per_agent_proof') IS NOT NULL THEN
    RAISE EXCEPTION 'Refusing to roll back one payout per proof (016, 017): the distribution-ready keys (030-039) hold the rule in idx_credit_transactions_one_earn_per_agent_proof. Nothing was changed. Roll them back first (030_rollback_distribution_ready_keys.sql, or pnpm rollback distribution-ready-keys).'
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;

  -- 2. Drop what the migrations added, reporting each thing that goes.
    IF EXISTS (SELECT 1 FROM pg_proc WHERE oid = to_regprocedure('credit_earn(text, bigint, text, uuid, uuid, jsonb)')
                AND prosrc ~ 'AC009') THEN
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
BEGIN
  SELECT * INTO v_begin FROM credit_begin(p_idempotency_key, p_amount, v_request, true);
  IF v_begin.replayed THEN RETURN v_begin.account; END IF;
  v_account := v_begin.account;
  IF p_usefulness_proof_id IS NOT NULL THEN
    SELECT agent_did INTO v_owner FROM usefulness_proofs WHERE id = p_usefulness_proof_id
      FOR KEY SHARE;
    IF v_owner IS DISTINCT FROM p_agent_did THEN
      RAISE EXCEPTION 'usefulness proof % %', p_usefulness_proof_id,
        CASE WHEN v_owner IS NULL THEN 'does not exist'
             ELSE format('belongs to agent %s, not to %s', v_owner, p_agent_did) END
        USING ERRCODE = 'AC006',
              HINT = 'Earn against a proof of the same agent, or leave the proof out.';
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
      report := report || 'restored 012''s credit_earn (a proof can be paid more than once again)'::text;
    END IF;
    IF to_regclass('idx_credit_transactions_one_earn_per_proof') IS NOT NULL THEN
      report := report || 'dropped index idx_credit_transactions_one_earn_per_proof'::text;
    END IF;
    DROP INDEX IF EXISTS idx_credit_transactions_one_earn_per_proof;

  -- 3. Keep the migration history true: record, then remove, the migrations' rows.
  report := report || pg_temp.rollback_history(ARRAY[16, 17], '016_rollback_one_payout_per_proof.sql');

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: one payout per proof is already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 016: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
