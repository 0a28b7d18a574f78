-- postgres-migrations disable-transaction
-- 038: drops 017's idx_credit_transactions_one_earn_per_proof (usefulness_proof_id alone), which
-- Citus cannot keep on a distributed table; 037's index holds the same rule. CONCURRENTLY, so no
-- write to the ledger waits for it.
DROP INDEX CONCURRENTLY IF EXISTS idx_credit_transactions_one_earn_per_proof;
