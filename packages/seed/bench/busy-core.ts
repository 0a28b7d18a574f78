import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/**
 * A thread that keeps one core busy until stopped, with arithmetic only (no allocation, no memory
 * traffic beyond its counter). Raw COPY run beside it shows how much a busy core slows the server
 * on this machine: near nothing on cores that share no execution units, much more on hyperthreads
 * of one core (docs/benchmarks.md, ninth round).
 */
export interface BusyCore {
  /** Rounds of arithmetic done so far: it grows while the thread runs. */
  rounds(): number;
  /** Ends the thread; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Flag 0: stop when 1. Counter 1: rounds done. The thread says "spinning" as it starts. */
const SPIN = `
const { parentPort, workerData } = require('node:worker_threads');
const state = new Int32Array(workerData);
let x = 1;
parentPort.postMessage('spinning');
while (Atomics.load(state, 0) === 0) {
  for (let i = 0; i < 100000; i++) x = (Math.imul(x, 1664525) + 1013904223) | 0;
  Atomics.add(state, 1, 1);
}
if (x === 0) parentPort.postMessage(x); // keeps the loop's result live
`;

/** Starts the thread; resolves once it is spinning. */
export async function startBusyCore(): Promise<BusyCore> {
  const shared = new SharedArrayBuffer(8);
  const state = new Int32Array(shared);
  const worker = new Worker(SPIN, { eval: true, workerData: shared });
  // Not once(): it would also reject on an 'error', which the 'message' wait below reports.
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const [message] = (await once(worker, 'message')) as [unknown];
  if (message !== 'spinning') {
    await worker.terminate();
    throw new Error(`The busy-core thread said ${String(message)} instead of starting.`);
  }
  return {
    rounds: () => Atomics.load(state, 1),
    stop: async () => {
      Atomics.store(state, 0, 1);
      await exited;
    },
  };
}

/** Runs `work` while a busy-core thread runs beside it. */
export async function besideBusyCore<T>(work: () => Promise<T>): Promise<T> {
  const busy = await startBusyCore();
  try {
    return await work();
  } finally {
    await busy.stop();
  }
}
