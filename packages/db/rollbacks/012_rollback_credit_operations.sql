-- Rollback of 012_add_credit_operations.sql (emergency only): drops the credit operation functions,
-- the idempotency key table and credit_transactions.idempotency_key, leaving the ledger as 009 made
-- it (balances and transactions are kept). One transaction; safe to run again or on a partial 012.

BEGIN;

DROP FUNCTION IF EXISTS credit_deposit(text, bigint, text, jsonb);
DROP FUNCTION IF EXISTS credit_earn(text, bigint, text, uuid, uuid, jsonb);
DROP FUNCTION IF EXISTS credit_reserve(text, bigint, text, uuid, jsonb);
DROP FUNCTION IF EXISTS credit_release(text, bigint, text, uuid, jsonb);
DROP FUNCTION IF EXISTS credit_spend(text, bigint, text, boolean, uuid, jsonb);
DROP FUNCTION IF EXISTS credit_check_reserved(credit_accounts, bigint, uuid, text);
DROP FUNCTION IF EXISTS credit_check_available(credit_accounts, bigint, text);
DROP FUNCTION IF EXISTS credit_check_headroom(bigint, bigint);
DROP FUNCTION IF EXISTS credit_finish(text, credit_accounts);
DROP FUNCTION IF EXISTS credit_begin(text, bigint, jsonb, boolean);
DROP FUNCTION IF EXISTS credit_replay_claimed(text, jsonb);
DROP FUNCTION IF EXISTS credit_claim_key(text, jsonb);
DROP FUNCTION IF EXISTS credit_lock_account(text, boolean);
DROP FUNCTION IF EXISTS credit_replay(text, jsonb);
DROP FUNCTION IF EXISTS credit_check_arguments(text, bigint);

DROP INDEX IF EXISTS idx_credit_transactions_idempotency_key;
ALTER TABLE IF EXISTS credit_transactions DROP COLUMN IF EXISTS idempotency_key;
DROP TABLE IF EXISTS credit_idempotency_keys;

-- Forget 012 in the runner's history, and log why, so the runner applies it again when asked.
DO $$
BEGIN
  IF to_regclass('migrations') IS NOT NULL THEN
    CREATE TABLE IF NOT EXISTS migration_rollbacks (
      migration_id   integer      NOT NULL,
      name           varchar(100) NOT NULL,
      hash           varchar(40)  NOT NULL,
      rollback_file  text         NOT NULL,
      rolled_back_at timestamptz  NOT NULL DEFAULT now()
    );
    INSERT INTO migration_rollbacks (migration_id, name, hash, rollback_file)
      SELECT id, name, hash, '012_rollback_credit_operations.sql' FROM migrations WHERE id = 12;
    DELETE FROM migrations WHERE id = 12;
  END IF;
END
$$;

COMMIT;
