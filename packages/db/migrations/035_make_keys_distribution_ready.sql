-- 035: every primary key includes the column its table is (or would be) distributed on by Citus:
--   agents (did), usefulness_proofs (agent_did, id), credit_transactions (agent_did, id),
--   negotiations (initiator_did, id), credit_idempotency_keys (agent_did, idempotency_key).
-- The indexes were built by 030-034 without blocking writes; here each becomes its table's primary
-- key (renamed to the old key's name), which is a catalog change under a brief ACCESS EXCLUSIVE lock.
-- Behaviour visible on plain PostgreSQL (docs/scaling-out.md, "What changes"):
--   * agents.id, usefulness_proofs.id, credit_transactions.id, negotiations.id are no longer unique
--     on their own (they are still gen_random_uuid() by default); the DID is the agent's key.
--   * an idempotency key is scoped to its agent: the same key for two agents is two requests.
--   * credit_transactions (agent_did, usefulness_proof_id) -> usefulness_proofs (agent_did, id)
--     replaces the FK on usefulness_proof_id alone (same name), and without ON DELETE SET NULL,
--     which Citus refuses: a proof that an earn cites can no longer be deleted on its own (deleting
--     the agent still deletes both). Added NOT VALID here; 036 checks the old rows and validates.

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '1min';

DO $$
DECLARE
  v_index text;
BEGIN
  FOREACH v_index IN ARRAY ARRAY['agents_did_pkey_index', 'usefulness_proofs_agent_did_id_key',
    'credit_transactions_agent_did_id_key', 'negotiations_initiator_did_id_key',
    'credit_idempotency_keys_agent_did_key_key']
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(v_index) AND indisvalid) THEN
      RAISE EXCEPTION 'index % is missing or INVALID (an interrupted CREATE INDEX CONCURRENTLY); nothing was changed', v_index
        USING HINT = format('Run DROP INDEX CONCURRENTLY IF EXISTS %s; delete its migration row (030-034) from migrations, and migrate again.', v_index);
    END IF;
  END LOOP;
END
$$;

ALTER TABLE agents
  DROP CONSTRAINT agents_pkey,
  ADD CONSTRAINT agents_pkey PRIMARY KEY USING INDEX agents_did_pkey_index;

ALTER TABLE credit_transactions DROP CONSTRAINT credit_transactions_usefulness_proof_id_fkey;

ALTER TABLE usefulness_proofs
  DROP CONSTRAINT usefulness_proofs_pkey,
  ADD CONSTRAINT usefulness_proofs_pkey PRIMARY KEY USING INDEX usefulness_proofs_agent_did_id_key;

ALTER TABLE credit_transactions
  DROP CONSTRAINT credit_transactions_pkey,
  ADD CONSTRAINT credit_transactions_pkey PRIMARY KEY USING INDEX credit_transactions_agent_did_id_key,
  ADD CONSTRAINT credit_transactions_usefulness_proof_id_fkey
    FOREIGN KEY (agent_did, usefulness_proof_id) REFERENCES usefulness_proofs (agent_did, id) NOT VALID;

ALTER TABLE negotiations
  DROP CONSTRAINT negotiations_pkey,
  ADD CONSTRAINT negotiations_pkey PRIMARY KEY USING INDEX negotiations_initiator_did_id_key;

ALTER TABLE credit_idempotency_keys
  DROP CONSTRAINT credit_idempotency_keys_pkey,
  ADD CONSTRAINT credit_idempotency_keys_pkey
    PRIMARY KEY USING INDEX credit_idempotency_keys_agent_did_key_key;
