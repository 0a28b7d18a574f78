-- 018: the group role ainp_app for services, and a ledger only the credit functions change. Services
-- log in as their own role, a member of ainp_app (GRANT ainp_app TO my_service): they read every
-- table, write agents, trust scores, negotiations and usefulness proofs, and move credit only by
-- calling the credit functions, which run as their owner (SECURITY DEFINER, pinned search_path).

-- The role is cluster-wide: created once, kept when it exists. A migrating role that may not create
-- roles (no CREATEROLE) stops here with the one statement an administrator must run.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ainp_app') THEN
    BEGIN
      CREATE ROLE ainp_app NOLOGIN;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'Role ainp_app is missing and role % may not create roles; nothing was changed. An administrator must run: CREATE ROLE ainp_app NOLOGIN; (or ALTER ROLE % CREATEROLE;) then migrate again.',
        current_user, current_user
        USING ERRCODE = 'insufficient_privilege';
    END;
  END IF;
END
$$;

-- Exactly what a service needs: read everything (tables made later by the migrating role too),
-- write the four service tables, and nothing else: no INSERT, UPDATE, DELETE or TRUNCATE on the
-- ledger tables or the migration tables (never granted; revoked here in case someone did).
DO $$
DECLARE
  v_schema text := quote_ident(current_schema());
  v_table text;
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA %s TO ainp_app', v_schema);
  EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %s TO ainp_app', v_schema);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %s GRANT SELECT ON TABLES TO ainp_app', v_schema);
  GRANT INSERT, UPDATE, DELETE ON agents, trust_scores, negotiations, usefulness_proofs TO ainp_app;
  FOREACH v_table IN ARRAY ARRAY['credit_accounts', 'credit_transactions', 'credit_idempotency_keys',
                                 'migrations', 'migration_rollbacks'] LOOP
    IF to_regclass(v_table) IS NOT NULL THEN
      EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %s FROM ainp_app', to_regclass(v_table));
    END IF;
  END LOOP;
END
$$;

-- The credit functions run as their owner, with the search_path pinned to this schema (pg_temp
-- last, so no one's temporary table can stand in for a ledger table). Only ainp_app members (and
-- the owner) may call them; their helpers stay SECURITY INVOKER, so called directly they can do
-- nothing a caller could not do already.
DO $$
DECLARE
  v_function regprocedure;
BEGIN
  FOREACH v_function IN ARRAY ARRAY[
    'credit_deposit(text, bigint, text, jsonb)'::regprocedure,
    'credit_earn(text, bigint, text, uuid, uuid, jsonb)'::regprocedure,
    'credit_reserve(text, bigint, text, uuid, jsonb)'::regprocedure,
    'credit_release(text, bigint, text, uuid, jsonb)'::regprocedure,
    'credit_spend(text, bigint, text, boolean, uuid, jsonb)'::regprocedure
  ] LOOP
    EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER SET search_path = %I, pg_temp',
      v_function, current_schema());
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', v_function);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO ainp_app', v_function);
  END LOOP;
END
$$;

GRANT EXECUTE ON FUNCTION refresh_usefulness_cache(text), refresh_usefulness_cache_as_of(timestamptz, text),
  expire_stale_negotiations() TO ainp_app;

-- Ledger rows are append-only for every role but the owner (and its members): no UPDATE, DELETE or
-- TRUNCATE. Both the current and the session role must be the owner's, so a service's login role
-- cannot get round it through a cascade (deleting an agent or a proof its ledger rows point at),
-- which PostgreSQL runs as the table owner.
CREATE OR REPLACE FUNCTION credit_transactions_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_owner name := (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID);
BEGIN
  IF pg_has_role(current_user, v_owner, 'USAGE') AND pg_has_role(session_user, v_owner, 'USAGE') THEN
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  RAISE EXCEPTION 'credit_transactions is append-only: % refused for role %; nothing was changed',
    TG_OP, session_user
    USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'credit_transactions_append_only',
          HINT = 'Ledger rows are written only by the credit functions and never changed; correct a mistake with a new entry.';
END
$$;

CREATE OR REPLACE TRIGGER credit_transactions_append_only
  BEFORE UPDATE OR DELETE ON credit_transactions
  FOR EACH ROW EXECUTE FUNCTION credit_transactions_append_only();

CREATE OR REPLACE TRIGGER credit_transactions_append_only_truncate
  BEFORE TRUNCATE ON credit_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION credit_transactions_append_only();
