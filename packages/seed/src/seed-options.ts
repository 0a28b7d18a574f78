import { availableParallelism } from 'node:os';
import { UsageError } from '@ainp/db/errors';
import {
  COUNT_FLAGS,
  DEFAULT_SCALE,
  parseCount,
  resolveCounts,
  SCALE_NAMES,
  type ScaleName,
  type SeedCounts,
} from './seed-counts.js';

/** The seed used when none is given, so a plain `pnpm seed` is reproducible too. */
export const DEFAULT_SEED = 1;
/** Seeds are unsigned 32-bit integers (a chunk's stream is seeded with them as they are). */
export const MAX_SEED = 0xffff_ffff;
/** "Now", as far as the seed's story goes: every date is counted back from here. */
export const DEFAULT_REF_DATE = '2026-01-01T00:00:00.000Z';
/**
 * Generator threads beside the loading thread (0 generates on the loading thread): one core is
 * left to PostgreSQL's COPY, the others generate, up to MAX_DEFAULT_WORKERS. On a 2-core machine
 * that is one thread, which overlaps generation with loading.
 */
export const MAX_DEFAULT_WORKERS = 4;
export const DEFAULT_WORKERS = Math.max(
  1,
  Math.min(MAX_DEFAULT_WORKERS, availableParallelism() - 1),
);
export const MAX_WORKERS = 16;

/**
 * fresh: the seeded tables must be empty (the default; refuses otherwise, changing nothing).
 * reset: empty them first, in the same transaction as the load.
 * append: add to what is there; agent numbering continues after the existing agents.
 */
export type SeedMode = 'fresh' | 'reset' | 'append';

export interface SeedOptions {
  readonly seed: number;
  readonly refDate: Date;
  readonly counts: SeedCounts;
  readonly mode: SeedMode;
  readonly workers: number;
  /** --cascade (reset only): also empty tables outside the seed that point into it. */
  readonly cascade: boolean;
  /** --allow-production (reset only): go ahead with NODE_ENV=production or a shared database. */
  readonly allowShared: boolean;
}

/** The raw flag values, as the command line gives them. */
export interface SeedFlags {
  readonly seed?: string;
  readonly scale?: string;
  readonly refDate?: string;
  readonly reset?: boolean;
  readonly append?: boolean;
  readonly workers?: string;
  readonly cascade?: boolean;
  readonly allowProduction?: boolean;
  readonly counts?: Partial<Record<keyof SeedCounts, string>>;
}

/** Checks every flag before anything connects: a bad one is a UsageError and nothing is written. */
export function resolveSeedOptions(flags: SeedFlags, now = new Date()): SeedOptions {
  if (flags.reset && flags.append) {
    throw new UsageError(
      '--reset and --append contradict each other; pick one. Nothing was written.',
    );
  }
  for (const [flag, given] of [
    ['--cascade', flags.cascade],
    ['--allow-production', flags.allowProduction],
  ] as const) {
    if (given && !flags.reset) {
      throw new UsageError(`${flag} only applies with --reset. Nothing was written.`);
    }
  }
  const scale = flags.scale ?? DEFAULT_SCALE;
  if (!(SCALE_NAMES as readonly string[]).includes(scale)) {
    throw new UsageError(
      `--scale must be one of ${SCALE_NAMES.join(', ')}, not "${scale}". Nothing was written.`,
    );
  }
  const explicit: Partial<Record<keyof SeedCounts, number>> = {};
  for (const [key, text] of Object.entries(flags.counts ?? {}) as [keyof SeedCounts, string][]) {
    if (text !== undefined) explicit[key] = parseCount(COUNT_FLAGS[key], text);
  }
  return {
    seed: parseSeed(flags.seed),
    refDate: parseRefDate(flags.refDate, now),
    counts: resolveCounts(scale as ScaleName, explicit),
    mode: flags.reset ? 'reset' : flags.append ? 'append' : 'fresh',
    workers: parseWorkers(flags.workers),
    cascade: flags.cascade === true,
    allowShared: flags.allowProduction === true,
  };
}

export function parseSeed(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SEED;
  if (!/^\d+$/.test(text) || Number(text) > MAX_SEED) {
    throw new UsageError(
      `--seed must be a whole number from 0 to ${MAX_SEED}, not "${text}". Nothing was written.`,
    );
  }
  return Number(text);
}

/** YYYY-MM-DD (midnight UTC), a full ISO timestamp, or `today` (midnight UTC today). */
export function parseRefDate(text: string | undefined, now: Date): Date {
  if (text === undefined) return new Date(DEFAULT_REF_DATE);
  if (text === 'today')
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? new Date(`${text}T00:00:00.000Z`)
    : /^\d{4}-\d{2}-\d{2}T/.test(text)
      ? new Date(text)
      : new Date(NaN);
  if (
    Number.isNaN(date.getTime()) ||
    date.getUTCFullYear() < 2000 ||
    date.getUTCFullYear() > 2200
  ) {
    throw new UsageError(
      `--ref-date must be YYYY-MM-DD, an ISO timestamp or "today" (years 2000-2200), not "${text}". Nothing was written.`,
    );
  }
  return date;
}

function parseWorkers(text: string | undefined): number {
  if (text === undefined) return DEFAULT_WORKERS;
  if (!/^\d+$/.test(text) || Number(text) > MAX_WORKERS) {
    throw new UsageError(
      `--workers must be a whole number from 0 to ${MAX_WORKERS}, not "${text}". Nothing was written.`,
    );
  }
  return Number(text);
}
