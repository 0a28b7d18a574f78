-- 015: the two helpers the integrity migrations (016 onward) add their rules with. Before a rule
-- reaches a table that may already hold rows, the rows that break it are counted; if there are any
-- the migration stops with one line (how many, which table, which rule, a query that lists them).
-- Nothing here or in the callers ever changes a row.

-- Raises check_violation when any row of p_table matches p_violation (an SQL condition).
CREATE OR REPLACE FUNCTION assert_no_violating_rows(p_table regclass, p_rule text, p_violation text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_count bigint;
  -- The condition on one line, so the whole report is one line.
  v_where text := regexp_replace(btrim(p_violation), '\s+', ' ', 'g');
BEGIN
  EXECUTE format('SELECT count(*) FROM %s WHERE %s', p_table, p_violation) INTO v_count;
  IF v_count > 0 THEN
    RAISE EXCEPTION '% row(s) in table % break the rule %; nothing was changed. List them with: SELECT * FROM % WHERE %;',
      v_count, p_table, p_rule, p_table, v_where
      USING ERRCODE = 'check_violation',
            HINT = 'Correct or remove those rows yourself, then run the migration again.';
  END IF;
END
$$;

-- Adds CHECK (p_expression) as p_name, NOT VALID (so no scan under the table lock), once existing
-- rows were shown to satisfy it; a later migration VALIDATEs it. Does nothing when p_name exists.
CREATE OR REPLACE FUNCTION add_check_not_valid(p_table regclass, p_name text, p_expression text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = p_table AND conname = p_name) THEN
    RETURN;
  END IF;
  PERFORM assert_no_violating_rows(p_table, p_name, format('(%s) IS FALSE', p_expression));
  EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I CHECK (%s) NOT VALID', p_table, p_name, p_expression);
END
$$;
