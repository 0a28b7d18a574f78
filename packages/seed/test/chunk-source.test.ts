import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CHUNK_AGENTS, planChunks } from '../src/chunk-plan.js';
import { CHUNKS_AHEAD_PER_WORKER, chunksInOrder, startChunkSource } from '../src/chunk-source.js';
import type { EncodedChunk } from '../src/encode-chunk.js';
import { resolveCounts } from '../src/seed-counts.js';

describe('the chunk source', () => {
  it('reports a generator thread that failed while the loader was busy, in turn', async () => {
    const refDate = new Date('2026-01-01T00:00:00Z');
    const specs = planChunks(resolveCounts('small', { agents: 3 * CHUNK_AGENTS }), 5, refDate, 0);
    // Every chunk goes to the thread; an invalid reference date makes it throw on chunk 3 and on.
    const broken = specs.map((spec) =>
      spec.index < 3 ? spec : { ...spec, refDateMs: Number.NaN },
    );
    const source = startChunkSource(1, 5, refDate.getTime());
    const loaded: number[] = [];
    try {
      const load = async () => {
        for await (const chunk of source.chunks(broken)) {
          loaded.push(chunk.index);
          // A slow loader: the thread fails long before its chunk's turn comes.
          await sleep(400);
        }
      };
      await expect(load()).rejects.toThrow(
        /Generating chunk 3 failed: Cannot COPY an invalid date/,
      );
    } finally {
      await source.close();
    }
    expect(loaded).toEqual([0, 1, 2]);
  });

  it('asks the threads for the first chunks at once, before the loader takes one', async () => {
    const refDate = new Date('2026-01-01T00:00:00Z');
    const specs = planChunks(resolveCounts('small', { agents: 6 * CHUNK_AGENTS }), 5, refDate, 0);
    const asked: number[] = [];
    // Threads that answer at once with an empty chunk, and note what they were asked.
    const pool = [0, 1].map(() => ({
      generate: async (spec: (typeof specs)[number]): Promise<EncodedChunk> => {
        asked.push(spec.index);
        return { index: spec.index, data: {}, rows: {} } as EncodedChunk;
      },
    }));
    const chunks = chunksInOrder(pool, specs);
    // The seeder prepares the database here; the threads are already at work.
    expect(asked).toEqual([...Array(2 * CHUNKS_AHEAD_PER_WORKER).keys()]);
    const loaded: number[] = [];
    for await (const chunk of chunks) loaded.push(chunk.index);
    expect(loaded).toEqual(specs.map((spec) => spec.index));
    expect(asked).toEqual(loaded);
  });
});
