import { generatorThreadsFor, planChunks } from '../src/chunk-plan.js';
import { startChunkSource } from '../src/chunk-source.js';
import type { SeedOptions } from '../src/seed-options.js';
import { SEED_TABLE_NAMES } from '../src/seed-tables.js';

/** Baseline (d): one generation run, no database. */
export interface GenerationRun {
  readonly rows: number;
  readonly ms: number;
  /** CPU seconds of this process over the run: every thread, generator threads included. */
  readonly cpuSeconds: number;
}

/**
 * Generates and encodes every chunk of `options` exactly as the seeder does (its generator
 * threads), dropping each chunk instead of sending it.
 */
export async function generateOnly(options: SeedOptions): Promise<GenerationRun> {
  const specs = planChunks(options.counts, options.seed, options.refDate, 0);
  const workers = generatorThreadsFor(specs, options.workers);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const source = startChunkSource(workers, options.seed, options.refDate.getTime());
  let rows = 0;
  try {
    for await (const batch of source.batches(specs)) {
      for (const chunk of batch) for (const table of SEED_TABLE_NAMES) rows += chunk.rows[table];
    }
  } finally {
    await source.close();
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { rows, ms, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}
