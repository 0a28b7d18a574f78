-- postgres-migrations disable-transaction
-- 017: the unique index behind 016's rule, so no writer at all can pay a proof twice (SQLSTATE
-- 23505). Built CONCURRENTLY, so the ledger keeps taking writes while it builds; 016 checked the
-- existing rows. An interrupted build leaves the index INVALID: the next migrate drops and rebuilds it.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_credit_transactions_one_earn_per_proof
  ON credit_transactions (usefulness_proof_id)
  WHERE tx_type = 'earn' AND usefulness_proof_id IS NOT NULL;
