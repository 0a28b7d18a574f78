import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { embeddedDatabaseUrl, type EmbeddedServerSettings } from './embedded-server-settings.js';
import { EmbeddedServerError } from '../errors.js';

interface PostmasterStatus {
  pid: number;
  port: number;
  status: string;
}

/** Reads postmaster.pid; undefined when no live server owns the data directory. */
export async function readPostmasterStatus(dataDir: string): Promise<PostmasterStatus | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return { pid, port, status: (lines[7] ?? '').trim() };
}

/** True when a server started from this data directory is up and accepting connections. */
export async function isEmbeddedServerRunning(settings: EmbeddedServerSettings): Promise<boolean> {
  const status = await readPostmasterStatus(settings.dataDir);
  if (status === undefined || status.status !== 'ready') return false;
  return canConnect(embeddedDatabaseUrl({ ...settings, port: status.port }, 'postgres'));
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Stops a server running from this data directory (fast shutdown). Returns false if none was running. */
export async function stopEmbeddedServer(
  settings: EmbeddedServerSettings,
  timeoutMs = 30_000,
): Promise<boolean> {
  const status = await readPostmasterStatus(settings.dataDir);
  if (status === undefined) return false;
  process.kill(status.pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await readPostmasterStatus(settings.dataDir)) === undefined) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new EmbeddedServerError(
    `The embedded PostgreSQL (pid ${status.pid}) did not stop within ${timeoutMs / 1000} s. Its data is intact; stop it with: kill -INT ${status.pid}`,
  );
}
