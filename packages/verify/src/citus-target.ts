import {
  clusterSettings,
  clusterStatus,
  coordinatorUrl,
  createClusterDatabase,
  dropClusterDatabase,
  isCitusDatabase,
  startCluster,
  stopCluster,
  describeTarget,
  type ClusterSettings,
} from '@ainp/db';
import pg from 'pg';

/** `pnpm verify --citus` sets this so the Citus checks' global setup knows the run is theirs. */
export const VERIFY_CITUS_ENV = 'AINP_VERIFY_CITUS';

/** The database the Citus gate runs in, on the local cluster or DATABASE_URL's coordinator. */
export const CITUS_VERIFY_DATABASE = 'ainp_verify_citus';
/** Where the move check loads the single-node database it moved. */
export const CITUS_MOVE_DATABASE = 'ainp_verify_citus_move';

export interface CitusTarget {
  /** The coordinator database the checks run in (fresh on the local cluster). */
  readonly url: string;
  readonly description: string;
  /** Set on the local cluster: the move check makes its own databases there. */
  readonly cluster?: ClusterSettings;
  release(): Promise<void>;
}

/**
 * DATABASE_URL when set (it must have the citus extension; the checks run in it as it is), else
 * the local cluster of `pnpm db:cluster`, started when it is not running (and stopped again at
 * the end), with a fresh database.
 */
export async function openCitusTarget(env: NodeJS.ProcessEnv = process.env): Promise<CitusTarget> {
  if (env.DATABASE_URL) {
    const url = env.DATABASE_URL;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      if (!(await isCitusDatabase(client))) {
        throw new Error(
          `DATABASE_URL (${describeTarget(url)}) has no citus extension; pnpm verify --citus needs a Citus coordinator (run CREATE EXTENSION citus there, or unset DATABASE_URL to use the local cluster).`,
        );
      }
    } finally {
      await client.end();
    }
    return {
      url,
      description: `Citus coordinator at ${describeTarget(url)} (DATABASE_URL)`,
      release: async () => {},
    };
  }
  const settings = clusterSettings(env);
  const wasRunning = (await clusterStatus(settings)).every((node) => node.running);
  try {
    await startCluster(settings);
    await dropClusterDatabase(settings, CITUS_VERIFY_DATABASE);
    await createClusterDatabase(settings, CITUS_VERIFY_DATABASE);
  } catch (error) {
    // Leave the cluster as it was found.
    if (!wasRunning) await stopCluster(settings).catch(() => {});
    throw error;
  }
  const url = coordinatorUrl(settings, CITUS_VERIFY_DATABASE);
  return {
    url,
    description: `local Citus cluster (coordinator + 2 workers) at ${describeTarget(url)}${wasRunning ? '' : ', started for this run'}`,
    cluster: settings,
    release: async () => {
      await dropClusterDatabase(settings, CITUS_VERIFY_DATABASE);
      await dropClusterDatabase(settings, CITUS_MOVE_DATABASE);
      if (!wasRunning) await stopCluster(settings);
    },
  };
}
