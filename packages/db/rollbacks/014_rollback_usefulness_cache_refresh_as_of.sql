-- 014 (emergency only): undoes 014_add_usefulness_cache_refresh_as_of.sql. Puts back 013's own body of
-- refresh_usefulness_cache(), drops refresh_usefulness_cache_as_of() and takes 014 out of `migrations` in the
-- same transaction. The cached scores stay. Safe to run again; refuses while another function calls it.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/014_rollback_usefulness_cache_refresh_as_of.sql

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

  -- 1. Refuse while a function other than 014's wrapper calls it (PostgreSQL does not track bodies).
  SELECT string_agg(p.oid::regprocedure::text, ', ' ORDER BY p.oid::regprocedure::text)
    INTO users
    FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
     AND p.proname NOT IN ('refresh_usefulness_cache_as_of', 'refresh_usefulness_cache')
     AND p.prosrc ~ '\mrefresh_usefulness_cache_as_of\M';
  IF users IS NOT NULL THEN
    RAISE EXCEPTION 'Refusing to roll back the as-of usefulness cache refresh (014): function % still calls it. Nothing was changed. Roll back the feature that added it first.', users
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;

  -- Refuse while 030-039 (the distribution-ready keys) are applied: they changed this feature's
  -- tables or functions, and undoing it under them would leave a schema no migration describes.
  IF (SELECT pg_get_constraintdef(oid) FROM pg_constraint
       WHERE conrelid = to_regclass('agents') AND conname = 'agents_pkey') = 'PRIMARY KEY (did)'
     OR num_nonnulls(to_regclass('agents_did_pkey_index'), to_regclass('usefulness_proofs_agent_did_id_key'),
          to_regclass('credit_transactions_agent_did_id_key'), to_regclass('negotiations_initiator_did_id_key'),
          to_regclass('credit_idempotency_keys_agent_did_key_key')) > 0 THEN
    RAISE EXCEPTION 'Refusing to roll back the as-of usefulness cache refresh (014): the distribution-ready keys (030-039) are applied. Nothing was changed. Roll them back first (030_rollback_distribution_ready_keys.sql, or pnpm rollback distribution-ready-keys).'
      USING ERRCODE = 'dependent_objects_still_exist';
  END IF;

  -- 2. Give refresh_usefulness_cache() back 013's body (text for text, so the catalog is 013's again)
  --    while it still calls the as-of function, then drop that function; the values it cached stay.
  BEGIN
    IF EXISTS (SELECT 1 FROM pg_proc WHERE oid = to_regprocedure('refresh_usefulness_cache(text)')
                AND prosrc ~ '\mrefresh_usefulness_cache_as_of\M') THEN
      EXECUTE $restore$
CREATE OR REPLACE FUNCTION refresh_usefulness_cache(p_agent_did text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_now   timestamptz := now();
  v_since timestamptz := v_now - interval '30 days';
  v_count integer;
BEGIN
  IF p_agent_did IS NULL THEN
    -- One pass over the window's proofs (hash aggregate), joined to every agent.
    UPDATE agents a
       SET usefulness_score_cached = coalesce(recent.score, 0),
           usefulness_last_updated = v_now
      FROM agents ag
      LEFT JOIN (
        SELECT agent_did, avg(usefulness_score) AS score
          FROM usefulness_proofs
         WHERE created_at >= v_since
         GROUP BY agent_did
      ) recent ON recent.agent_did = ag.did
     WHERE a.id = ag.id;
  ELSE
    -- One agent: idx_usefulness_agent (agent_did, created_at DESC) finds its window directly.
    UPDATE agents
       SET usefulness_score_cached = coalesce((
             SELECT avg(usefulness_score)
               FROM usefulness_proofs
              WHERE agent_did = p_agent_did AND created_at >= v_since
           ), 0),
           usefulness_last_updated = v_now
     WHERE did = p_agent_did;
  END IF;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$$
$restore$;
      report := report || 'restored 013''s refresh_usefulness_cache(text), which uses now() again'::text;
    END IF;
    IF to_regprocedure('refresh_usefulness_cache_as_of(timestamptz, text)') IS NOT NULL THEN
      report := report || 'dropped function refresh_usefulness_cache_as_of(timestamptz, text) (the cached scores stay)'::text;
    END IF;
    DROP FUNCTION IF EXISTS refresh_usefulness_cache_as_of(timestamptz, text);
  EXCEPTION WHEN dependent_objects_still_exist THEN
    GET STACKED DIAGNOSTICS users = PG_EXCEPTION_DETAIL;
    RAISE EXCEPTION 'Refusing to roll back the as-of usefulness cache refresh (014): %. Nothing was changed. Roll back the feature that added it first.', replace(users, E'\n', '; ')
      USING ERRCODE = 'dependent_objects_still_exist';
  END;

  -- 3. Keep the migration history true: record, then remove, 014's row.
  report := report || pg_temp.rollback_history(ARRAY[14], '014_rollback_usefulness_cache_refresh_as_of.sql');

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: the as-of usefulness cache refresh is already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 014: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
