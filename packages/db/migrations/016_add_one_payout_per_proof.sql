-- 016: a usefulness proof is paid by at most one earn, and never before it was made. credit_earn
-- refuses a second earn on a proof (AC009) and an earn on a proof dated in the future (AC010); an
-- earn with no proof stays allowed. 017 adds the unique index that holds the rule for every writer.

SELECT assert_no_violating_rows('credit_transactions',
  'one payout per proof (idx_credit_transactions_one_earn_per_proof)',
  $$tx_type = 'earn' AND usefulness_proof_id IN (
      SELECT usefulness_proof_id FROM credit_transactions
       WHERE tx_type = 'earn' AND usefulness_proof_id IS NOT NULL
       GROUP BY usefulness_proof_id HAVING count(*) > 1)$$);

-- As 012's credit_earn, plus the two proof checks. The account row is locked (credit_begin) before
-- the proof is read, and a proof belongs to that account's agent, so two earns on one proof take
-- turns: the second sees the first's ledger row and gets AC009.
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
$$;
