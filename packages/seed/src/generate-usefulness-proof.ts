import type { UsefulnessProofRow, WorkType } from '@ainp/db';
import { clamp, roundTo, type Draw } from './draw.js';
import { seededHex, seededUuid } from './seeded-faker.js';
import type { Seeded } from './seed-tables.js';
import { USEFULNESS_WINDOW_MS } from './time-windows.js';
import { usefulnessMetrics } from './usefulness-metrics.js';

/** How often each kind of work is proved; a Record, so the compiler insists on all five types. */
export const WORK_TYPE_WEIGHTS: Readonly<Record<WorkType, number>> = {
  compute: 3,
  memory: 2,
  routing: 2,
  validation: 2,
  learning: 1,
};
const WORK_TYPE_CHOICES = Object.entries(WORK_TYPE_WEIGHTS) as [WorkType, number][];

/** Shares of proofs that carry no attestations, and no trace id. */
export const UNATTESTED_SHARE = 0.2;
export const UNTRACED_SHARE = 0.1;

export interface ProofAuthor {
  readonly did: string;
  readonly createdAtMs: number;
  /** How good this agent's work is, in [0,1]. */
  readonly skill: number;
}

/**
 * One usefulness_proofs row, dated in the last 60 days (and after the agent registered). The
 * score scatters around the agent's skill; the metrics fit the work type. A validation names
 * proofs by other agents that existed before it (`earlier` holds the proofs generated so far).
 */
export function generateUsefulnessProof(
  draw: Draw,
  author: ProofAuthor,
  refDateMs: number,
  earlier: readonly Seeded<UsefulnessProofRow>[],
): Seeded<UsefulnessProofRow> {
  const workType = draw.weighted(WORK_TYPE_CHOICES);
  const quality = clamp(author.skill + (draw.random() - 0.5) * 0.4, 0, 1);
  const createdAt = new Date(
    draw.int(Math.max(author.createdAtMs, refDateMs - USEFULNESS_WINDOW_MS), refDateMs),
  );
  const checkedProof = () => {
    const candidate = earlier.length > 0 ? earlier[draw.int(0, earlier.length - 1)] : undefined;
    return candidate !== undefined &&
      candidate.agent_did !== author.did &&
      candidate.created_at < createdAt
      ? candidate.id
      : undefined;
  };
  return {
    id: seededUuid(draw.stream),
    intent_id: seededUuid(draw.stream),
    agent_did: author.did,
    work_type: workType,
    metrics: usefulnessMetrics(draw, workType, quality, checkedProof),
    attestations:
      draw.random() < UNATTESTED_SHARE
        ? null
        : Array.from({ length: draw.int(1, 3) }, () => `urn:uuid:${seededUuid(draw.stream)}`),
    trace_id: draw.random() < UNTRACED_SHARE ? null : `trace-${seededHex(draw.stream, 16)}`,
    usefulness_score: roundTo(quality * 100, 2),
    created_at: createdAt,
  };
}
