-- 025: identities as the W3C DID syntax has them, for the two methods AINP uses: did:key: and a
-- multibase base58btc value (z, then base58 characters); did:web: and a host name, optionally a
-- %3A-encoded port and :-separated path segments; at most 2048 characters, so no whitespace or
-- control characters. Public keys are non-empty with no whitespace; capability tags are non-empty,
-- trimmed, at most 64 characters. CHECKs added NOT VALID; 026 validates them.

-- TRUE when every tag is non-empty, has no surrounding whitespace or control characters, and is at
-- most 64 characters. IMMUTABLE, so a CHECK can use it.
CREATE OR REPLACE FUNCTION agent_capabilities_valid(p_capabilities text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT NOT EXISTS (
    SELECT 1 FROM unnest(p_capabilities) AS tag
     WHERE tag IS NULL OR length(tag) NOT BETWEEN 1 AND 64
        OR tag ~ '^[[:space:]]|[[:space:]]$|[[:cntrl:]]')
$$;

SELECT add_check_not_valid('agents', 'agents_did_syntax', $$length(did) <= 2048 AND (
     did ~ '^did:key:z[1-9A-HJ-NP-Za-km-z]+$'
  OR did ~ '^did:web:[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(%3[Aa][0-9]{1,5})?(:([A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+)*$')$$);
SELECT add_check_not_valid('agents', 'agents_public_key_format', $$public_key ~ '^[^[:space:][:cntrl:]]+$'$$);
SELECT add_check_not_valid('agents', 'agents_capabilities_format', 'agent_capabilities_valid(capabilities)');
