-- 019: the negotiation state machine, enforced by a trigger for every writer:
--   initiated -> proposed <-> counter_proposed -> accepted | rejected, any live state -> expired;
-- a terminal negotiation (accepted, rejected, expired) no longer changes, and final_proposal is set
-- exactly when the state is accepted (CHECK added NOT VALID here, validated by 020).

CREATE OR REPLACE FUNCTION negotiations_check_transition() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state IN ('accepted', 'rejected', 'expired') THEN
    RAISE EXCEPTION 'negotiation % is %, a terminal state: it no longer changes; nothing was changed',
      OLD.id, OLD.state
      USING ERRCODE = 'check_violation', CONSTRAINT = 'negotiations_terminal_unchanged',
            HINT = 'Start a new negotiation instead.';
  END IF;
  IF NEW.state <> OLD.state AND NOT (
       (OLD.state = 'initiated' AND NEW.state = 'proposed')
    OR (OLD.state IN ('proposed', 'counter_proposed')
        AND NEW.state IN ('proposed', 'counter_proposed', 'accepted', 'rejected'))
    OR NEW.state = 'expired') THEN
    RAISE EXCEPTION 'negotiation % cannot move from % to %; nothing was changed', OLD.id, OLD.state, NEW.state
      USING ERRCODE = 'check_violation', CONSTRAINT = 'negotiations_state_transition',
            HINT = 'Allowed: initiated -> proposed, proposed <-> counter_proposed, proposed | counter_proposed -> accepted | rejected, any live state -> expired.';
  END IF;
  RETURN NEW;
END
$$;

-- Named to fire before trg_negotiations_update (triggers fire in name order): a refused move
-- does not get as far as stamping updated_at.
CREATE OR REPLACE TRIGGER trg_negotiations_state_machine
  BEFORE UPDATE ON negotiations
  FOR EACH ROW EXECUTE FUNCTION negotiations_check_transition();

SELECT add_check_not_valid('negotiations', 'negotiations_final_proposal_when_accepted',
  $$(state = 'accepted') = (final_proposal IS NOT NULL)$$);
