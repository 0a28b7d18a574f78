import type { SeedCounts } from './seed-counts.js';

/**
 * A load is cut into chunks of agents. Each chunk generates its agents and everything they own
 * (trust, proofs, account and transactions, the negotiations they start) from its own seeded
 * stream, so chunks are independent: they can be generated in parallel, and each is loaded as
 * soon as it is ready, in foreign-key order.
 */
export const CHUNK_AGENTS = 1_000;
/**
 * The first chunk is small and chunks double from there up to CHUNK_AGENTS, so the generator
 * hands PostgreSQL its first rows within milliseconds of starting rather than after a whole chunk.
 */
export const FIRST_CHUNK_AGENTS = 125;

export interface ChunkSpec {
  readonly index: number;
  readonly seed: number;
  readonly refDateMs: number;
  /** Number of the run's first agent: 0 on an empty database, the existing count when appending. */
  readonly runFirstAgent: number;
  /** Number of this chunk's first agent (the chunk's seeded stream is named by it). */
  readonly firstAgent: number;
  /** This chunk's share of each count. */
  readonly counts: SeedCounts;
}

/** `total` shared out over n positions: positions [from, to) get this many (no rounding drift). */
export function shareOf(total: number, from: number, to: number, n: number): number {
  if (n === 0) return 0;
  return Math.floor((total * to) / n) - Math.floor((total * from) / n);
}

export function planChunks(
  counts: SeedCounts,
  seed: number,
  refDate: Date,
  runFirstAgent: number,
  chunkAgents = CHUNK_AGENTS,
): ChunkSpec[] {
  const chunks: ChunkSpec[] = [];
  const n = counts.agents;
  for (
    let from = 0, index = 0, size = Math.min(FIRST_CHUNK_AGENTS, chunkAgents);
    from < n;
    index++
  ) {
    const to = Math.min(n, from + size);
    // Transactions follow the accounts, so a chunk never gets transactions without accounts.
    const accountsBefore = shareOf(counts.creditAccounts, 0, from, n);
    const accountsHere = shareOf(counts.creditAccounts, from, to, n);
    chunks.push({
      index,
      seed,
      refDateMs: refDate.getTime(),
      runFirstAgent,
      firstAgent: runFirstAgent + from,
      counts: {
        agents: to - from,
        trustScores: shareOf(counts.trustScores, from, to, n),
        usefulnessProofs: shareOf(counts.usefulnessProofs, from, to, n),
        creditAccounts: accountsHere,
        creditTransactions: shareOf(
          counts.creditTransactions,
          accountsBefore,
          accountsBefore + accountsHere,
          counts.creditAccounts,
        ),
        negotiations: shareOf(counts.negotiations, from, to, n),
      },
    });
    from = to;
    size = Math.min(chunkAgents, size * 2);
  }
  return chunks;
}

/**
 * How many of `workers` generator threads a load of `specs` starts: none when no chunk is full
 * size (the whole load is a few warm-up chunks, made sooner on the loading thread than a thread
 * starts), otherwise up to one per chunk.
 */
export function generatorThreadsFor(specs: readonly ChunkSpec[], workers: number): number {
  const full = specs.some((spec) => spec.counts.agents >= CHUNK_AGENTS);
  return full ? Math.min(workers, specs.length) : 0;
}
