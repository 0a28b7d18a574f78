-- 036: validates 035's credit_transactions_usefulness_proof_id_fkey over the existing ledger rows.
-- VALIDATE takes SHARE UPDATE EXCLUSIVE: reads and writes go on while it scans. Rows it would
-- reject are looked for first, so the error names them instead of failing half-way.
-- ainp: lock_timeout = 5s

DO $$
DECLARE
  v_bad bigint;
  v_example text;
BEGIN
  SELECT count(*), min(t.agent_did || ' / ' || t.usefulness_proof_id)
    INTO v_bad, v_example
    FROM credit_transactions t
   WHERE t.usefulness_proof_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM usefulness_proofs p
                      WHERE p.agent_did = t.agent_did AND p.id = t.usefulness_proof_id);
  IF v_bad > 0 THEN
    RAISE EXCEPTION '% credit_transactions rows cite a usefulness proof of another agent (or none), e.g. %; nothing was validated, the FK stays NOT VALID (new rows are checked)', v_bad, v_example
      USING HINT = 'Correct or unlink those rows (SET usefulness_proof_id = NULL) after review, then migrate again.';
  END IF;
END
$$;

ALTER TABLE credit_transactions VALIDATE CONSTRAINT credit_transactions_usefulness_proof_id_fkey;
