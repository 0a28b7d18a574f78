/** SQLSTATE 55P03 lock_not_available: a statement gave up waiting for a lock (lock_timeout). */
export const LOCK_NOT_AVAILABLE = '55P03';

const FIRST_WAIT_MS = 500;
const LONGEST_WAIT_MS = 8000;

/**
 * How long to wait before retry `attempt` (1 for the first retry): doubling from 0.5 s up to 8 s,
 * times a random factor in [0.8, 1.2) so that several runners do not retry in step. With the
 * default 8 retries the waits add up to at least 31 s (39.5 s on average), plus the lock
 * timeouts of the attempts themselves.
 */
export function retryWaitMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_WAIT_MS * 2 ** (attempt - 1), LONGEST_WAIT_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** True when `error` is PostgreSQL giving up on a lock. */
export function isLockTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === LOCK_NOT_AVAILABLE;
}

export interface LockRetryOptions {
  readonly retries: number;
  /** Hears each retry before its wait: the attempt that failed (1-based) and the wait. */
  readonly onRetry: (failedAttempt: number, waitMs: number, error: Error) => Promise<void> | void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/**
 * Runs `attempt` until it succeeds, retrying only on a lock timeout, at most `retries` times.
 * `attempt` must leave nothing behind when it fails (a rolled-back transaction). The last lock
 * timeout, and any other error, is thrown as it is; `attempts` on it says how many were made.
 */
export async function withLockRetries<T>(
  attempt: (n: number) => Promise<T>,
  options: LockRetryOptions,
): Promise<{ result: T; attempts: number }> {
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let n = 1; ; n += 1) {
    try {
      return { result: await attempt(n), attempts: n };
    } catch (error) {
      if (!isLockTimeout(error) || n > options.retries) {
        Object.assign(error as object, { attempts: n });
        throw error;
      }
      const wait = retryWaitMs(n, options.random);
      await options.onRetry(n, wait, error as Error);
      await sleep(wait);
    }
  }
}
