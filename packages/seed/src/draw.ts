import type { SeededStream } from './seeded-faker.js';

/**
 * Small drawing helpers over one seeded stream. Everything random in a chunk goes through it, in
 * a fixed order, which is what makes the chunk reproducible.
 */
export interface Draw {
  readonly stream: SeededStream;
  /** A float in [0, 1). */
  random(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** An element, chosen with the given weights. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T;
  /** An index in [0, n), biased toward 0: a few busy agents, many quiet ones. */
  skewed(n: number): number;
  /** k distinct indices of [0, n), ascending (selection sampling: exactly k, one pass). */
  sample(n: number, k: number): number[];
  /** From `min` to `max` distinct elements of `items`, in random order. */
  subset<T>(items: readonly T[], min: number, max: number): T[];
}

export function createDraw(stream: SeededStream): Draw {
  return new StreamDraw(stream);
}

/** A class for the same reason as the stream's (seeded-faker.ts): one set of call targets. */
class StreamDraw implements Draw {
  constructor(readonly stream: SeededStream) {}

  random(): number {
    return this.stream.next();
  }

  int(min: number, max: number): number {
    return max <= min ? min : min + Math.floor(this.stream.next() * (max - min + 1));
  }

  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (let i = 0; i < choices.length; i++) total += choices[i]![1];
    let target = this.stream.next() * total;
    for (let i = 0; i < choices.length; i++) {
      target -= choices[i]![1];
      if (target < 0) return choices[i]![0];
    }
    return choices[choices.length - 1]![0];
  }

  skewed(n: number): number {
    const r = this.stream.next();
    return Math.min(n - 1, Math.floor(r * r * n));
  }

  sample(n: number, k: number): number[] {
    const picked: number[] = [];
    for (let i = 0; i < n && picked.length < k; i++) {
      if (this.stream.next() * (n - i) < k - picked.length) picked.push(i);
    }
    return picked;
  }

  subset<T>(items: readonly T[], min: number, max: number): T[] {
    // A partial Fisher-Yates shuffle: the first k places of a copy.
    const pool = items.slice();
    const k = Math.min(pool.length, this.int(min, max));
    for (let i = 0; i < k; i++) {
      const j = this.int(i, pool.length - 1);
      const picked = pool[j]!;
      pool[j] = pool[i]!;
      pool[i] = picked;
    }
    pool.length = k;
    return pool;
  }
}

/** Rounded to `digits` decimals, as a numeric(p, digits) column stores it. */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
