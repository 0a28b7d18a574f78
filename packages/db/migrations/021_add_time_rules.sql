-- 021: no infinity or -infinity in any timestamp, and time runs forward: an agent expires after it
-- was created and is seen no earlier than that; a negotiation expires after it was created.
-- CHECKs added NOT VALID once the existing rows were shown to obey them; 022 validates them.
-- (isfinite(NULL) is NULL, which a CHECK accepts: the nullable columns stay optional.)

SELECT add_check_not_valid('agents', 'agents_timestamps_finite',
  'isfinite(created_at) AND isfinite(last_seen_at) AND isfinite(expires_at) AND isfinite(usefulness_last_updated)');
SELECT add_check_not_valid('agents', 'agents_expires_after_created', 'expires_at > created_at');
SELECT add_check_not_valid('agents', 'agents_last_seen_after_created', 'last_seen_at >= created_at');
SELECT add_check_not_valid('trust_scores', 'trust_scores_timestamps_finite', 'isfinite(last_updated)');
SELECT add_check_not_valid('negotiations', 'negotiations_timestamps_finite',
  'isfinite(created_at) AND isfinite(expires_at) AND isfinite(updated_at)');
SELECT add_check_not_valid('negotiations', 'negotiations_expires_after_created', 'expires_at > created_at');
SELECT add_check_not_valid('usefulness_proofs', 'usefulness_proofs_timestamps_finite', 'isfinite(created_at)');
SELECT add_check_not_valid('credit_accounts', 'credit_accounts_timestamps_finite',
  'isfinite(created_at) AND isfinite(updated_at)');
SELECT add_check_not_valid('credit_transactions', 'credit_transactions_timestamps_finite', 'isfinite(created_at)');
SELECT add_check_not_valid('credit_idempotency_keys', 'credit_idempotency_keys_timestamps_finite',
  'isfinite(created_at)');
