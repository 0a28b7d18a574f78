-- The summary every verification script ends with (\ir include/summary.sql), before its ROLLBACK:
-- this statement fails when any test failed, so psql (-v ON_ERROR_STOP=1) exits non-zero and the
-- transaction is rolled back either way.
DO $summary$
DECLARE
  n_passed integer;
  n_failed integer;
BEGIN
  SELECT count(*) FILTER (WHERE passed), count(*) FILTER (WHERE NOT passed)
    INTO n_passed, n_failed FROM verify_results;
  RAISE INFO '% passed, % failed', n_passed, n_failed;
  IF n_failed > 0 THEN
    RAISE EXCEPTION '% of % tests failed (the ❌ lines above). Nothing was changed.',
      n_failed, n_passed + n_failed;
  END IF;
END
$summary$;
