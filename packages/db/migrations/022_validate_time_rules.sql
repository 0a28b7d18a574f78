-- 022: validates 021's CHECKs, each scan under SHARE UPDATE EXCLUSIVE (reads and writes go on).
ALTER TABLE agents VALIDATE CONSTRAINT agents_timestamps_finite;
ALTER TABLE agents VALIDATE CONSTRAINT agents_expires_after_created;
ALTER TABLE agents VALIDATE CONSTRAINT agents_last_seen_after_created;
ALTER TABLE trust_scores VALIDATE CONSTRAINT trust_scores_timestamps_finite;
ALTER TABLE negotiations VALIDATE CONSTRAINT negotiations_timestamps_finite;
ALTER TABLE negotiations VALIDATE CONSTRAINT negotiations_expires_after_created;
ALTER TABLE usefulness_proofs VALIDATE CONSTRAINT usefulness_proofs_timestamps_finite;
ALTER TABLE credit_accounts VALIDATE CONSTRAINT credit_accounts_timestamps_finite;
ALTER TABLE credit_transactions VALIDATE CONSTRAINT credit_transactions_timestamps_finite;
ALTER TABLE credit_idempotency_keys VALIDATE CONSTRAINT credit_idempotency_keys_timestamps_finite;
