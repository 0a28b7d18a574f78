-- The refusal the rollbacks of 012 and 023 share (\ir include/credit-error-hints.sql): while 040
-- (the credit error hints) is applied, undoing a feature whose credit checks it replaced would put
-- back or drop 040's bodies and leave its row in `migrations` with nothing to show for it.

-- Raises, naming `feature`, while any of 040's HINTs is in a credit check's body.
CREATE OR REPLACE FUNCTION pg_temp.refuse_while_credit_error_hints(feature text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_proc
              WHERE proname IN ('credit_check_arguments', 'credit_check_headroom',
                                'credit_check_available', 'credit_check_reserved')
                AND prosrc ~ '(totals within the bigint range|Deposit or earn more|Release or settle at most)') THEN
    RAISE EXCEPTION 'Refusing to roll back %: the credit error hints (040) are applied. Nothing was changed. Roll them back first (040_rollback_credit_error_hints.sql, or pnpm rollback credit-error-hints).', feature
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;
END
$$;
