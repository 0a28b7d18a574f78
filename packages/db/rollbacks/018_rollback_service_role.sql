-- 018 (emergency only): undoes 018_add_service_role.sql. Drops the append-only triggers on credit_transactions,
-- makes the credit functions SECURITY INVOKER again (callable by PUBLIC, as 012 left them), revokes
-- every privilege of ainp_app in this database and takes 018 out of `migrations` in the same
-- transaction. The role itself stays: roles belong to the whole server. Safe to run again.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/018_rollback_service_role.sql

BEGIN;
-- Hides the server's "does not exist, skipping" notices; this script reports with INFO, always shown.
SET LOCAL client_min_messages = warning;

DO $rollback$
DECLARE
  pair   text[];
  report text[] := '{}';
  line   text;
BEGIN
  -- 0. Wait for any migrate or rollback in progress: the runner's advisory lock, held to COMMIT.
  PERFORM pg_advisory_xact_lock(-8525285245963000605);

  -- 1. Drop what the migrations added, reporting each thing that goes.
    IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass('credit_transactions')
                AND tgname LIKE 'credit\_transactions\_append\_only%') THEN
      report := report || 'dropped the append-only triggers of credit_transactions'::text;
    END IF;
    DROP TRIGGER IF EXISTS credit_transactions_append_only ON credit_transactions;
    DROP TRIGGER IF EXISTS credit_transactions_append_only_truncate ON credit_transactions;
    DROP FUNCTION IF EXISTS credit_transactions_append_only();
    FOREACH line IN ARRAY ARRAY[
      to_regprocedure('credit_deposit(text, bigint, text, jsonb)'),
      to_regprocedure('credit_earn(text, bigint, text, uuid, uuid, jsonb)'),
      to_regprocedure('credit_reserve(text, bigint, text, uuid, jsonb)'),
      to_regprocedure('credit_release(text, bigint, text, uuid, jsonb)'),
      to_regprocedure('credit_spend(text, bigint, text, boolean, uuid, jsonb)')]::text[] LOOP
      IF EXISTS (SELECT 1 FROM pg_proc WHERE oid = to_regprocedure(line) AND prosecdef) THEN
        EXECUTE format('ALTER FUNCTION %s SECURITY INVOKER RESET search_path', line);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', line);
        report := report || format('made %s SECURITY INVOKER again, callable by every role', line);
      END IF;
    END LOOP;
    -- The role is server-wide: only report it when it holds something in this database.
    IF EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = 'ainp_app' AND (
         EXISTS (SELECT 1 FROM pg_namespace n, aclexplode(n.nspacl) a
                  WHERE n.nspname = current_schema() AND a.grantee = r.oid)
      OR EXISTS (SELECT 1 FROM pg_class c, aclexplode(c.relacl) a
                  WHERE c.relnamespace = current_schema()::regnamespace AND a.grantee = r.oid)
      OR EXISTS (SELECT 1 FROM pg_default_acl d, aclexplode(d.defaclacl) a WHERE a.grantee = r.oid))) THEN
      EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM ainp_app', current_schema());
      EXECUTE format('REVOKE ALL ON ALL FUNCTIONS IN SCHEMA %I FROM ainp_app', current_schema());
      EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE SELECT ON TABLES FROM ainp_app', current_schema());
      EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM ainp_app', current_schema());
      report := report || 'revoked every privilege of role ainp_app in this database (the role stays: roles belong to the whole server)'::text;
    END IF;

  -- 2. Keep the migration history true: record, then remove, the migrations' rows.
  IF to_regclass('migrations') IS NOT NULL THEN
    CREATE TABLE IF NOT EXISTS migration_rollbacks (
      migration_id   integer      NOT NULL,
      name           varchar(100) NOT NULL,
      hash           varchar(40)  NOT NULL,
      rollback_file  text         NOT NULL,
      rolled_back_at timestamptz  NOT NULL DEFAULT now()
    );
    INSERT INTO migration_rollbacks (migration_id, name, hash, rollback_file)
      SELECT id, name, hash, '018_rollback_service_role.sql' FROM migrations
       WHERE id IN (18) ORDER BY id;
    FOR line IN DELETE FROM migrations WHERE id IN (18) RETURNING format('%s_%s', lpad(id::text, 3, '0'), name) LOOP
      report := report || format('removed %s from the migrations table: the next migrate re-applies it', line);
    END LOOP;
  END IF;

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: the service role is already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 018: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
