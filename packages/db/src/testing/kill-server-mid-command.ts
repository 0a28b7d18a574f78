import { readPostmasterStatus } from '../embedded-server/embedded-server-status.js';
import { withClient } from './with-client.js';

/**
 * Resolves once some session on the server waits on a lock: the command under test is then
 * certainly mid-transaction.
 */
export async function waitForLockWait(url: string, pollMs = 100): Promise<void> {
  for (;;) {
    const waiting = await withClient(url, (c) =>
      c.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'`),
    );
    if ((waiting.rowCount ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * Holds `lock` (e.g. `LOCK TABLE widgets IN ACCESS EXCLUSIVE MODE`) in a transaction on `url`,
 * starts the command, waits until it blocks on that lock, mid-transaction, then kills the server
 * of `dataDir` with SIGKILL (as a crash or `kill -9` would) and returns how the command ended.
 */
export async function killServerMidCommand<R>(options: {
  readonly url: string;
  readonly dataDir: string;
  readonly lock: string;
  readonly start: () => Promise<R>;
}): Promise<R> {
  let ended: Promise<R> | undefined;
  await withClient(options.url, async (holder) => {
    await holder.query('BEGIN');
    await holder.query(options.lock);
    ended = options.start();
    await waitForLockWait(options.url);
    const status = await readPostmasterStatus(options.dataDir);
    if (status === undefined) throw new Error(`No server runs from ${options.dataDir}.`);
    process.kill(status.pid, 'SIGKILL');
    await ended;
  }).catch(() => {});
  if (ended === undefined) throw new Error('The command was not started.');
  return ended;
}
