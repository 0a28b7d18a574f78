import { identityBook } from './agent-identity.js';
import type { ChunkSpec } from './chunk-plan.js';
import { encodeChunk, type EncodedChunk } from './encode-chunk.js';
import { startGeneratorThread, type GeneratorThread } from './generator-thread.js';

/** Chunks generated ahead of the loader, per generator thread: enough to never leave it idle. */
export const CHUNKS_AHEAD_PER_WORKER = 2;

/** Where the loader gets its encoded chunks from. */
export interface ChunkSource {
  /** The chunks of `specs`, in order. */
  chunks(specs: readonly ChunkSpec[]): AsyncGenerator<EncodedChunk>;
  close(): Promise<void>;
}

/**
 * With `workers` = 0, chunks are generated on this thread, one at a time, as the loader asks;
 * otherwise generator threads work ahead while this thread loads. The threads start at once, so
 * they load their code while the caller migrates and locks; once the load asks for chunks, the
 * threads get the full-size ones queued while this thread makes the small ones (see
 * chunk-plan.ts) itself. Either way the bytes are the same: a chunk depends only on its spec.
 */
export function startChunkSource(workers: number, seed: number, refDateMs: number): ChunkSource {
  const book = identityBook(seed, refDateMs);
  const here = (spec: ChunkSpec) => encodeChunk(spec, book);
  if (workers === 0) {
    return {
      async *chunks(specs) {
        for (const spec of specs) yield here(spec);
      },
      close: async () => {},
    };
  }
  const pool = Array.from({ length: workers }, () => startGeneratorThread({ seed, refDateMs }));
  return {
    chunks: (specs) => inOrder(pool, specs, here),
    close: async () => {
      await Promise.all(pool.map((thread) => thread.stop()));
    },
  };
}

async function* inOrder(
  pool: readonly GeneratorThread[],
  specs: readonly ChunkSpec[],
  here: (spec: ChunkSpec) => EncodedChunk,
): AsyncGenerator<EncodedChunk> {
  const pending = new Map<number, Promise<EncodedChunk>>();
  const queue = specs.filter((spec) => !spec.small);
  let next = 0;
  let thread = 0;
  const dispatch = () => {
    while (next < queue.length && pending.size < pool.length * CHUNKS_AHEAD_PER_WORKER) {
      const spec = queue[next++]!;
      const chunk = pool[thread++ % pool.length]!.generate(spec);
      // A thread can fail while this thread is busy elsewhere: the rejection is seen when the
      // chunk's turn comes (or by the finally below), not as an unhandled one that ends the process.
      chunk.catch(() => {});
      pending.set(spec.index, chunk);
    }
  };
  try {
    for (const spec of specs) {
      dispatch();
      if (spec.small) {
        yield here(spec);
        continue;
      }
      const chunk = await pending.get(spec.index)!;
      pending.delete(spec.index);
      dispatch();
      yield chunk;
    }
  } finally {
    // Let what is still in flight settle before the threads are stopped.
    await Promise.allSettled(pending.values());
  }
}
