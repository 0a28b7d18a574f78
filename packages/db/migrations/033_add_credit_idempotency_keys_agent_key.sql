-- postgres-migrations disable-transaction
-- 033: the unique index behind credit_idempotency_keys's distribution-ready primary key (agent_did, idempotency_key), built without
-- blocking writes; 035 makes it the primary key. It includes the Citus distribution column, which
-- every unique key of a distributed table must (docs/scaling-out.md). If a build was interrupted the
-- index is left INVALID and 035 refuses to use it: DROP INDEX CONCURRENTLY credit_idempotency_keys_agent_did_key_key, then migrate again.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS credit_idempotency_keys_agent_did_key_key ON credit_idempotency_keys (agent_did, idempotency_key);
