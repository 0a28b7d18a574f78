import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CHUNK_AGENTS, planChunks } from '../src/chunk-plan.js';
import { batchesInOrder, CHUNKS_AHEAD_PER_WORKER, startChunkSource } from '../src/chunk-source.js';
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
        for await (const batch of source.batches(broken)) {
          for (const chunk of batch) loaded.push(chunk.index);
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
    const batches = batchesInOrder(pool, specs);
    // The seeder prepares the database here; the threads are already at work.
    expect(asked).toEqual([...Array(2 * CHUNKS_AHEAD_PER_WORKER).keys()]);
    const loaded: number[] = [];
    for await (const batch of batches) for (const chunk of batch) loaded.push(chunk.index);
    expect(loaded).toEqual(specs.map((spec) => spec.index));
    expect(asked).toEqual(loaded);
  });

  it('batches the next chunk with those after it that have arrived, and waits for no other', async () => {
    const refDate = new Date('2026-01-01T00:00:00Z');
    const specs = planChunks(resolveCounts('small', { agents: 6 * CHUNK_AGENTS }), 5, refDate, 0);
    // One thread whose chunks arrive when the test says so (from chunk 6 on, at once).
    const arrive = new Map<number, () => void>();
    let later = false;
    const pool = [
      {
        generate: (spec: (typeof specs)[number]) =>
          new Promise<EncodedChunk>((resolve) => {
            const done = () => resolve({ index: spec.index } as EncodedChunk);
            if (later) done();
            else arrive.set(spec.index, done);
          }),
      },
    ];
    const batches = batchesInOrder(pool, specs);
    const indexes = async () =>
      ((await batches.next()).value ?? []).map((c: EncodedChunk) => c.index);
    arrive.get(0)!();
    expect(await indexes()).toEqual([0]);
    // Chunk 1 and 2 both arrived before the loader came back: one batch.
    arrive.get(1)!();
    arrive.get(2)!();
    await sleep(10);
    expect(await indexes()).toEqual([1, 2]);
    // Chunk 4 arrived before chunk 3: the loader waits for 3 and takes both.
    arrive.get(4)!();
    const both = indexes();
    await sleep(10);
    arrive.get(3)!();
    expect(await both).toEqual([3, 4]);
    // Chunk 5 has arrived, 6 has not: the batch is 5 alone, with no wait for 6.
    arrive.get(5)!();
    await sleep(10);
    expect(await indexes()).toEqual([5]);
    // From chunk 6 on, each arrives at once.
    later = true;
    for (const [index, done] of arrive) if (index >= 6) done();
    const rest: number[] = [];
    for await (const batch of batches) rest.push(...batch.map((c) => c.index));
    expect(rest).toEqual(specs.slice(6).map((spec) => spec.index));
  });
});
