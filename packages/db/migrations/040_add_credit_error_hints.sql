-- 040: every refusal of the credit functions says what to do next in its HINT, the one place that
-- advice lives (DatabaseClient's typed errors carry the server's HINT as they get it). AC001, AC003
-- and AC005 had none; the bodies are otherwise 023's and 012's. CREATE OR REPLACE: no table is locked.

CREATE OR REPLACE FUNCTION credit_check_arguments(p_idempotency_key text, p_amount bigint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_idempotency_key IS NULL OR length(p_idempotency_key) NOT BETWEEN 1 AND 255
     OR p_idempotency_key !~ '[^[:space:]]' THEN
    RAISE EXCEPTION 'invalid idempotency key: it must be 1 to 255 characters, not all whitespace, got %',
      coalesce(length(p_idempotency_key)::text || ' characters', 'NULL')
        || CASE WHEN length(p_idempotency_key) > 0 AND p_idempotency_key !~ '[^[:space:]]'
             THEN ' of whitespace' ELSE '' END
      USING ERRCODE = 'AC008',
            HINT = 'Send a unique key per logical request, e.g. a UUID, and reuse it only to retry.';
  END IF;
  IF p_amount IS NULL OR p_amount <= 0 THEN
    RAISE EXCEPTION 'invalid amount %: amounts are positive bigint atomic units (1 credit = 1000)',
      coalesce(p_amount::text, 'NULL')
      USING ERRCODE = 'AC005',
            HINT = 'Pass a positive whole number of atomic units (1 credit = 1000) that keeps the account''s totals within the bigint range.';
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION credit_check_headroom(p_total bigint, p_amount bigint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_amount > 9223372036854775807 - p_total THEN
    RAISE EXCEPTION 'invalid amount %: the account total would exceed the bigint range', p_amount
      USING ERRCODE = 'AC005',
            HINT = 'Pass a positive whole number of atomic units (1 credit = 1000) that keeps the account''s totals within the bigint range.';
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION credit_check_available(p_account credit_accounts, p_amount bigint, p_operation text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_account.balance - p_account.reserved < p_amount THEN
    RAISE EXCEPTION 'insufficient credit: agent % has % available (balance %, reserved %), % needs %',
      p_account.agent_did, p_account.balance - p_account.reserved, p_account.balance,
      p_account.reserved, p_operation, p_amount
      USING ERRCODE = 'AC001',
            HINT = 'Deposit or earn more, release a reservation, or ask for less; a retry with the same key checks the balance again.';
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION credit_check_reserved(p_account credit_accounts, p_amount bigint, p_intent_id uuid, p_operation text)
RETURNS void
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
      USING ERRCODE = 'AC003',
            HINT = 'Release or settle at most what is reserved (for that intent, when an intent is given).';
  END IF;
END
$$;
