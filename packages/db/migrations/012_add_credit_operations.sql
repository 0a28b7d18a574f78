-- 012: credit operations as database functions (deposit, earn, reserve, release, spend), so every
-- service gets the same guarantees from the database: the account row is locked, the rule checked,
-- the ledger equations kept, and a retried request (same idempotency key) never moves money twice.

-- Give up rather than queue behind long transactions on the ledger tables (the FOREIGN KEY and the
-- ADD COLUMN lock them briefly); nothing here scans a large table.
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '1min';

-- One row per idempotency key: what was asked (request) and the account state it produced (result).
-- A key is claimed inside the operation's transaction, so a rejected operation leaves no key behind.
CREATE TABLE IF NOT EXISTS credit_idempotency_keys (
  idempotency_key text        NOT NULL,
  operation       text        NOT NULL
    CHECK (operation IN ('deposit', 'earn', 'reserve', 'release', 'spend')),
  agent_did       text        NOT NULL REFERENCES credit_accounts (agent_did) ON DELETE CASCADE,
  request         jsonb       NOT NULL,
  result          jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT credit_idempotency_keys_pkey PRIMARY KEY (idempotency_key),
  CONSTRAINT credit_idempotency_keys_key_length CHECK (length(idempotency_key) BETWEEN 1 AND 255)
);

CREATE INDEX IF NOT EXISTS idx_credit_idempotency_keys_agent
  ON credit_idempotency_keys (agent_did);

