import { clamp, roundTo, type Draw } from './draw.js';
import type { TrustScoreRow } from '@ainp/db';
import type { Seeded } from './seed-tables.js';

/** The schema's default decay rate; most agents keep it. */
export const DEFAULT_DECAY_RATE = 0.977;
/** How the overall score weighs the four dimensions. */
export const TRUST_WEIGHTS = { reliability: 0.3, honesty: 0.3, competence: 0.25, timeliness: 0.15 };

/**
 * One trust_scores row. The four dimensions scatter around the agent's skill, and the overall
 * score is their weighted mean, so a good agent is trusted on most counts.
 */
export function generateTrustScore(
  draw: Draw,
  agentDid: string,
  skill: number,
  agentCreatedMs: number,
  refDateMs: number,
): Seeded<TrustScoreRow> {
  const dimension = () => roundTo(clamp(skill + (draw.random() - 0.5) * 0.3, 0, 1), 4);
  const reliability = dimension();
  const honesty = dimension();
  const competence = dimension();
  const timeliness = dimension();
  const score = roundTo(
    reliability * TRUST_WEIGHTS.reliability +
      honesty * TRUST_WEIGHTS.honesty +
      competence * TRUST_WEIGHTS.competence +
      timeliness * TRUST_WEIGHTS.timeliness,
    4,
  );
  return {
    agent_did: agentDid,
    score,
    reliability,
    honesty,
    competence,
    timeliness,
    decay_rate: draw.random() < 0.7 ? DEFAULT_DECAY_RATE : roundTo(0.9 + draw.random() * 0.1, 4),
    last_updated: new Date(draw.int(agentCreatedMs, refDateMs)),
  };
}
