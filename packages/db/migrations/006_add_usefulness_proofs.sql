-- 006 (Web4 POU-lite): usefulness_proofs, the record of productive work an agent did for an intent.
-- Economic incentives are paid against these proofs; metrics is JSONB so each work type can carry
-- its own measurements without further migrations.

CREATE TABLE IF NOT EXISTS usefulness_proofs (
  id               uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
  intent_id        uuid         NOT NULL,
  agent_did        text         NOT NULL REFERENCES agents (did) ON DELETE CASCADE,
  work_type        text         NOT NULL
    CHECK (work_type IN ('compute', 'memory', 'routing', 'validation', 'learning')),
  metrics          jsonb        NOT NULL DEFAULT '{}'::jsonb,
  attestations     text[],
  trace_id         text,
  usefulness_score numeric(5,2) NOT NULL CHECK (usefulness_score >= 0 AND usefulness_score <= 100),
  created_at       timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS idx_usefulness_agent ON usefulness_proofs (agent_did, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_usefulness_intent ON usefulness_proofs (intent_id);
CREATE INDEX IF NOT EXISTS idx_usefulness_work_type ON usefulness_proofs (work_type);
CREATE INDEX IF NOT EXISTS idx_usefulness_score ON usefulness_proofs (usefulness_score DESC);
CREATE INDEX IF NOT EXISTS idx_usefulness_trace ON usefulness_proofs (trace_id);
-- An agent's leaderboard: its best proofs first.
CREATE INDEX IF NOT EXISTS idx_usefulness_agent_score ON usefulness_proofs (agent_did, usefulness_score DESC);
CREATE INDEX IF NOT EXISTS idx_usefulness_metrics ON usefulness_proofs USING gin (metrics);
