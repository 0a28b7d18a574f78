import { parentPort, workerData } from 'node:worker_threads';
import { identityBook } from './agent-identity.js';
import type { ChunkSpec } from './chunk-plan.js';
import { encodeChunk } from './encode-chunk.js';

/** A generator thread: chunk specs in, binary COPY data out (the byte arrays are transferred, not copied). */
const { seed, refDateMs } = workerData as { seed: number; refDateMs: number };
const book = identityBook(seed, refDateMs);

parentPort!.on('message', (spec: ChunkSpec) => {
  try {
    const encoded = encodeChunk(spec, book);
    parentPort!.postMessage(
      { ok: true, chunk: encoded },
      Object.values(encoded.data).map((bytes) => bytes.buffer as ArrayBuffer),
    );
  } catch (error) {
    parentPort!.postMessage({ ok: false, index: spec.index, message: (error as Error).message });
  }
});
