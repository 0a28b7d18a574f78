-- 024: validates 023's CHECKs, each scan under SHARE UPDATE EXCLUSIVE (reads and writes go on).
ALTER TABLE credit_idempotency_keys VALIDATE CONSTRAINT credit_idempotency_keys_key_not_blank;
ALTER TABLE credit_transactions VALIDATE CONSTRAINT credit_transactions_idempotency_key_not_blank;
