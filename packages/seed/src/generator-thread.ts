import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChunkSpec } from './chunk-plan.js';
import type { EncodedChunk } from './encode-chunk.js';

/** A larger young generation: chunk generation allocates many short-lived objects. */
const WORKER_YOUNG_GENERATION_MB = 64;
/** The export condition under which workspace packages point at their TypeScript source. */
const SOURCE_CONDITION = '@ainp/source';

/** One generator thread (generator-worker.ts): chunk specs in, binary COPY data out. */
export interface GeneratorThread {
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

export function startGeneratorThread(run: { seed: number; refDateMs: number }): GeneratorThread {
  const worker = spawnGeneratorThread(run);
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
