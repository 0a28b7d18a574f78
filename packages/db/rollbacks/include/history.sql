-- Included by every rollback script (\ir include/history.sql), after its BEGIN.
-- rollback_history(ids, rollback_file) keeps the migration history true when a rollback removes a
-- feature: it copies the rows of its migrations from `migrations` into `migration_rollbacks`
-- (which the runner reads: those files may be applied again), deletes them, and returns one report
-- line per removed migration. Nothing to do, and no line, on a database the runner never touched.
CREATE OR REPLACE FUNCTION pg_temp.rollback_history(ids integer[], rollback_file text) RETURNS text[]
LANGUAGE plpgsql AS $history$
DECLARE
  lines text[] := '{}';
  removed text;
BEGIN
  IF to_regclass('migrations') IS NULL THEN
    RETURN lines;
  END IF;
  CREATE TABLE IF NOT EXISTS migration_rollbacks (
    migration_id   integer      NOT NULL,
    name           varchar(100) NOT NULL,
    hash           varchar(40)  NOT NULL,
    rollback_file  text         NOT NULL,
    rolled_back_at timestamptz  NOT NULL DEFAULT now()
  );
  INSERT INTO migration_rollbacks (migration_id, name, hash, rollback_file)
    SELECT id, name, hash, rollback_history.rollback_file FROM migrations
     WHERE id = ANY (ids) ORDER BY id;
  FOR removed IN DELETE FROM migrations WHERE id = ANY (ids) RETURNING format('%s_%s', lpad(id::text, 3, '0'), name) LOOP
    lines := lines || format('removed %s from the migrations table: the next migrate re-applies it', removed);
  END LOOP;
  RETURN lines;
END
$history$;