-- Each ledger row written by an operation names the request that wrote it. Nullable, no default:
-- a metadata-only change. Not indexed: the functions never search by it, and building an index
-- here would block writes to a large ledger for a whole scan (CONCURRENTLY cannot run in the
-- runner's transaction); add one with CREATE INDEX CONCURRENTLY if audits by key become frequent.
ALTER TABLE credit_transactions ADD COLUMN IF NOT EXISTS idempotency_key text;

-- SQLSTATEs raised by the functions below (class AC, "AINP credit"):
--   AC001 insufficient credit            AC005 invalid amount
--   AC002 unknown credit account         AC006 usefulness proof not owned by the agent
--   AC003 reservation exceeded           AC007 unknown agent
--   AC004 idempotency key reused with different arguments
--   AC008 invalid idempotency key (NULL, empty, or longer than 255 characters)

-- Rejects a bad key or amount before anything is read or locked.
CREATE OR REPLACE FUNCTION credit_check_arguments(p_idempotency_key text, p_amount bigint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_idempotency_key IS NULL OR length(p_idempotency_key) NOT BETWEEN 1 AND 255 THEN
    RAISE EXCEPTION 'invalid idempotency key: it must be 1 to 255 characters, got %',
      coalesce(length(p_idempotency_key)::text || ' characters', 'NULL')
      USING ERRCODE = 'AC008',
            HINT = 'Send a unique key per logical request, e.g. a UUID, and reuse it only to retry.';
  END IF;
  IF p_amount IS NULL OR p_amount <= 0 THEN
    RAISE EXCEPTION 'invalid amount %: amounts are positive bigint atomic units (1 credit = 1000)',
      coalesce(p_amount::text, 'NULL')
      USING ERRCODE = 'AC005';
  END IF;
END
$$;

-- The stored result of an earlier call with this key; NULL when the key is new. Raises AC004 when
-- the key was used with different arguments.
CREATE OR REPLACE FUNCTION credit_replay(p_idempotency_key text, p_request jsonb)
RETURNS credit_accounts
LANGUAGE plpgsql AS $$
DECLARE
  v_key credit_idempotency_keys;
BEGIN
  SELECT * INTO v_key FROM credit_idempotency_keys WHERE idempotency_key = p_idempotency_key;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF v_key.request <> p_request THEN
    RAISE EXCEPTION 'idempotency key "%" was already used for a different request', p_idempotency_key
      USING ERRCODE = 'AC004',
            DETAIL = format('First request: %s. This request: %s.', v_key.request, p_request),
            HINT = 'Use a new key for a new request; reuse a key only to retry the same request.';
  END IF;
  RETURN jsonb_populate_record(NULL::credit_accounts, v_key.result);
END
$$;

-- Locks the agent's account row (FOR UPDATE) and returns it. With p_open it opens a missing
-- account first (deposit and earn do: credit coming in opens the account); without, AC002.
CREATE OR REPLACE FUNCTION credit_lock_account(p_agent_did text, p_open boolean)
RETURNS credit_accounts
LANGUAGE plpgsql AS $$
DECLARE
  v_account credit_accounts;
BEGIN
  SELECT * INTO v_account FROM credit_accounts WHERE agent_did = p_agent_did FOR UPDATE;
  IF FOUND THEN
    RETURN v_account;
  END IF;
  IF NOT p_open THEN
    RAISE EXCEPTION 'unknown credit account: agent % has no credit account', p_agent_did
      USING ERRCODE = 'AC002',
            HINT = 'Check the DID; an account is opened by the first deposit or earn.';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM agents WHERE did = p_agent_did) THEN
    RAISE EXCEPTION 'unknown agent: no agent is registered with DID %', p_agent_did
      USING ERRCODE = 'AC007',
            HINT = 'Register the agent first; credit accounts belong to registered agents.';
  END IF;
  -- A concurrent first deposit may open it too: DO NOTHING waits for it, then the lock below wins.
  INSERT INTO credit_accounts (agent_did) VALUES (p_agent_did) ON CONFLICT (agent_did) DO NOTHING;
  SELECT * INTO STRICT v_account FROM credit_accounts WHERE agent_did = p_agent_did FOR UPDATE;
  RETURN v_account;
END
$$;

-- Claims the key for this request, under the account lock. FALSE when another transaction claimed
-- it meanwhile (ON CONFLICT waits for that transaction to finish, so its result is then readable).
CREATE OR REPLACE FUNCTION credit_claim_key(p_idempotency_key text, p_request jsonb)
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO credit_idempotency_keys (idempotency_key, operation, agent_did, request)
  VALUES (p_idempotency_key, p_request ->> 'operation', p_request ->> 'agent_did', p_request)
  ON CONFLICT (idempotency_key) DO NOTHING;
  RETURN FOUND;
END
$$;

-- The answer to a request whose key another transaction claimed while this one waited.
CREATE OR REPLACE FUNCTION credit_replay_claimed(p_idempotency_key text, p_request jsonb)
RETURNS credit_accounts
LANGUAGE plpgsql AS $$
DECLARE
  v_result credit_accounts := credit_replay(p_idempotency_key, p_request);
BEGIN
  IF v_result.agent_did IS NULL THEN
    RAISE EXCEPTION 'idempotency key "%" is held by a transaction this one cannot see', p_idempotency_key
      USING ERRCODE = '40001',
            HINT = 'Retry the request: it returns the first result once that transaction commits.';
  END IF;
  RETURN v_result;
END
$$;

-- The start every operation shares: check the arguments, answer a known key from its stored result
-- (replayed), otherwise lock the account and claim the key. A key claimed by another transaction
-- while this one waited for the lock is answered from that transaction's result too.
CREATE OR REPLACE FUNCTION credit_begin(
  p_idempotency_key text, p_amount bigint, p_request jsonb, p_open boolean,
  OUT account credit_accounts, OUT replayed boolean
)
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM credit_check_arguments(p_idempotency_key, p_amount);
  account := credit_replay(p_idempotency_key, p_request);
  replayed := account.agent_did IS NOT NULL;
  IF replayed THEN RETURN; END IF;
  account := credit_lock_account(p_request ->> 'agent_did', p_open);
  IF NOT credit_claim_key(p_idempotency_key, p_request) THEN
    account := credit_replay_claimed(p_idempotency_key, p_request);
    replayed := true;
  END IF;
END
$$;

-- Records the account state an operation produced as the answer to every retry, and returns it.
CREATE OR REPLACE FUNCTION credit_finish(p_idempotency_key text, p_account credit_accounts)
RETURNS credit_accounts
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE credit_idempotency_keys SET result = to_jsonb(p_account)
   WHERE idempotency_key = p_idempotency_key;
  RETURN p_account;
END
$$;

-- Raises AC005 when adding p_amount to p_total would leave the bigint range.
CREATE OR REPLACE FUNCTION credit_check_headroom(p_total bigint, p_amount bigint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_amount > 9223372036854775807 - p_total THEN
    RAISE EXCEPTION 'invalid amount %: the account total would exceed the bigint range', p_amount
      USING ERRCODE = 'AC005';
  END IF;
END
$$;

-- AC001 unless the account has available credit (balance − reserved) of at least p_amount.
CREATE OR REPLACE FUNCTION credit_check_available(
  p_account credit_accounts, p_amount bigint, p_operation text
) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_account.balance - p_account.reserved < p_amount THEN
    RAISE EXCEPTION 'insufficient credit: agent % has % available (balance %, reserved %), % needs %',
      p_account.agent_did, p_account.balance - p_account.reserved, p_account.balance,
      p_account.reserved, p_operation, p_amount
      USING ERRCODE = 'AC001';
  END IF;
END
$$;

-- AC003 unless p_amount can be released or settled: at most the account's reserved total, and with
-- an intent also at most that intent's own reserve − release.
CREATE OR REPLACE FUNCTION credit_check_reserved(
  p_account credit_accounts, p_amount bigint, p_intent_id uuid, p_operation text
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_limit bigint := p_account.reserved;
BEGIN
  IF p_intent_id IS NOT NULL THEN
    SELECT least(v_limit, coalesce(sum(CASE tx_type WHEN 'reserve' THEN amount ELSE -amount END), 0))
      INTO v_limit
      FROM credit_transactions
     WHERE agent_did = p_account.agent_did AND intent_id = p_intent_id
       AND tx_type IN ('reserve', 'release');
  END IF;
  IF p_amount > v_limit THEN
    RAISE EXCEPTION 'reservation exceeded: % of % asked, but only % is reserved%',
      p_operation, p_amount, v_limit, coalesce(' for intent ' || p_intent_id, '')
      USING ERRCODE = 'AC003';
  END IF;
END
$$;

-- Every operation: credit_begin, then check its rule, update the account, append its ledger rows,
-- and record the new account state as the key's result.

CREATE OR REPLACE FUNCTION credit_deposit(
  p_agent_did text, p_amount bigint, p_idempotency_key text, p_metadata jsonb DEFAULT '{}'
) RETURNS credit_accounts
LANGUAGE plpgsql AS $$
DECLARE
  v_request jsonb := jsonb_build_object('operation', 'deposit', 'agent_did', p_agent_did,
    'amount', p_amount, 'metadata', coalesce(p_metadata, '{}'));
  v_begin record;
  v_account credit_accounts;
BEGIN
  SELECT * INTO v_begin FROM credit_begin(p_idempotency_key, p_amount, v_request, true);
  IF v_begin.replayed THEN RETURN v_begin.account; END IF;
  v_account := v_begin.account;
  PERFORM credit_check_headroom(v_account.balance, p_amount);
  UPDATE credit_accounts SET balance = balance + p_amount
   WHERE agent_did = p_agent_did RETURNING * INTO v_account;
  INSERT INTO credit_transactions (agent_did, tx_type, amount, metadata, idempotency_key)
  VALUES (p_agent_did, 'deposit', p_amount, coalesce(p_metadata, '{}'), p_idempotency_key);
  RETURN credit_finish(p_idempotency_key, v_account);
END
$$;

-- Earnings may name the usefulness proof that justified them; it must be the same agent's.
CREATE OR REPLACE FUNCTION credit_earn(
  p_agent_did text, p_amount bigint, p_idempotency_key text,
  p_usefulness_proof_id uuid DEFAULT NULL, p_intent_id uuid DEFAULT NULL,
  p_metadata jsonb DEFAULT '{}'
) RETURNS credit_accounts
LANGUAGE plpgsql AS $$
DECLARE
  v_request jsonb := jsonb_build_object('operation', 'earn', 'agent_did', p_agent_did,
    'amount', p_amount, 'usefulness_proof_id', p_usefulness_proof_id, 'intent_id', p_intent_id,
    'metadata', coalesce(p_metadata, '{}'));
  v_begin record;
  v_account credit_accounts;
  v_owner text;
BEGIN
  SELECT * INTO v_begin FROM credit_begin(p_idempotency_key, p_amount, v_request, true);
  IF v_begin.replayed THEN RETURN v_begin.account; END IF;
  v_account := v_begin.account;
  IF p_usefulness_proof_id IS NOT NULL THEN
    SELECT agent_did INTO v_owner FROM usefulness_proofs WHERE id = p_usefulness_proof_id
      FOR KEY SHARE;
    IF v_owner IS DISTINCT FROM p_agent_did THEN
      RAISE EXCEPTION 'usefulness proof % %', p_usefulness_proof_id,
        CASE WHEN v_owner IS NULL THEN 'does not exist'
             ELSE format('belongs to agent %s, not to %s', v_owner, p_agent_did) END
        USING ERRCODE = 'AC006',
              HINT = 'Earn against a proof of the same agent, or leave the proof out.';
    END IF;
  END IF;
  PERFORM credit_check_headroom(greatest(v_account.balance, v_account.earned), p_amount);
  UPDATE credit_accounts SET balance = balance + p_amount, earned = earned + p_amount
   WHERE agent_did = p_agent_did RETURNING * INTO v_account;
  INSERT INTO credit_transactions
    (agent_did, tx_type, amount, intent_id, usefulness_proof_id, metadata, idempotency_key)
  VALUES (p_agent_did, 'earn', p_amount, p_intent_id, p_usefulness_proof_id,
    coalesce(p_metadata, '{}'), p_idempotency_key);
  RETURN credit_finish(p_idempotency_key, v_account);
END
$$;

-- Sets credit aside: needs available credit (balance − reserved) of at least the amount.
CREATE OR REPLACE FUNCTION credit_reserve(
  p_agent_did text, p_amount bigint, p_idempotency_key text,
  p_intent_id uuid DEFAULT NULL, p_metadata jsonb DEFAULT '{}'
) RETURNS credit_accounts
LANGUAGE plpgsql AS $$
DECLARE
  v_request jsonb := jsonb_build_object('operation', 'reserve', 'agent_did', p_agent_did,
    'amount', p_amount, 'intent_id', p_intent_id, 'metadata', coalesce(p_metadata, '{}'));
  v_begin record;
  v_account credit_accounts;
BEGIN
  SELECT * INTO v_begin FROM credit_begin(p_idempotency_key, p_amount, v_request, false);
  IF v_begin.replayed THEN RETURN v_begin.account; END IF;
  v_account := v_begin.account;
  PERFORM credit_check_available(v_account, p_amount, 'reserve');
  UPDATE credit_accounts SET reserved = reserved + p_amount
   WHERE agent_did = p_agent_did RETURNING * INTO v_account;
  INSERT INTO credit_transactions (agent_did, tx_type, amount, intent_id, metadata, idempotency_key)
  VALUES (p_agent_did, 'reserve', p_amount, p_intent_id, coalesce(p_metadata, '{}'), p_idempotency_key);
  RETURN credit_finish(p_idempotency_key, v_account);
END
$$;

-- Returns reserved credit to the available pool; cannot release more than is reserved.
CREATE OR REPLACE FUNCTION credit_release(
  p_agent_did text, p_amount bigint, p_idempotency_key text,
  p_intent_id uuid DEFAULT NULL, p_metadata jsonb DEFAULT '{}'
) RETURNS credit_accounts
LANGUAGE plpgsql AS $$
DECLARE
  v_request jsonb := jsonb_build_object('operation', 'release', 'agent_did', p_agent_did,
    'amount', p_amount, 'intent_id', p_intent_id, 'metadata', coalesce(p_metadata, '{}'));
  v_begin record;
  v_account credit_accounts;
BEGIN
  SELECT * INTO v_begin FROM credit_begin(p_idempotency_key, p_amount, v_request, false);
  IF v_begin.replayed THEN RETURN v_begin.account; END IF;
  v_account := v_begin.account;
  PERFORM credit_check_reserved(v_account, p_amount, p_intent_id, 'release');
  UPDATE credit_accounts SET reserved = reserved - p_amount
   WHERE agent_did = p_agent_did RETURNING * INTO v_account;
  INSERT INTO credit_transactions (agent_did, tx_type, amount, intent_id, metadata, idempotency_key)
  VALUES (p_agent_did, 'release', p_amount, p_intent_id, coalesce(p_metadata, '{}'), p_idempotency_key);
  RETURN credit_finish(p_idempotency_key, v_account);
END
$$;

-- Spends credit. Immediate (default): needs available credit of at least the amount. Settling
-- (p_from_reservation): spends reserved credit, at most what is reserved, and writes a release row
-- and a spend row so that reserved = Σreserve − Σrelease and balance = Σdeposit + Σearn − Σspend.
CREATE OR REPLACE FUNCTION credit_spend(
  p_agent_did text, p_amount bigint, p_idempotency_key text,
  p_from_reservation boolean DEFAULT false, p_intent_id uuid DEFAULT NULL,
  p_metadata jsonb DEFAULT '{}'
) RETURNS credit_accounts
LANGUAGE plpgsql AS $$
DECLARE
  v_settle boolean := coalesce(p_from_reservation, false);
  v_request jsonb := jsonb_build_object('operation', 'spend', 'agent_did', p_agent_did,
    'amount', p_amount, 'from_reservation', v_settle, 'intent_id', p_intent_id,
    'metadata', coalesce(p_metadata, '{}'));
  v_begin record;
  v_account credit_accounts;
BEGIN
  SELECT * INTO v_begin FROM credit_begin(p_idempotency_key, p_amount, v_request, false);
  IF v_begin.replayed THEN RETURN v_begin.account; END IF;
  v_account := v_begin.account;
  IF v_settle THEN
    PERFORM credit_check_reserved(v_account, p_amount, p_intent_id, 'settlement');
    UPDATE credit_accounts
       SET reserved = reserved - p_amount, balance = balance - p_amount, spent = spent + p_amount
     WHERE agent_did = p_agent_did RETURNING * INTO v_account;
    INSERT INTO credit_transactions (agent_did, tx_type, amount, intent_id, metadata, idempotency_key)
    VALUES (p_agent_did, 'release', p_amount, p_intent_id, coalesce(p_metadata, '{}'), p_idempotency_key),
           (p_agent_did, 'spend', p_amount, p_intent_id, coalesce(p_metadata, '{}'), p_idempotency_key);
  ELSE
    PERFORM credit_check_available(v_account, p_amount, 'spend');
    UPDATE credit_accounts SET balance = balance - p_amount, spent = spent + p_amount
     WHERE agent_did = p_agent_did RETURNING * INTO v_account;
    INSERT INTO credit_transactions (agent_did, tx_type, amount, intent_id, metadata, idempotency_key)
    VALUES (p_agent_did, 'spend', p_amount, p_intent_id, coalesce(p_metadata, '{}'), p_idempotency_key);
  END IF;
  RETURN credit_finish(p_idempotency_key, v_account);
END
$$;
