-- 015 (emergency only): undoes 015_add_existing_row_check.sql. Drops assert_no_violating_rows() and
-- add_check_not_valid() and takes 015 out of `migrations` in the same transaction. The rules they
-- added stay. Safe to run again.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/015_rollback_existing_row_check.sql

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
    IF to_regprocedure('add_check_not_valid(regclass, text, text)') IS NOT NULL OR to_regprocedure('assert_no_violating_rows(regclass, text, text)') IS NOT NULL THEN
      report := report || 'dropped functions add_check_not_valid and assert_no_violating_rows (the rules they added stay)'::text;
    END IF;
    DROP FUNCTION IF EXISTS add_check_not_valid(regclass, text, text);
    DROP FUNCTION IF EXISTS assert_no_violating_rows(regclass, text, text);

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
      SELECT id, name, hash, '015_rollback_existing_row_check.sql' FROM migrations
       WHERE id IN (15) ORDER BY id;
    FOR line IN DELETE FROM migrations WHERE id IN (15) RETURNING format('%s_%s', lpad(id::text, 3, '0'), name) LOOP
      report := report || format('removed %s from the migrations table: the next migrate re-applies it', line);
    END LOOP;
  END IF;

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: the existing-row check helpers are already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 015: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
