import { identityBook, type AgentIdentity } from './agent-identity.js';
import type { ChunkSpec } from './chunk-plan.js';
import { createDraw } from './draw.js';
import { generateAgent } from './generate-agent.js';
import { generateCreditHistory, type Agreement } from './generate-credit-history.js';
import { generateNegotiation, type Party } from './generate-negotiation.js';
import { generateTrustScore } from './generate-trust-score.js';
import { generateUsefulnessProof } from './generate-usefulness-proof.js';
import type { AgentRow, UsefulnessProofRow } from '@ainp/db';
import { seededStream, seededUuid } from './seeded-faker.js';
import type { Seeded, SeedRows, SeedTableName } from './seed-tables.js';
import { cachedUsefulness } from './usefulness-cache-value.js';

/** Where a chunk's rows go, table by table, as they are made (so they can die young). */
export type ChunkSink = <N extends SeedTableName>(table: N, row: SeedRows[N]) => void;

interface AgentContext {
  readonly identity: AgentIdentity;
  /** How good this agent's work is, in [0,1]: drives its proofs' scores and its trust. */
  readonly skill: number;
  readonly proofs: Seeded<UsefulnessProofRow>[];
  /** Accepted negotiations this agent started: its ledger pays for them. */
  readonly agreements: Agreement[];
}

/**
 * Every row of one chunk, from the chunk's own stream (see chunk-plan.ts), handed to `emit` as it
 * is made. Only what later rows refer to (proofs, agreements) is kept.
 */
export function generateChunk(
  spec: ChunkSpec,
  emit: ChunkSink,
  book = identityBook(spec.seed, spec.refDateMs),
): void {
  const { seed, refDateMs, counts } = spec;
  const draw = createDraw(seededStream(seed, spec.firstAgent));

  const agents: AgentContext[] = [];
  // Each agent row waits for its proofs, which give it its usefulness cache.
  const agentRows: Seeded<AgentRow>[] = [];
  for (let i = 0; i < counts.agents; i++) {
    const self = book(spec.firstAgent + i);
    agentRows.push(generateAgent(draw, seededUuid(draw.stream), self, refDateMs));
    agents.push({ identity: self, skill: 0.15 + draw.random() * 0.8, proofs: [], agreements: [] });
  }

  for (const i of draw.sample(counts.agents, counts.trustScores)) {
    const { identity, skill } = agents[i]!;
    emit(
      'trust_scores',
      generateTrustScore(draw, identity.did, skill, identity.createdAtMs, refDateMs),
    );
  }

  const proofs: Seeded<UsefulnessProofRow>[] = [];
  for (let p = 0; p < counts.usefulnessProofs; p++) {
    const agent = agents[draw.skewed(counts.agents)]!;
    const proof = generateUsefulnessProof(
      draw,
      { did: agent.identity.did, createdAtMs: agent.identity.createdAtMs, skill: agent.skill },
      refDateMs,
      proofs,
    );
    agent.proofs.push(proof);
    proofs.push(proof);
    emit('usefulness_proofs', proof);
  }
  const refreshedAt = new Date(refDateMs);
  agentRows.forEach((row, i) => {
    row.usefulness_score_cached = cachedUsefulness(agents[i]!.proofs, refDateMs);
    row.usefulness_last_updated = refreshedAt;
    emit('agents', row);
  });

  // Any agent of the run loaded so far (this chunk included) can be a counterparty.
  const party = (index: number): Party => book(index);
  const lastAgent = spec.firstAgent + counts.agents - 1;
  const otherParty = (selfIndex: number): Party => {
    if (lastAgent === spec.runFirstAgent) return party(selfIndex); // a one-agent network
    const index = draw.int(spec.runFirstAgent, lastAgent - 1);
    return party(index >= selfIndex ? index + 1 : index);
  };

  for (let n = 0; n < counts.negotiations; n++) {
    const initiator = spec.firstAgent + draw.int(0, counts.agents - 1);
    const negotiation = generateNegotiation(
      draw,
      party(initiator),
      otherParty(initiator),
      refDateMs,
    );
    emit('negotiations', negotiation);
    if (negotiation.state === 'accepted' && negotiation.final_proposal !== null) {
      agents[initiator - spec.firstAgent]!.agreements.push({
        negotiationId: negotiation.id,
        intentId: negotiation.intent_id,
        providerDid: negotiation.responder_did,
        price: negotiation.final_proposal.price,
        agreedAtMs: negotiation.updated_at.getTime(),
      });
    }
  }

  const accountAgents = draw.sample(counts.agents, counts.creditAccounts);
  const slots = new Array<number>(accountAgents.length).fill(0);
  for (let t = 0; t < counts.creditTransactions; t++) slots[draw.skewed(slots.length)]! += 1;
  accountAgents.forEach((i, a) => {
    const agent = agents[i]!;
    agent.proofs.sort((x, y) => x.created_at.getTime() - y.created_at.getTime());
    agent.agreements.sort((x, y) => x.agreedAtMs - y.agreedAtMs);
    const history = generateCreditHistory(draw, {
      agentDid: agent.identity.did,
      agentCreatedMs: agent.identity.createdAtMs,
      refDateMs,
      slots: slots[a]!,
      proofs: agent.proofs,
      agreements: agent.agreements,
      counterparty: () => otherParty(spec.firstAgent + i).did,
    });
    emit('credit_accounts', history.account);
    for (const tx of history.transactions) emit('credit_transactions', tx);
    for (const key of history.keys) emit('credit_idempotency_keys', key);
  });
}
