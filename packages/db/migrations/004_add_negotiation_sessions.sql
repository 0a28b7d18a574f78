-- 004 (Phase 4.1): negotiations, the multi-round negotiation protocol agents run before accepting work.
-- State machine: initiated -> proposed <-> counter_proposed -> accepted | rejected | expired.
-- Adds the table, its 6 indexes, the updated_at trigger and expire_stale_negotiations().

CREATE TABLE IF NOT EXISTS negotiations (
  id                uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
  intent_id         uuid         NOT NULL,
  initiator_did     text         NOT NULL REFERENCES agents (did) ON DELETE CASCADE,
  responder_did     text         NOT NULL REFERENCES agents (did) ON DELETE CASCADE,
  state             text         NOT NULL DEFAULT 'initiated'
    CHECK (state IN ('initiated', 'proposed', 'counter_proposed', 'accepted', 'rejected', 'expired')),
  rounds            jsonb        NOT NULL DEFAULT '[]'::jsonb,
  convergence_score numeric(5,4) NOT NULL DEFAULT 0
    CHECK (convergence_score >= 0 AND convergence_score <= 1),
  current_proposal  jsonb,
  final_proposal    jsonb,
  incentive_split   jsonb        NOT NULL
    DEFAULT '{"agent": 0.70, "broker": 0.10, "validator": 0.10, "pool": 0.10}'::jsonb,
  max_rounds        integer      NOT NULL DEFAULT 10 CHECK (max_rounds >= 1 AND max_rounds <= 20),
  created_at        timestamptz  NOT NULL DEFAULT now(),
  expires_at        timestamptz  NOT NULL,
  updated_at        timestamptz  NOT NULL DEFAULT now(),
  CONSTRAINT negotiation_participants_different CHECK (initiator_did <> responder_did)
);

CREATE INDEX IF NOT EXISTS idx_negotiations_intent ON negotiations (intent_id);
CREATE INDEX IF NOT EXISTS idx_negotiations_initiator ON negotiations (initiator_did, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_negotiations_responder ON negotiations (responder_did, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_negotiations_state ON negotiations (state);
-- Partial on the non-terminal states: only live negotiations can expire or still converge.
CREATE INDEX IF NOT EXISTS idx_negotiations_expires ON negotiations (expires_at)
  WHERE state NOT IN ('accepted', 'rejected', 'expired');
CREATE INDEX IF NOT EXISTS idx_negotiations_convergence ON negotiations (convergence_score DESC)
  WHERE state NOT IN ('accepted', 'rejected', 'expired');

-- clock_timestamp(), not now(): an update in the same transaction as the insert still moves updated_at.
CREATE OR REPLACE FUNCTION update_negotiations_timestamp() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := clock_timestamp();
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER trg_negotiations_update
  BEFORE UPDATE ON negotiations
  FOR EACH ROW EXECUTE FUNCTION update_negotiations_timestamp();

-- Marks every live negotiation past its deadline as expired; returns how many it marked.
CREATE OR REPLACE FUNCTION expire_stale_negotiations() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  expired_count integer;
BEGIN
  UPDATE negotiations
     SET state = 'expired'
   WHERE expires_at < now()
     AND state NOT IN ('accepted', 'rejected', 'expired');
  GET DIAGNOSTICS expired_count = ROW_COUNT;
  RETURN expired_count;
END
$$;
