-- The index-use check's data: 50k agents (45k with a trust score), 200k usefulness proofs, 100k
-- negotiations, 50k credit accounts and 100k credit transactions, generated set-based, one
-- statement per table, with a fixed random seed so every run plans against the same data. Shapes
-- follow production: one row in ten (half the ledger) belongs to the 100 busiest agents
-- (did:key:z6MkSeed1..100), most negotiations are finished, and few live ones are overdue.

SELECT setseed(0.42);

-- Agent n's DID: base58btc has no 0, so its zeros are written o (did:key:z6MkSeed1o for 10).
CREATE FUNCTION pg_temp.seed_did(n bigint) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT 'did:key:z6MkSeed' || translate(n::text, '0', 'o') $$;

-- Every agent advertises compute; one in five also translate, one in a thousand also audit.
INSERT INTO agents (did, public_key, created_at, last_seen_at, usefulness_score_cached, usefulness_last_updated, capabilities)
SELECT pg_temp.seed_did(i),
       'pk-seed-' || i,
       now() - interval '8 days',
       now() - (i % 10000) * interval '1 minute',
       round((random() * 100)::numeric, 2),
       now(),
       ARRAY['compute']
         || CASE WHEN i % 5 = 0 THEN ARRAY['translate'] ELSE '{}' END
         || CASE WHEN i % 1000 = 0 THEN ARRAY['audit'] ELSE '{}' END
  FROM generate_series(1, 50000) AS i;

-- Nine agents in ten have been rated.
INSERT INTO trust_scores (agent_did, score)
SELECT pg_temp.seed_did(i), round(random()::numeric, 4)
  FROM generate_series(1, 50000) AS i
 WHERE i % 10 <> 0;

INSERT INTO usefulness_proofs (intent_id, agent_did, work_type, metrics, trace_id, usefulness_score, created_at)
SELECT gen_random_uuid(),
       pg_temp.seed_did(CASE WHEN i % 10 = 0 THEN 1 + i / 10 % 100 ELSE 1 + i % 50000 END),
       (ARRAY['compute', 'memory', 'routing', 'validation', 'learning'])[1 + i % 5],
       jsonb_build_object('duration_ms', i % 1000),
       'trace-' || i,
       round((random() * 100)::numeric, 2),
       now() - (i % 43200) * interval '1 minute'
  FROM generate_series(1, 200000) AS i;

-- 90% finished; of the live 10%, one in twenty is past its deadline and waiting for the sweep.
-- Each is created before its deadline, and an accepted one holds its final proposal.
INSERT INTO negotiations (intent_id, initiator_did, responder_did, state, final_proposal, convergence_score, created_at, expires_at)
SELECT gen_random_uuid(),
       pg_temp.seed_did(CASE WHEN i % 10 = 0 THEN 1 + i / 10 % 100 ELSE 1 + i % 50000 END),
       pg_temp.seed_did(CASE WHEN i % 10 = 5 THEN 1 + i / 10 % 100 ELSE 1 + (i + 7) % 50000 END),
       CASE WHEN i % 10 = 0 THEN (ARRAY['initiated', 'proposed', 'counter_proposed'])[1 + i % 3]
            ELSE (ARRAY['accepted', 'rejected', 'expired'])[1 + i % 3] END,
       CASE WHEN i % 10 <> 0 AND i % 3 = 0 THEN '{"price": 1000}'::jsonb END,
       round(random()::numeric, 4),
       now() - interval '2 hours' - (i % 20000) * interval '1 minute',
       CASE WHEN i % 200 = 0 THEN now() - interval '1 hour' ELSE now() + interval '1 day' END
  FROM generate_series(1, 100000) AS i;

INSERT INTO credit_accounts (agent_did, balance, earned)
SELECT pg_temp.seed_did(i), 100000 + i, i
  FROM generate_series(1, 50000) AS i;

-- Half the ledger belongs to the 100 busiest agents (500 entries each, ten pages). With one row in
-- ten (100 each) their history sat where a bitmap scan of the primary key (agent_did, id) and a
-- sort cost the same as idx_credit_transactions_agent, and ANALYZE's sample picked either plan.
INSERT INTO credit_transactions (agent_did, tx_type, amount, intent_id, created_at)
SELECT pg_temp.seed_did(CASE WHEN i % 2 = 0 THEN 1 + i / 2 % 100 ELSE 1 + i % 50000 END),
       (ARRAY['deposit', 'earn', 'reserve', 'release', 'spend'])[1 + i % 5],
       1 + i % 5000,
       CASE WHEN i % 2 = 0 THEN gen_random_uuid() END,
       now() - (i % 43200) * interval '1 minute'
  FROM generate_series(1, 100000) AS i;

ANALYZE agents, trust_scores, usefulness_proofs, negotiations, credit_accounts, credit_transactions;
