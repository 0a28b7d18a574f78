-- The test helpers every verification script includes (\ir include/test-helpers.sql), right
-- after its BEGIN: a temporary results table and report/expect functions, all gone at ROLLBACK.

CREATE TEMP TABLE verify_results (test serial, passed boolean NOT NULL) ON COMMIT DROP;

-- report(what, ok, why): records one test and prints `✅ PASS: what` or `❌ FAIL: what — why`.
CREATE FUNCTION pg_temp.report(what text, ok boolean, why text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO verify_results (passed) VALUES (coalesce(ok, false));
  IF coalesce(ok, false) THEN
    RAISE INFO '✅ PASS: %', what;
  ELSE
    RAISE INFO '❌ FAIL: %', what || coalesce(' — ' || why, '');
  END IF;
END
$$;

-- Passes when `query` returns `expected`. No row, NULL or an error (a missing table) fails it.
CREATE FUNCTION pg_temp.expect_value(what text, query text, expected text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  actual text;
BEGIN
  EXECUTE query INTO actual;
  PERFORM pg_temp.report(what, actual IS NOT DISTINCT FROM expected,
    CASE WHEN actual IS NULL THEN 'not found' ELSE format('found: %s', actual) END);
EXCEPTION WHEN OTHERS THEN
  PERFORM pg_temp.report(what, false, format('%s (SQLSTATE %s)', SQLERRM, SQLSTATE));
END
$$;

-- Passes only when the server rejects `statement` with `expected_state` (and `expected_constraint`).
-- A statement the server accepts fails the test and is undone.
CREATE FUNCTION pg_temp.expect_rejection(
  what text, statement text, expected_state text, expected_constraint text DEFAULT NULL
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  accepted boolean := false;
  got_constraint text;
BEGIN
  EXECUTE statement;
  accepted := true;
  RAISE EXCEPTION 'undo the accepted statement';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS got_constraint = CONSTRAINT_NAME;
  IF accepted THEN
    PERFORM pg_temp.report(what, false, 'the server accepted it');
  ELSE
    -- On Citus an error raised on a shard carries no constraint name; its message names it, or
    -- the shard's copy (credit_accounts_agent_did_fkey_102040), which is accepted and said.
    IF SQLSTATE = expected_state AND got_constraint = '' AND expected_constraint IS NOT NULL
       AND SQLERRM ~ ('"' || expected_constraint || '(_[0-9]+)?"') THEN
      what := what || ' [on Citus: matched the shard''s constraint name]';
      got_constraint := expected_constraint;
    END IF;
    -- A trigger's RAISE ... CONSTRAINT (the state machine, the append-only ledger) names no
    -- constraint in its message: on Citus, raised on a shard, only the SQLSTATE comes back.
    IF SQLSTATE = expected_state AND got_constraint = '' AND expected_constraint IS NOT NULL
       AND EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
      what := what || ' [on Citus: a shard''s trigger error has no constraint name; matched the SQLSTATE]';
      got_constraint := expected_constraint;
    END IF;
    PERFORM pg_temp.report(what,
      SQLSTATE = expected_state AND (expected_constraint IS NULL OR got_constraint = expected_constraint),
      format('expected SQLSTATE %s%s, got %s%s: %s', expected_state,
             coalesce(' on ' || expected_constraint, ''), SQLSTATE,
             coalesce(' on ' || nullif(got_constraint, ''), ''), SQLERRM));
  END IF;
END
$$;

-- Passes when each listed index exists with exactly this definition ("table USING method (...)").
CREATE FUNCTION pg_temp.expect_indexes(what text, expected text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  pair   text[];
  actual text;
  wrong  text[] := '{}';
BEGIN
  FOREACH pair SLICE 1 IN ARRAY expected LOOP
    actual := regexp_replace(pg_get_indexdef(to_regclass(pair[1])), '^CREATE (UNIQUE )?INDEX \S+ ON (\S+\.)?', '');
    IF actual IS NULL THEN
      wrong := wrong || format('%s is missing', pair[1]);
    ELSIF actual <> pair[2] THEN
      wrong := wrong || format('%s is "%s"', pair[1], actual);
    END IF;
  END LOOP;
  PERFORM pg_temp.report(what, cardinality(wrong) = 0, array_to_string(wrong, '; '));
END
$$;

-- One table's columns as `name type [not null] [default expr]`, in column order.
CREATE FUNCTION pg_temp.columns_of(table_name text, only_columns text[] DEFAULT NULL) RETURNS text
LANGUAGE sql AS $$
  SELECT string_agg(format('%s %s%s%s', a.attname, format_type(a.atttypid, a.atttypmod),
                           CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
                           coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')),
                    ', ' ORDER BY a.attnum)
    FROM pg_attribute a
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE a.attrelid = to_regclass(table_name) AND a.attnum > 0 AND NOT a.attisdropped
     AND (only_columns IS NULL OR a.attname = ANY (only_columns))
$$;
