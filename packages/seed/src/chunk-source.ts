import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { identityBook } from './agent-identity.js';
import type { ChunkSpec } from './chunk-plan.js';
import { encodeChunk, type EncodedChunk } from './encode-chunk.js';
import { generateChunk } from './generate-chunk.js';

/** Chunks generated ahead of the loader, per generator thread: enough to never leave it idle. */
export const CHUNKS_AHEAD_PER_WORKER = 2;
/** A larger young generation: chunk generation allocates many short-lived objects. */
const WORKER_YOUNG_GENERATION_MB = 64;
/** The export condition under which workspace packages point at their TypeScript source. */
const SOURCE_CONDITION = '@ainp/source';

/**
 * The encoded chunks, in order. With `workers` = 0 they are generated on this thread, one at a
 * time, as the loader asks; otherwise generator threads work ahead while this thread loads.
 * Either way the bytes are the same: a chunk depends only on its spec.
 */
export async function* generateChunks(
  specs: readonly ChunkSpec[],
  workers: number,
): AsyncGenerator<EncodedChunk> {
  if (specs.length === 0) return;
  if (workers === 0) {
    const book = identityBook(specs[0]!.seed, specs[0]!.refDateMs);
    for (const spec of specs) yield encodeChunk(spec.index, generateChunk(spec, book));
    return;
  }
  const pool = Array.from({ length: Math.min(workers, specs.length) }, () =>
    startWorker(specs[0]!),
  );
  const pending = new Map<number, Promise<EncodedChunk>>();
  let next = 0;
  const dispatch = () => {
    while (next < specs.length && pending.size < pool.length * CHUNKS_AHEAD_PER_WORKER) {
      const spec = specs[next]!;
      pending.set(spec.index, pool[next % pool.length]!.generate(spec));
      next += 1;
    }
  };
  try {
    for (const spec of specs) {
      dispatch();
      const chunk = await pending.get(spec.index)!;
      pending.delete(spec.index);
      dispatch();
      yield chunk;
    }
  } finally {
    // Settle what is still in flight, so no rejection goes unhandled, then stop the threads.
    await Promise.allSettled(pending.values());
    await Promise.all(pool.map((worker) => worker.stop()));
  }
}

interface GeneratorThread {
  generate(spec: ChunkSpec): Promise<EncodedChunk>;
  stop(): Promise<void>;
}

type WorkerReply =
  { ok: true; chunk: EncodedChunk } | { ok: false; index: number; message: string };

/**
 * Built, the worker is plain JavaScript. Run from TypeScript source (tsx, vitest), Node 20 does
 * not carry the TypeScript loader into worker threads, so the thread registers tsx itself and
 * resolves workspace packages to their source, as the parent does.
 */
function spawnGeneratorThread(workerData: unknown): Worker {
  const options = {
    workerData,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  };
  if (path.extname(fileURLToPath(import.meta.url)) === '.js') {
    return new Worker(new URL('./generator-worker.js', import.meta.url), options);
  }
  const script = new URL('./generator-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(script)}); });`,
    { ...options, eval: true, execArgv: [...process.execArgv, `--conditions=${SOURCE_CONDITION}`] },
  );
}

function startWorker(first: ChunkSpec): GeneratorThread {
  const worker = spawnGeneratorThread({ seed: first.seed, refDateMs: first.refDateMs });
  const waiting = new Map<number, { resolve(c: EncodedChunk): void; reject(e: Error): void }>();
  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.on('message', (reply: WorkerReply) => {
    const index = reply.ok ? reply.chunk.index : reply.index;
    const waiter = waiting.get(index);
    waiting.delete(index);
    if (reply.ok) waiter?.resolve(reply.chunk);
    else waiter?.reject(new Error(`Generating chunk ${index} failed: ${reply.message}`));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) =>
    failAll(new Error(`A generator thread stopped (exit code ${code}).`)),
  );
  return {
    generate: (spec) =>
      new Promise((resolve, reject) => {
        waiting.set(spec.index, { resolve, reject });
        worker.postMessage(spec);
      }),
    stop: async () => {
      await worker.terminate();
    },
  };
}
