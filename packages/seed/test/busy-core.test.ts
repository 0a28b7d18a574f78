import { describe, expect, it, vi } from 'vitest';
import { besideBusyCore, startBusyCore } from '../bench/busy-core.js';

describe("the benchmark's busy core", () => {
  it('computes on its own thread until stopped, then has exited', async () => {
    const busy = await startBusyCore();
    // The main thread only waits here: the rounds come from the other thread.
    await vi.waitFor(() => expect(busy.rounds()).toBeGreaterThan(3), {
      timeout: 60_000,
      interval: 5,
    });
    await busy.stop();
    const after = busy.rounds();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(busy.rounds()).toBe(after);
  });

  it("runs the work beside it, returns the work's result, and stops even when the work fails", async () => {
    let seen = 0;
    const result = await besideBusyCore(async () => {
      seen = 1;
      return 'done';
    });
    expect([result, seen]).toEqual(['done', 1]);
    await expect(
      besideBusyCore(async () => {
        throw new Error('load failed');
      }),
    ).rejects.toThrow('load failed');
  });
});
