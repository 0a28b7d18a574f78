-- postgres-migrations disable-transaction
-- 032: the unique index behind negotiations's distribution-ready primary key (initiator_did, id), built without
-- blocking writes; 035 makes it the primary key. It includes the Citus distribution column, which
-- every unique key of a distributed table must (docs/scaling-out.md). If a build was interrupted the
-- index is left INVALID and 035 refuses to use it: DROP INDEX CONCURRENTLY negotiations_initiator_did_id_key, then migrate again.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS negotiations_initiator_did_id_key ON negotiations (initiator_did, id);
