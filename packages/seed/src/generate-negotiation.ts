import { roundTo, type Draw } from './draw.js';
import type {
  IncentiveSplit,
  NegotiationRow,
  NegotiationRound,
  NegotiationState,
  Proposal,
} from '@ainp/db';
import { isoTimestamp } from './iso-timestamp.js';
import { jsonString, withJsonText } from './json-text.js';
import { seededUuid } from './seeded-faker.js';
import { strictlyIncreasing } from './sort-numbers.js';
import type { Seeded } from './seed-tables.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, NEGOTIATION_WINDOW_MS } from './time-windows.js';

/** The schema's default split, which most negotiations keep. */
export const DEFAULT_INCENTIVE_SPLIT: IncentiveSplit = splitWithText(0.7, 0.1, 0.1, 0.1);
export const DEFAULT_MAX_ROUNDS = 10;

const STATE_WEIGHTS: readonly (readonly [NegotiationState, number])[] = [
  ['accepted', 35],
  ['rejected', 15],
  ['expired', 15],
  ['initiated', 8],
  ['proposed', 12],
  ['counter_proposed', 15],
];
/** How long a negotiation may run before its hard deadline. */
const DEADLINE_CHOICES: readonly (readonly [number, number])[] = [
  [15 * MS_PER_MINUTE, 1],
  [MS_PER_HOUR, 3],
  [6 * MS_PER_HOUR, 2],
  [MS_PER_DAY, 3],
  [3 * MS_PER_DAY, 2],
  [7 * MS_PER_DAY, 1],
];
/** How soon the work is to be delivered once agreed (ms). */
const DELIVERY_CHOICES: readonly (readonly [number, number])[] = [
  [MS_PER_MINUTE, 2],
  [MS_PER_HOUR, 3],
  [MS_PER_DAY, 2],
  [7 * MS_PER_DAY, 1],
];
/** Live negotiations already past their deadline, waiting for expire_stale_negotiations(). */
export const STALE_LIVE_SHARE = 0.1;
/** Where convergence ends, per state: agreement is near 1, a breakdown far from it. */
const FINAL_CONVERGENCE: Readonly<Record<NegotiationState, readonly [number, number]>> = {
  accepted: [0.85, 1],
  rejected: [0.1, 0.6],
  expired: [0.1, 0.8],
  initiated: [0, 0],
  proposed: [0.1, 0.8],
  counter_proposed: [0.1, 0.8],
};

export interface Party {
  readonly did: string;
  readonly createdAtMs: number;
}

/**
 * One negotiation that walked the state machine: initiator and responder take turns (round 1 is
 * the initiator's), each round's convergence is higher than the last, and the two prices close
 * in on each other as convergence rises. `proposed` means the initiator spoke last,
 * `counter_proposed` the responder. Accepted negotiations keep the last proposal as final;
 * rejected and expired ones have none. Expired ones ended past their deadline. Rounds never
 * exceed max_rounds, and live negotiations still have a round left.
 */
