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
-- ainp: lock_timeout = 5s

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
