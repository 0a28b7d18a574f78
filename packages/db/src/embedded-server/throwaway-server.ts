import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../connection/free-port.js';
import {
  DEFAULT_PG_MAJOR,
  embeddedDatabaseUrl,
  hasExited,
  startEmbeddedPostgres,
  type EmbeddedPgMajor,
} from './embedded-server.js';

/** A PostgreSQL server that callers may create and drop databases on. */
export interface ThrowawayServer {
  /** URL of the server's `postgres` database, for CREATE/DROP DATABASE. */
  readonly adminUrl: string;
  /** Which server this is, for reports: "embedded PostgreSQL 18", "TEST_DATABASE_URL (host:port)". */
  readonly description: string;
  /** A server of this run alone (every database on it is the run's), deleted by `stop()`. */
  readonly throwaway: boolean;
  stop(): Promise<void>;
}

/**
 * A throwaway embedded PostgreSQL in a temporary folder, on a free port, tuned for scratch work (no fsync):
 * nothing a developer keeps in `.ainp-data/` is touched. It is deleted again by `stop()`.
 */
export async function startThrowawayServer(
  major: EmbeddedPgMajor = DEFAULT_PG_MAJOR,
): Promise<ThrowawayServer> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ainp-test-pg-'));
  // mkdtemp makes the folder private; as root the server runs as `postgres`, which must enter it.
  await chmod(root, 0o755);
  const settings = {
    major,
    port: await freePort(),
    dataDir: path.join(root, 'data'),
    serverSettings: {
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      max_connections: '200',
    },
  };
  const server = await startEmbeddedPostgres(settings);
  return {
    adminUrl: embeddedDatabaseUrl(settings, 'postgres'),
    description: `embedded PostgreSQL ${major}`,
    throwaway: true,
    stop: async () => {
      if (!hasExited(server)) await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
