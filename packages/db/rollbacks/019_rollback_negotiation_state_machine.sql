-- 019 (emergency only): undoes 019_add_negotiation_state_machine.sql and 020_validate_negotiation_state_machine.sql.
-- Drops the state-machine trigger and its function and the final_proposal CHECK, and takes 019 and
-- 020 out of `migrations` in the same transaction. The negotiations stay. Safe to run again.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/019_rollback_negotiation_state_machine.sql

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
    IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass('negotiations')
                AND tgname = 'trg_negotiations_state_machine') THEN
      report := report || 'dropped trigger trg_negotiations_state_machine and negotiations_check_transition()'::text;
    END IF;
    DROP TRIGGER IF EXISTS trg_negotiations_state_machine ON negotiations;
    DROP FUNCTION IF EXISTS negotiations_check_transition();
    FOREACH pair SLICE 1 IN ARRAY ARRAY[
      ['negotiations', 'negotiations_final_proposal_when_accepted']] LOOP
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
      SELECT id, name, hash, '019_rollback_negotiation_state_machine.sql' FROM migrations
       WHERE id IN (19, 20) ORDER BY id;
    FOR line IN DELETE FROM migrations WHERE id IN (19, 20) RETURNING format('%s_%s', lpad(id::text, 3, '0'), name) LOOP
      report := report || format('removed %s from the migrations table: the next migrate re-applies it', line);
    END LOOP;
  END IF;

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: the negotiation state machine is already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 019: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
