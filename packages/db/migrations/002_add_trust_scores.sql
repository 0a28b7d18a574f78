-- 002: trust_scores, one row per agent, for reputation-based agent selection.
-- Every dimension is a score in [0,1]; decay_rate in (0,1] says how fast trust fades without new
-- evidence. Deleting an agent deletes its trust row.

CREATE TABLE IF NOT EXISTS trust_scores (
  agent_did    text         PRIMARY KEY REFERENCES agents (did) ON DELETE CASCADE,
  score        numeric(5,4) NOT NULL DEFAULT 0.5 CHECK (score BETWEEN 0 AND 1),
  reliability  numeric(5,4) NOT NULL DEFAULT 0.5 CHECK (reliability BETWEEN 0 AND 1),
  honesty      numeric(5,4) NOT NULL DEFAULT 0.5 CHECK (honesty BETWEEN 0 AND 1),
  competence   numeric(5,4) NOT NULL DEFAULT 0.5 CHECK (competence BETWEEN 0 AND 1),
  timeliness   numeric(5,4) NOT NULL DEFAULT 0.5 CHECK (timeliness BETWEEN 0 AND 1),
  decay_rate   numeric(5,4) NOT NULL DEFAULT 0.977 CHECK (decay_rate > 0 AND decay_rate <= 1),
  last_updated timestamptz  NOT NULL DEFAULT now()
);

-- "Most trusted agents first".
CREATE INDEX IF NOT EXISTS idx_trust_scores_score ON trust_scores (score DESC);