export function generateNegotiation(
  draw: Draw,
  initiator: Party,
  responder: Party,
  refDateMs: number,
): Seeded<NegotiationRow> {
  const state = draw.weighted(STATE_WEIGHTS);
  const live = state === 'initiated' || state === 'proposed' || state === 'counter_proposed';
  const maxRounds = Math.max(
    draw.random() < 0.5 ? DEFAULT_MAX_ROUNDS : draw.int(1, 20),
    state === 'proposed' ? 2 : state === 'counter_proposed' ? 3 : 1,
  );
  const roundCount = chooseRoundCount(draw, state, maxRounds);

  // Timeline: started after both parties registered, within the window.
  const earliest = Math.max(
    initiator.createdAtMs,
    responder.createdAtMs,
    refDateMs - NEGOTIATION_WINDOW_MS,
  );
  let deadline = draw.weighted(DEADLINE_CHOICES);
  const pastDeadline = state === 'expired' || (live && draw.random() < STALE_LIVE_SHARE);
  let created: number;
  if (pastDeadline) {
    deadline = Math.min(deadline, Math.floor((refDateMs - earliest) / 2));
    created = draw.int(earliest, refDateMs - deadline - MS_PER_MINUTE);
  } else if (live) {
    created = draw.int(
      Math.max(earliest, refDateMs - Math.floor(deadline * 0.9)),
      refDateMs - 1000,
    );
  } else {
    created = draw.int(earliest, refDateMs - MS_PER_MINUTE);
  }
  const expires = created + deadline;
  const end = state === 'expired' ? expires : Math.min(expires, refDateMs);
  // Instants of the rounds, then (for accepted and rejected) of the decision.
  const marks = spacedTimes(draw, roundCount + (live || state === 'expired' ? 0 : 1), created, end);

  const finalConvergence = roundTo(
    FINAL_CONVERGENCE[state][0] +
      draw.random() * (FINAL_CONVERGENCE[state][1] - FINAL_CONVERGENCE[state][0]),
    4,
  );
  // Prices in atomic units (1 credit = 1000); the two sides close in on a midpoint.
  const midpoint = draw.int(10, 5_000) * 1000;
  const openingGap = midpoint * (0.2 + draw.random() * 0.6);
  const delivery = draw.weighted(DELIVERY_CHOICES);
  const qualitySla = roundTo(0.9 + draw.random() * 0.099, 3);
  const rounds: NegotiationRound[] = [];
  let roundsText = '';
  // Each party's DID as a JSON string once, not once a round.
  const initiatorJson = jsonString(initiator.did);
  const responderJson = jsonString(responder.did);
  for (let i = 1; i <= roundCount; i++) {
    const convergence = roundTo(finalConvergence * (1 - (1 - i / roundCount) ** 2), 4);
    const byInitiator = i % 2 === 1;
    const gap = openingGap * (1 - convergence);
    // The initiator (buyer) asks low and wants it fast; the responder asks high and slower.
    const side = byInitiator ? -1 : 1;
    const proposal: Proposal = {
      price: Math.round(midpoint + (side * gap) / 2),
      delivery_time_ms: Math.round(delivery * (1 + side * 0.3 * (1 - convergence))),
      quality_sla: qualitySla,
    };
    const proposerDid = byInitiator ? initiator.did : responder.did;
    const proposedAt = isoTimestamp(marks[i - 1]!);
    const proposalText = `{"price":${proposal.price},"delivery_time_ms":${proposal.delivery_time_ms},"quality_sla":${proposal.quality_sla}}`;
    rounds.push({
      round_number: i,
      proposer_did: proposerDid,
      proposal: withJsonText(proposal, proposalText),
      proposed_at: proposedAt,
      convergence_score: convergence,
    });
    roundsText += `${i === 1 ? '' : ','}{"round_number":${i},"proposer_did":${byInitiator ? initiatorJson : responderJson},"proposal":${proposalText},"proposed_at":"${proposedAt}","convergence_score":${convergence}}`;
  }
  withJsonText(rounds, `[${roundsText}]`);
  const last = rounds[rounds.length - 1]?.proposal ?? null;
  const updated =
    state === 'expired'
      ? draw.int(expires, refDateMs)
      : marks.length > 0
        ? marks[marks.length - 1]!
        : created;

  return {
    id: seededUuid(draw.stream),
    intent_id: seededUuid(draw.stream),
    initiator_did: initiator.did,
    responder_did: responder.did,
    state,
    rounds,
    convergence_score: rounds[rounds.length - 1]?.convergence_score ?? 0,
    current_proposal: last,
    final_proposal: state === 'accepted' ? last : null,
    incentive_split: incentiveSplit(draw),
    max_rounds: maxRounds,
    created_at: new Date(created),
    expires_at: new Date(expires),
    updated_at: new Date(updated),
  };
}

function chooseRoundCount(draw: Draw, state: NegotiationState, maxRounds: number): number {
  switch (state) {
    case 'initiated':
      return 0;
    case 'proposed': // odd, with a round left
      return 1 + 2 * draw.int(0, Math.floor((maxRounds - 2) / 2));
    case 'counter_proposed': // even, with a round left
      return 2 + 2 * draw.int(0, Math.floor((maxRounds - 3) / 2));
    case 'expired':
      return draw.int(0, maxRounds);
    default:
      return draw.int(1, maxRounds);
  }
}

/** n increasing instants strictly inside (from, to). */
function spacedTimes(draw: Draw, n: number, from: number, to: number): number[] {
  return strictlyIncreasing(
    Array.from({ length: n }, () => draw.int(from + 1, Math.max(from + 1, to - n))),
  );
}

/** The default split for most; otherwise whole percentages that still add up to 100. */
function incentiveSplit(draw: Draw): IncentiveSplit {
  if (draw.random() < 0.7) return DEFAULT_INCENTIVE_SPLIT;
  const agent = draw.int(50, 85);
  const broker = draw.int(1, 100 - agent - 2);
  const validator = draw.int(1, 100 - agent - broker - 1);
  const pool = 100 - agent - broker - validator;
  return splitWithText(agent / 100, broker / 100, validator / 100, pool / 100);
}

function splitWithText(agent: number, broker: number, validator: number, pool: number) {
  return withJsonText<IncentiveSplit>(
    { agent, broker, validator, pool },
    `{"agent":${agent},"broker":${broker},"validator":${validator},"pool":${pool}}`,
  );
}
