-- postgres-migrations disable-transaction
-- 034: the unique index behind the agents table's distribution-ready primary key (did), built without
-- blocking writes; 035 makes it the primary key. It includes the Citus distribution column, which
-- every unique key of a distributed table must (docs/scaling-out.md). If a build was interrupted the
-- index is left INVALID and 035 refuses to use it: DROP INDEX CONCURRENTLY agents_did_pkey_index, then
-- migrate again.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS agents_did_pkey_index ON agents (did);
