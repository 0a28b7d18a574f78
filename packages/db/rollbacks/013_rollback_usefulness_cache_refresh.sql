-- Rollback of 013_add_usefulness_cache_refresh.sql (emergency only): drops refresh_usefulness_cache().
-- The cached scores it wrote stay in agents.usefulness_score_cached (007's column, 007's data).
-- One transaction; safe to run again, or when 013 was never applied.

BEGIN;

DROP FUNCTION IF EXISTS refresh_usefulness_cache(text);

-- Forget 013 in the runner's history, and log why, so the runner applies it again when asked.
DO $$
BEGIN
  IF to_regclass('migrations') IS NOT NULL THEN
    CREATE TABLE IF NOT EXISTS migration_rollbacks (
      migration_id   integer      NOT NULL,
      name           varchar(100) NOT NULL,
      hash           varchar(40)  NOT NULL,
      rollback_file  text         NOT NULL,
      rolled_back_at timestamptz  NOT NULL DEFAULT now()
    );
    INSERT INTO migration_rollbacks (migration_id, name, hash, rollback_file)
      SELECT id, name, hash, '013_rollback_usefulness_cache_refresh.sql' FROM migrations WHERE id = 13;
    DELETE FROM migrations WHERE id = 13;
  END IF;
END
$$;

COMMIT;
