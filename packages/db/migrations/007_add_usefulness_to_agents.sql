-- 007: caches each agent's 30-day rolling average usefulness on the agents row, so discovery can
-- rank agents without aggregating usefulness_proofs on every query.
-- idx_agents_usefulness serves the discovery ranking: best agents first, most recently seen next.

ALTER TABLE agents ADD COLUMN IF NOT EXISTS usefulness_score_cached numeric(5,2) NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN IF NOT EXISTS usefulness_last_updated timestamptz;

DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint
    WHERE conrelid = 'agents'::regclass AND conname = 'agents_usefulness_score_cached_check'
  ) THEN
    ALTER TABLE agents ADD CONSTRAINT agents_usefulness_score_cached_check
      CHECK (usefulness_score_cached >= 0 AND usefulness_score_cached <= 100);
  END IF;
END
$$;

CREATE INDEX IF NOT EXISTS idx_agents_usefulness
  ON agents (usefulness_score_cached DESC, last_seen_at DESC);
