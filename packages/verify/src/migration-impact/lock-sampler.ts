import pg from 'pg';
import { heldLocksSql, type HeldLock } from './lock-recorder.js';
import { WORKLOAD_APPLICATION_NAME } from './hot-path-workload.js';

/** How often pg_locks and pg_stat_activity are read while a migration runs. */
export const SAMPLE_INTERVAL_MS = 10;

export interface LockSample {
  /** performance.now() when the answer arrived. */
  readonly at: number;
  /** Relation locks the migration's backend holds (granted). */
  readonly locks: readonly HeldLock[];
  /** Workload sessions waiting on the migration, and how long their query has run (ms). */
  readonly blocked: ReadonlyArray<{ readonly pid: number; readonly waitedMs: number }>;
}

export interface LockSampler {
  /** Stops sampling; resolves with every sample taken. */
  stop(): Promise<LockSample[]>;
}

const SAMPLE_SQL = `
  SELECT ${heldLocksSql('$1')} AS locks,
         (SELECT coalesce(json_agg(json_build_object('pid', a.pid,
                   'waitedMs', extract(epoch FROM clock_timestamp() - a.query_start) * 1000)), '[]')
            FROM pg_stat_activity a
           WHERE a.application_name = $2 AND a.wait_event_type = 'Lock'
             AND $1 = ANY (pg_blocking_pids(a.pid))) AS blocked`;

/**
 * Reads, every SAMPLE_INTERVAL_MS on its own connection, the locks the backend `pid` holds and
 * the workload queries it blocks, until `stop()`.
 */
export async function startLockSampler(url: string, pid: number): Promise<LockSampler> {
  const client = new pg.Client({ connectionString: url, application_name: 'ainp-impact-sampler' });
  await client.connect();
  const samples: LockSample[] = [];
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      const next = performance.now() + SAMPLE_INTERVAL_MS;
      const { rows } = await client.query<Omit<LockSample, 'at'>>(SAMPLE_SQL, [
        pid,
        WORKLOAD_APPLICATION_NAME,
      ]);
      samples.push({ ...rows[0]!, at: performance.now() });
      const pause = next - performance.now();
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    }
  })();
  return {
    async stop() {
      stopping = true;
      try {
        await loop;
      } finally {
        await client.end().catch(() => {});
      }
      return samples;
    },
  };
}
