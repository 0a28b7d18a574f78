-- 015 (emergency only): undoes 015_add_existing_row_check.sql. Drops assert_no_violating_rows() and
-- add_check_not_valid() and takes 015 out of `migrations` in the same transaction. The rules they
-- added stay. Safe to run again.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/015_rollback_existing_row_check.sql

BEGIN;
-- Hides the server's "does not exist, skipping" notices; this script reports with INFO, always shown.
SET LOCAL client_min_messages = warning;
-- rollback_history(): the migration-history bookkeeping every rollback script shares.
\ir include/history.sql

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
  report := report || pg_temp.rollback_history(ARRAY[15], '015_rollback_existing_row_check.sql');

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: the existing-row check helpers are already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 015: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
