-- 001: the agents table and its registration fields, for agent discovery and capability advertising.
-- There is no separate base schema: this file creates `agents` when it is missing, then adds the
-- registration fields (ttl, expires_at, capabilities) so an existing agents table is upgraded in place.

CREATE TABLE IF NOT EXISTS agents (
  id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  did          text        NOT NULL,
  public_key   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT agents_did_key UNIQUE (did),
  CONSTRAINT agents_did_format CHECK (did LIKE 'did:key:%' OR did LIKE 'did:web:%')
);

-- Registration fields. ttl is in milliseconds; an agent whose expires_at has passed is no longer
-- discoverable until it registers again.
ALTER TABLE agents ADD COLUMN IF NOT EXISTS ttl bigint;
ALTER TABLE agents ADD COLUMN IF NOT EXISTS expires_at timestamptz;
ALTER TABLE agents ADD COLUMN IF NOT EXISTS capabilities text[] NOT NULL DEFAULT '{}';

DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint
    WHERE conrelid = 'agents'::regclass AND conname = 'agents_ttl_positive'
  ) THEN
    ALTER TABLE agents ADD CONSTRAINT agents_ttl_positive CHECK (ttl > 0);
  END IF;
END
$$;

-- Expiry sweeps only look at agents that can expire.
CREATE INDEX IF NOT EXISTS idx_agents_expires_at ON agents (expires_at) WHERE expires_at IS NOT NULL;

-- Capability discovery: capabilities @> ARRAY['translate'].
CREATE INDEX IF NOT EXISTS idx_agents_capabilities ON agents USING gin (capabilities);
