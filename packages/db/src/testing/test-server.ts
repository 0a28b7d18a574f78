import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { validateConnectionString } from '../connection-string.js';
import {
  DEFAULT_PG_MAJOR,
  embeddedDatabaseUrl,
  hasExited,
  startEmbeddedPostgres,
  type EmbeddedPgMajor,
} from '../embedded-server.js';
import { freePort } from './free-port.js';

/** A PostgreSQL server that tests may create and drop databases on. */
export interface TestServer {
  /** URL of the server's `postgres` database, for CREATE/DROP DATABASE. */
  readonly adminUrl: string;
  /** Which server this is, for reports: "embedded PostgreSQL 18", "TEST_DATABASE_URL (host:port)". */
  readonly description: string;
  /** A server of this run alone (every database on it is the run's), deleted by `stop()`. */
  readonly throwaway: boolean;
  stop(): Promise<void>;
}

/**
 * A throwaway embedded PostgreSQL in a temporary folder, on a free port, tuned for tests (no fsync):
 * nothing a developer keeps in `.ainp-data/` is touched. It is deleted again by `stop()`.
 */
export async function startTestServer(
  major: EmbeddedPgMajor = DEFAULT_PG_MAJOR,
): Promise<TestServer> {
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

/** TEST_DATABASE_URL when set (a CI service container), otherwise a throwaway embedded server. */
export async function testServerFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<TestServer> {
  const url = env.TEST_DATABASE_URL;
  if (url) {
    const parsed = validateConnectionString(url, 'TEST_DATABASE_URL');
    return {
      adminUrl: url,
      description: `TEST_DATABASE_URL (${parsed.hostname}:${parsed.port || 5432})`,
      throwaway: false,
      stop: async () => {},
    };
  }
  return startTestServer();
}
