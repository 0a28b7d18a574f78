-- 025 (emergency only): undoes 025_add_identity_rules.sql and 026_validate_identity_rules.sql. Drops the DID,
-- public key and capability CHECKs and agent_capabilities_valid(), and takes 025 and 026 out of
-- `migrations` in the same transaction. The agents stay. Safe to run again.
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f packages/db/rollbacks/025_rollback_identity_rules.sql

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
      ['agents', 'agents_did_syntax'],
      ['agents', 'agents_public_key_format'],
      ['agents', 'agents_capabilities_format']] LOOP
      IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(pair[1]) AND conname = pair[2]) THEN
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', pair[1], pair[2]);
        report := report || format('dropped constraint %s.%s (the rows stay)', pair[1], pair[2]);
      END IF;
    END LOOP;
    IF to_regprocedure('agent_capabilities_valid(text[])') IS NOT NULL THEN
      report := report || 'dropped function agent_capabilities_valid(text[])'::text;
    END IF;
    DROP FUNCTION IF EXISTS agent_capabilities_valid(text[]);

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
      SELECT id, name, hash, '025_rollback_identity_rules.sql' FROM migrations
       WHERE id IN (25, 26) ORDER BY id;
    FOR line IN DELETE FROM migrations WHERE id IN (25, 26) RETURNING format('%s_%s', lpad(id::text, 3, '0'), name) LOOP
      report := report || format('removed %s from the migrations table: the next migrate re-applies it', line);
    END LOOP;
  END IF;

  IF cardinality(report) = 0 THEN
    report := ARRAY['nothing to do: the identity rules are already rolled back'];
  END IF;
  FOREACH line IN ARRAY report LOOP
    RAISE INFO 'rollback 025: %', line;
  END LOOP;
END
$rollback$;

COMMIT;
