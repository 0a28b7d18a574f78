-- 023: an idempotency key made only of whitespace is refused like an empty one: by the credit
-- functions (AC008, before anything is read or locked) and by CHECKs on both tables that hold keys
-- (added NOT VALID once the existing rows were shown to obey them; 024 validates them).

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
      USING ERRCODE = 'AC005';
  END IF;
END
$$;

SELECT add_check_not_valid('credit_idempotency_keys', 'credit_idempotency_keys_key_not_blank',
  $$idempotency_key ~ '[^[:space:]]'$$);
SELECT add_check_not_valid('credit_transactions', 'credit_transactions_idempotency_key_not_blank',
  $$idempotency_key ~ '[^[:space:]]'$$);
