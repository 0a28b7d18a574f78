import { identityBook } from './agent-identity.js';
import type { ChunkSpec } from './chunk-plan.js';
import { encodeChunk, type EncodedChunk } from './encode-chunk.js';
import { startGeneratorThread, type GeneratorThread } from './generator-thread.js';

/** Chunks generated ahead of the loader, per generator thread: enough to never leave it idle. */
export const CHUNKS_AHEAD_PER_WORKER = 2;

/** Where the loader gets its encoded chunks from. */
export interface ChunkSource {
  /**
   * The chunks of `specs`, in order, in batches: the next chunk, with the ones after it that are
   * already made (the loader sends a batch's rows of each table in one COPY statement). With
   * generator threads, the first chunks are asked of them at once, before the loader takes any: a
   * caller can start them while it prepares the database.
   */
  batches(specs: readonly ChunkSpec[]): AsyncGenerator<readonly EncodedChunk[]>;
  close(): Promise<void>;
}

/**
 * With `workers` = 0, chunks are generated on this thread, one at a time, as the loader asks;
 * otherwise generator threads make every chunk, working ahead while this thread only loads. The
 * threads start at once, so they load their code while the caller migrates and locks. This
 * thread makes none itself: its code would have to warm up (be optimised by V8) a second time,
 * which cost more CPU than the head start won (see docs/benchmarks.md, fourth round). Either way
 * the bytes are the same: a chunk depends only on its spec.
 */
export function startChunkSource(workers: number, seed: number, refDateMs: number): ChunkSource {
  if (workers === 0) {
    const book = identityBook(seed, refDateMs);
    return {
      // Made on demand, so a batch is one chunk: waiting for a second would only delay the first.
      async *batches(specs) {
        for (const spec of specs) yield [encodeChunk(spec, book)];
      },
      close: async () => {},
    };
  }
  const pool = Array.from({ length: workers }, () => startGeneratorThread({ seed, refDateMs }));
  return {
    batches: (specs) => batchesInOrder(pool, specs),
    close: async () => {
      await Promise.all(pool.map((thread) => thread.stop()));
    },
  };
}

/**
 * The chunks of `specs` from the threads of `pool`, in order, each thread at most
 * CHUNKS_AHEAD_PER_WORKER chunks ahead. The first are asked for at once, not on the first `next()`.
 * A batch is the next chunk (waited for) and the ones after it that have already arrived: when the
 * threads are ahead of the loader it takes several at once, and it never waits for a second.
 */
export function batchesInOrder(
  pool: readonly Pick<GeneratorThread, 'generate'>[],
  specs: readonly ChunkSpec[],
): AsyncGenerator<readonly EncodedChunk[]> {
  const pending = new Map<number, Promise<EncodedChunk>>();
  const arrived = new Map<number, EncodedChunk>();
  let next = 0;
  let thread = 0;
  const dispatch = () => {
    while (next < specs.length && pending.size < pool.length * CHUNKS_AHEAD_PER_WORKER) {
      const spec = specs[next++]!;
      const chunk = pool[thread++ % pool.length]!.generate(spec);
      // A thread can fail while this thread is busy elsewhere: the rejection is seen when the
      // chunk's turn comes (or by the finally below), not as an unhandled one that ends the process.
      chunk.then(
        (made) => arrived.set(spec.index, made),
        () => {},
      );
      pending.set(spec.index, chunk);
    }
  };
  dispatch();
  return (async function* () {
    try {
      for (let k = 0; k < specs.length;) {
        const batch = [await pending.get(specs[k]!.index)!];
        for (k++; k < specs.length && arrived.has(specs[k]!.index); k++) {
          batch.push(arrived.get(specs[k]!.index)!);
        }
        for (const chunk of batch) {
          pending.delete(chunk.index);
          arrived.delete(chunk.index);
        }
        // Dispatched at the call and after each batch is taken: the pool is never left short.
        dispatch();
        yield batch;
      }
    } finally {
      // Let what is still in flight settle before the threads are stopped.
      await Promise.allSettled(pending.values());
    }
  })();
}
