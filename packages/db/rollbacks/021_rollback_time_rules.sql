-- 021 (emergency only): undoes 021_add_time_rules.sql and 022_validate_time_rules.sql. Drops the finite-timestamp
-- and time-order CHECKs and takes 021 and 022 out of `migrations` in the same transaction. The rows
-- stay. Safe to run again.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/021_rollback_time_rules.sql

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
    FOREACH pair SLICE 1 IN ARRAY ARRAY[
      ['agents', 'agents_timestamps_finite'],
      ['agents', 'agents_expires_after_created'],
      ['agents', 'agents_last_seen_after_created'],
      ['trust_scores', 'trust_scores_timestamps_finite'],
      ['negotiations', 'negotiations_timestamps_finite'],
      ['negotiations', 'negotiations_expires_after_created'],
      ['usefulness_proofs', 'usefulness_proofs_timestamps_finite'],
      ['credit_accounts', 'credit_accounts_timestamps_finite'],
      ['credit_transactions', 'credit_transactions_timestamps_finite'],
      ['credit_idempotency_keys', 'credit_idempotency_keys_timestamps_finite']] LOOP
      IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(pair[1]) AND conname = pair[2]) THEN
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', pair[1], pair[2]);
        report := report || format('dropped constraint %s.%s (the rows stay)', pair[1], pair[2]);
      END IF;
    END LOOP;

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
      SELECT id, name, hash, '021_rollback_time_rules.sql' FROM migrations
       WHERE id IN (21, 22) ORDER BY id;
    FOR line IN DELETE FROM migrations WHERE id IN (21, 22) RETURNING format('%s_%s', lpad(id::text, 3, '0'), name) LOOP
      report := report || format('removed %s from the migrations table: the next migrate re-applies it', line);
    END LOOP;
  END IF;

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: the time rules are already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 021: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
