-- postgres-migrations disable-transaction
-- 037: 017's rule (a usefulness proof is paid by at most one earn) as a unique index that includes
-- the Citus distribution column, so 039 can distribute credit_transactions. 036 validated the FK
-- (agent_did, usefulness_proof_id) -> usefulness_proofs (agent_did, id): an earn cites a proof of its
-- own agent, so a pair is unique exactly when the proof is. 038 then drops 017's index. Built
-- CONCURRENTLY (the ledger keeps taking writes); an interrupted build leaves the index INVALID and
-- the next migrate drops and rebuilds it.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_credit_transactions_one_earn_per_agent_proof
  ON credit_transactions (agent_did, usefulness_proof_id)
  WHERE tx_type = 'earn' AND usefulness_proof_id IS NOT NULL;
