-- 013 (emergency only): undoes 013_add_usefulness_cache_refresh.sql. Drops refresh_usefulness_cache()
-- and takes 013 out of `migrations` in the same transaction. The cached scores it wrote stay in 007's
-- agents.usefulness_score_cached. Safe to run again; refuses while another function still calls it, or
-- while a later migration (014) has rewritten it to call a function of its own.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/013_rollback_usefulness_cache_refresh.sql

BEGIN;
-- Hides the server's "does not exist, skipping" notices; this script reports with INFO, always shown.
SET LOCAL client_min_messages = warning;
-- rollback_history(): the migration-history bookkeeping every rollback script shares.
\ir include/history.sql

DO $rollback$
DECLARE
  users  text;
  report text[] := '{}';
  line   text;
BEGIN
  -- 0. Wait for any migrate or rollback in progress: the runner's advisory lock, held to COMMIT.
  PERFORM pg_advisory_xact_lock(-8525285245963000605);

  -- 1. Refuse while another function calls it (PostgreSQL does not track function bodies).
  SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY p.oid::regprocedure::text)
    INTO users
    FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
     AND p.proname <> 'refresh_usefulness_cache'
     AND p.prosrc ~ '\mrefresh_usefulness_cache\M';
  IF users IS NOT NULL THEN
    RAISE EXCEPTION 'Refusing to roll back the usefulness cache refresh (013): function % still calls it. Nothing was changed. Roll back the feature that added it first.', users
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;

  -- 1b. Refuse while a later migration has rewritten it to call a function of its own (014 made it
  --     call refresh_usefulness_cache_as_of): dropping it would leave that migration half undone.
  SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY p.oid::regprocedure::text)
    INTO users
    FROM pg_proc r, pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE r.oid = to_regprocedure('refresh_usefulness_cache(text)') AND p.oid <> r.oid
     AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
     AND r.prosrc ~ ('\m' || p.proname || '\M');
  IF users IS NOT NULL THEN
    RAISE EXCEPTION 'Refusing to roll back the usefulness cache refresh (013): a later migration made refresh_usefulness_cache(text) call %. Nothing was changed. Roll back the feature that added it first.', users
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;

  -- 2. Drop the function; the values it cached stay.
  BEGIN
    IF to_regprocedure('refresh_usefulness_cache(text)') IS NOT NULL THEN
      report := report || 'dropped function refresh_usefulness_cache(text) (the cached scores stay)'::text;
    END IF;
    DROP FUNCTION IF EXISTS refresh_usefulness_cache(text);
  EXCEPTION WHEN dependent_objects_still_exist THEN
    GET STACKED DIAGNOSTICS users = PG_EXCEPTION_DETAIL;
    RAISE EXCEPTION 'Refusing to roll back the usefulness cache refresh (013): %. Nothing was changed. Roll back the feature that added it first.', replace(users, E'\n', '; ')
      USING ERRCODE = 'dependent_objects_still_exist';
  END;

  -- 3. Keep the migration history true: record, then remove, 013's row.
  report := report || pg_temp.rollback_history(ARRAY[13], '013_rollback_usefulness_cache_refresh.sql');

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: the usefulness cache refresh is already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 013: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
