-- 014: refresh_usefulness_cache_as_of(as_of, did), 013's 30-day usefulness average evaluated at a chosen
-- instant, so a seeded database gets the same cache on any day; refresh_usefulness_cache() now calls it
-- with now(). New: the window also ends at as_of, so a proof dated after it (013 counted those) is left out.

-- Only functions are created or replaced; no table is locked for longer than the catalog update.
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '1min';

-- p_agent_did NULL refreshes every agent; a DID refreshes that one agent. The window is every proof
-- created in [p_as_of - 30 days, p_as_of]; agents with none get 0; usefulness_last_updated becomes
-- p_as_of. Returns how many agents it updated (0 for an unknown DID). Same plans as 013's function.
CREATE OR REPLACE FUNCTION refresh_usefulness_cache_as_of(p_as_of timestamptz, p_agent_did text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_since timestamptz := p_as_of - interval '30 days';
  v_count integer;
BEGIN
  IF p_as_of IS NULL THEN
    RAISE EXCEPTION 'refresh_usefulness_cache_as_of: p_as_of must not be NULL; nothing was refreshed'
      USING ERRCODE = 'null_value_not_allowed';
  END IF;
  IF p_agent_did IS NULL THEN
    -- One pass over the window's proofs (hash aggregate), joined to every agent.
    UPDATE agents a
       SET usefulness_score_cached = coalesce(recent.score, 0),
           usefulness_last_updated = p_as_of
      FROM agents ag
      LEFT JOIN (
        SELECT agent_did, avg(usefulness_score) AS score
          FROM usefulness_proofs
         WHERE created_at >= v_since AND created_at <= p_as_of
         GROUP BY agent_did
      ) recent ON recent.agent_did = ag.did
     WHERE a.id = ag.id;
  ELSE
    -- One agent: idx_usefulness_agent (agent_did, created_at DESC) finds its window directly.
    UPDATE agents
       SET usefulness_score_cached = coalesce((
             SELECT avg(usefulness_score)
               FROM usefulness_proofs
              WHERE agent_did = p_agent_did AND created_at >= v_since AND created_at <= p_as_of
           ), 0),
           usefulness_last_updated = p_as_of
     WHERE did = p_agent_did;
  END IF;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$$;

-- 013's function, same signature, now one call: the logic lives in refresh_usefulness_cache_as_of.
CREATE OR REPLACE FUNCTION refresh_usefulness_cache(p_agent_did text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
  RETURN refresh_usefulness_cache_as_of(now(), p_agent_did);
END
$$;
