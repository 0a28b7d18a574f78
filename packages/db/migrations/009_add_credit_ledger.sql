-- 009 (Phase 3): the credit ledger. credit_accounts holds each agent's balance; credit_transactions
-- is the append-only history that explains it. Amounts are bigint atomic units (1 credit = 1000
-- units), never floats. Earnings can point at the usefulness proof that justified them.

CREATE TABLE IF NOT EXISTS credit_accounts (
  agent_did  text        PRIMARY KEY REFERENCES agents (did) ON DELETE CASCADE,
  balance    bigint      NOT NULL DEFAULT 0 CHECK (balance >= 0),
  reserved   bigint      NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  earned     bigint      NOT NULL DEFAULT 0 CHECK (earned >= 0),
  spent      bigint      NOT NULL DEFAULT 0 CHECK (spent >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT credit_accounts_reserved_within_balance CHECK (reserved <= balance)
);

CREATE INDEX IF NOT EXISTS idx_credit_accounts_balance ON credit_accounts (balance DESC);

CREATE OR REPLACE FUNCTION update_credit_accounts_timestamp() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := clock_timestamp();
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER trg_credit_accounts_update
  BEFORE UPDATE ON credit_accounts
  FOR EACH ROW EXECUTE FUNCTION update_credit_accounts_timestamp();

CREATE TABLE IF NOT EXISTS credit_transactions (
  id                  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  agent_did           text        NOT NULL REFERENCES credit_accounts (agent_did) ON DELETE CASCADE,
  tx_type             text        NOT NULL
    CHECK (tx_type IN ('deposit', 'earn', 'reserve', 'release', 'spend')),
  amount              bigint      NOT NULL CHECK (amount > 0),
  intent_id           uuid,
  usefulness_proof_id uuid        REFERENCES usefulness_proofs (id) ON DELETE SET NULL,
  metadata            jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS idx_credit_transactions_agent
  ON credit_transactions (agent_did, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_credit_transactions_intent
  ON credit_transactions (intent_id) WHERE intent_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_credit_transactions_proof
  ON credit_transactions (usefulness_proof_id) WHERE usefulness_proof_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_credit_transactions_type
  ON credit_transactions (tx_type, created_at DESC);
