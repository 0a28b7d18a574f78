-- postgres-migrations disable-transaction
-- 030: the unique index behind usefulness_proofs's distribution-ready primary key (agent_did, id), built without
-- blocking writes; 035 makes it the primary key. It includes the Citus distribution column, which
-- every unique key of a distributed table must (docs/scaling-out.md). If a build was interrupted the
-- index is left INVALID and 035 refuses to use it: DROP INDEX CONCURRENTLY usefulness_proofs_agent_did_id_key, then migrate again.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS usefulness_proofs_agent_did_id_key ON usefulness_proofs (agent_did, id);
