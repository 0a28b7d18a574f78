import { formatDuration } from '../duration.js';
import type { Logger } from '../logger.js';
import { withLockRetries } from './lock-retry.js';
import { describeHolders, LockWatcher } from './lock-watcher.js';
import type { MigrationSettings } from '../migrations/migration-settings.js';

export interface WatchedLockRetryOptions {
  /** What is being tried, for the retry lines: a migration or rollback file name. */
  readonly what: string;
  readonly settings: MigrationSettings;
  /** Names who holds the lock in each retry line; without one the line says the holder is unknown. */
  readonly watcher?: LockWatcher;
  readonly log: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * withLockRetries for a migration or rollback file: the watcher looks on while each attempt runs,
 * and each retry logs one line with the file, the attempt and the session holding the lock.
 */
export function withWatchedLockRetries<T>(
  work: () => Promise<T>,
  options: WatchedLockRetryOptions,
): Promise<{ result: T; attempts: number }> {
  const { settings, watcher, log } = options;
  return withLockRetries(
    async () => {
      watcher?.start();
      try {
        return await work();
      } finally {
        await watcher?.stop();
      }
    },
    {
      retries: settings.lockRetries,
      sleep: options.sleep,
      onRetry: (failed, waitMs) =>
        log(
          `Retry ${failed}/${settings.lockRetries}: ${options.what} waited ${formatDuration(settings.lockTimeoutMs)} for a lock (attempt ${failed} of ${settings.lockRetries + 1}), ${describeHolders(watcher?.holders ?? [])}; rolled back, trying again in ${formatDuration(waitMs)}`,
        ),
    },
  );
}

/** The end of a give-up message: how long each attempt waited, and for whom. */
export function gaveUpOn(settings: MigrationSettings, watcher: LockWatcher | undefined): string {
  return `gave up after ${settings.lockRetries + 1} attempt(s), each waiting ${formatDuration(settings.lockTimeoutMs)} for a lock ${describeHolders(watcher?.holders ?? [])}`;
}
