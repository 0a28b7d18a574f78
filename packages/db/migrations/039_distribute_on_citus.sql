-- 039: on a database with the citus extension, distributes the tables as docs/scaling-out.md
-- designs; on plain PostgreSQL it does nothing at all.
--   agents on did; trust_scores, usefulness_proofs, credit_accounts, credit_transactions,
--   credit_idempotency_keys on agent_did and negotiations on initiator_did, all colocated with
--   agents (one shard group holds an agent's rows in every table). The migrations bookkeeping
--   tables (migrations, the rollback log) stay local to the coordinator.
-- Existing rows are copied into the shards (create_distributed_table, under its lock: a large live
-- database moves by the documented dump and load instead). The foreign keys between these tables
-- are dropped first and re-created once all are colocated, as Citus requires. One cannot stay:
-- negotiations.responder_did -> agents (did) joins two shard groups, so on Citus the trigger
-- negotiations_responder_exists checks the responder on insert and on a change of responder_did.
-- Already distributed tables are skipped, so it is safe on a cluster distributed by hand.
-- The runner starts the transaction with citusSessionSettings (sequential multi-shard mode, for DDL
-- and row copies in one transaction; unsafe triggers allowed, for the tables' triggers). Grants
-- (018's ainp_app privileges) and triggers (the append-only ledger, the state machine) are copied
-- to every shard by create_distributed_table.
-- ainp: lock_timeout = 5s

DO $$
DECLARE
  v_tables text[] := ARRAY['agents', 'trust_scores', 'usefulness_proofs', 'credit_accounts',
    'credit_transactions', 'credit_idempotency_keys', 'negotiations'];
  v_columns text[] := ARRAY['did', 'agent_did', 'agent_did', 'agent_did',
    'agent_did', 'agent_did', 'initiator_did'];
  v_foreign_keys jsonb;
  v_fk jsonb;
  v_bad text;
  v_index int;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    RETURN;
  END IF;
  -- Citus needs the distribution column in every unique index; say which ones lack it.
  SELECT string_agg(format('%s (%s)', i.indexrelid::regclass, c.relname), ', ')
    INTO v_bad
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN unnest(v_tables, v_columns) AS t(name, col) ON c.oid = to_regclass(t.name)
   WHERE i.indisunique
     AND NOT EXISTS (SELECT 1 FROM pg_attribute a
                      WHERE a.attrelid = c.oid AND a.attname = t.col AND a.attnum = ANY (i.indkey))
     AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid);
  IF v_bad IS NOT NULL THEN
    RAISE EXCEPTION 'cannot distribute: the unique index(es) % lack the distribution column; nothing was distributed', v_bad
      USING HINT = 'Add a migration before this one that rebuilds each with the distribution column first (a proof or key belongs to one agent, so the rule is the same).';
  END IF;

  -- Every foreign key from or to these tables, to re-create once they are colocated.
  SELECT coalesce(jsonb_agg(jsonb_build_object('table', conrelid::regclass::text, 'name', conname,
           'definition', pg_get_constraintdef(oid), 'validated', convalidated) ORDER BY conname), '[]')
    INTO v_foreign_keys
    FROM pg_constraint
   WHERE contype = 'f'
     AND (conrelid = ANY (SELECT to_regclass(t) FROM unnest(v_tables) t)
          OR confrelid = ANY (SELECT to_regclass(t) FROM unnest(v_tables) t))
     AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = conrelid);
  FOR v_fk IN SELECT * FROM jsonb_array_elements(v_foreign_keys) LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', v_fk ->> 'table', v_fk ->> 'name');
  END LOOP;

  FOR v_index IN 1 .. array_length(v_tables, 1) LOOP
    CONTINUE WHEN EXISTS (SELECT 1 FROM pg_dist_partition
                           WHERE logicalrelid = to_regclass(v_tables[v_index]));
    IF v_index = 1 THEN
      PERFORM create_distributed_table(v_tables[v_index], v_columns[v_index]);
    ELSE
      PERFORM create_distributed_table(v_tables[v_index], v_columns[v_index],
        colocate_with => 'agents');
    END IF;
    -- The rows are in the shards now; the coordinator's copy would only take space.
    PERFORM truncate_local_data_after_distributing_table(v_tables[v_index]::regclass);
  END LOOP;

  FOR v_fk IN SELECT * FROM jsonb_array_elements(v_foreign_keys) LOOP
    CONTINUE WHEN v_fk ->> 'table' = 'negotiations' AND v_fk ->> 'definition' LIKE '%(responder_did)%';
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', v_fk ->> 'table', v_fk ->> 'name',
      v_fk ->> 'definition');
  END LOOP;

  -- The responder check that replaces negotiations_responder_did_fkey on Citus. The trigger runs
  -- on the negotiation's shard; its lookup of agents by did is a router query to the responder's
  -- shard, a nested distributed query that Citus runs only when allowed (it is a plain read of
  -- another table, the case that setting is safe for). Weaker than an FK: it takes no lock on the
  -- responder, and deleting an agent leaves the negotiations it answered (docs/scaling-out.md).
  CREATE OR REPLACE FUNCTION negotiations_check_responder() RETURNS trigger
  LANGUAGE plpgsql
  SET citus.allow_nested_distributed_execution = on
  AS $fn$
  BEGIN
    PERFORM 1 FROM agents WHERE did = NEW.responder_did;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'insert or update on table "negotiations" violates the responder check: no agent has DID %', NEW.responder_did
        USING ERRCODE = 'foreign_key_violation',
              HINT = 'Register the responder first (on Citus this check replaces negotiations_responder_did_fkey).';
    END IF;
    RETURN NEW;
  END
  $fn$;
  CREATE OR REPLACE TRIGGER negotiations_responder_exists
    BEFORE INSERT OR UPDATE OF responder_did ON negotiations
    FOR EACH ROW EXECUTE FUNCTION negotiations_check_responder();
END
$$;
