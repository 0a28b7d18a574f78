import type {
  ComputeMetrics,
  LearningMetrics,
  MemoryMetrics,
  RoutingMetrics,
  UsefulnessMetricsByWorkType,
  ValidationMetrics,
  WorkType,
} from '@ainp/db';
import { roundTo, type Draw } from './draw.js';

/** The models learning proofs name. */
const MODEL_IDS = [
  'ainp-router-small',
  'ainp-ranker-v2',
  'vision-tagger-3b',
  'speech-lite',
  'planner-7b',
];

/**
 * Metrics shaped for each kind of work (the @ainp/db shapes), scaled by how good the work was
 * (quality in [0,1]): a high usefulness score comes with high accuracy and delivery rates.
 * `checkedProof` names a proof a validation could have checked (undefined when there is none).
 */
export function usefulnessMetrics<W extends WorkType>(
  draw: Draw,
  workType: W,
  quality: number,
  checkedProof: () => string | undefined,
): UsefulnessMetricsByWorkType[W] {
  // Each case builds the shape for its own type; the cast only tells the compiler that case
  // matches W, which it cannot narrow by itself.
  const shaped = (metrics: UsefulnessMetricsByWorkType[WorkType]) =>
    metrics as UsefulnessMetricsByWorkType[W];
  switch (workType) {
    case 'compute':
      return shaped(computeMetrics(draw));
    case 'memory':
      return shaped({
        bytes_stored: draw.int(1_024, 2_000_000_000),
        retrievals: draw.int(0, 10_000),
        hit_rate: roundTo(0.4 + quality * 0.6 * draw.random(), 4),
        retention_days: draw.int(1, 365),
      } satisfies MemoryMetrics);
    case 'routing':
      return shaped({
        messages_routed: draw.int(10, 100_000),
        avg_latency_ms: draw.int(2, 2_000),
        delivery_rate: roundTo(0.8 + quality * 0.2 * draw.random(), 4),
        avg_hops: roundTo(1 + draw.random() * 5, 2),
      } satisfies RoutingMetrics);
    case 'validation':
      return shaped(validationMetrics(draw, quality, checkedProof));
    default: {
      const before = roundTo(0.5 + draw.random() * 0.4, 4);
      return shaped({
        training_samples: draw.int(100, 5_000_000),
        epochs: draw.int(1, 100),
        accuracy_before: before,
        accuracy_after: roundTo(Math.min(1, before + quality * 0.1 * draw.random()), 4),
        model_id: MODEL_IDS[draw.int(0, MODEL_IDS.length - 1)]!,
      } satisfies LearningMetrics);
    }
  }
}

function computeMetrics(draw: Draw): ComputeMetrics {
  const inference = draw.random() < 0.5;
  const metrics: ComputeMetrics = {
    cpu_ms: draw.int(200, 2_000_000),
    gpu_ms: draw.random() < 0.4 ? draw.int(100, 5_000_000) : 0,
    peak_memory_mb: draw.int(64, 65_536),
  };
  if (inference) metrics.tokens_processed = draw.int(100, 2_000_000);
  return metrics;
}

function validationMetrics(
  draw: Draw,
  quality: number,
  checkedProof: () => string | undefined,
): ValidationMetrics {
  const items = draw.int(1, 5_000);
  const checked = new Set<string>();
  for (let tries = draw.int(0, 3); tries > 0; tries--) {
    const id = checkedProof();
    if (id !== undefined) checked.add(id);
  }
  const metrics: ValidationMetrics = {
    items_validated: items,
    errors_found: Math.round(items * (1 - quality) * 0.05 * draw.random()),
    accuracy: roundTo(0.6 + quality * 0.4 * draw.random(), 4),
  };
  if (checked.size > 0) metrics.validated_proof_ids = [...checked];
  return metrics;
}
