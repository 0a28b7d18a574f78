import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { acquireEmbeddedServer, describeTarget, embeddedServerSettings } from '@ainp/db';
import { freePort } from '@ainp/db/testing';

/** Where the benchmark creates its scratch databases. */
export interface BenchServer {
  readonly adminUrl: string;
  readonly description: string;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL's server when set (its role needs CREATEDB; scratch databases are dropped after),
 * otherwise a throwaway embedded PostgreSQL with stock settings (fsync on) in a temporary folder.
 */
export async function benchServer(env: NodeJS.ProcessEnv = process.env): Promise<BenchServer> {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    url.pathname = '/postgres';
    return {
      adminUrl: url.toString(),
      description: `DATABASE_URL (${describeTarget(env.DATABASE_URL)})`,
      stop: async () => {},
    };
  }
  const root = await mkdtemp(path.join(os.tmpdir(), 'ainp-bench-pg-'));
  // As root the server runs as `postgres`, which must be able to enter the folder.
  await chmod(root, 0o755);
  const settings = embeddedServerSettings({
    port: await freePort(),
    dataDir: path.join(root, 'data'),
  });
  const server = await acquireEmbeddedServer(settings);
  return {
    adminUrl: server.url('postgres'),
    description: `a throwaway embedded PostgreSQL ${settings.major} (stock settings, fsync on)`,
    stop: async () => {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
