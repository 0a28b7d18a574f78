-- 013: refresh_usefulness_cache(), which fills agents.usefulness_score_cached (added by 007) with
-- each agent's average proof score over the last 30 days, and stamps usefulness_last_updated.
-- Set-based (one aggregate, one UPDATE), so 100k agents with 1M proofs take seconds, not minutes.

-- Only a function is created; no table is locked for longer than the catalog update.
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '1min';

-- p_agent_did NULL refreshes every agent; a DID refreshes that one agent. Agents with no proof in
-- the window get 0. Returns how many agents it updated (0 for an unknown DID). The window is every
-- proof created at or after now() - 30 days; the average is rounded to the column's 2 decimals.
CREATE OR REPLACE FUNCTION refresh_usefulness_cache(p_agent_did text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_now   timestamptz := now();
  v_since timestamptz := v_now - interval '30 days';
  v_count integer;
BEGIN
  IF p_agent_did IS NULL THEN
    -- One pass over the window's proofs (hash aggregate), joined to every agent.
    UPDATE agents a
       SET usefulness_score_cached = coalesce(recent.score, 0),
           usefulness_last_updated = v_now
      FROM agents ag
      LEFT JOIN (
        SELECT agent_did, avg(usefulness_score) AS score
          FROM usefulness_proofs
         WHERE created_at >= v_since
         GROUP BY agent_did
      ) recent ON recent.agent_did = ag.did
     WHERE a.id = ag.id;
  ELSE
    -- One agent: idx_usefulness_agent (agent_did, created_at DESC) finds its window directly.
    UPDATE agents
       SET usefulness_score_cached = coalesce((
             SELECT avg(usefulness_score)
               FROM usefulness_proofs
              WHERE agent_did = p_agent_did AND created_at >= v_since
           ), 0),
           usefulness_last_updated = v_now
     WHERE did = p_agent_did;
  END IF;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$$;
