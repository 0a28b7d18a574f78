import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  embeddedServerSettings,
  stopEmbeddedServer,
  type EmbeddedServerSettings,
} from '../embedded-server/embedded-server.js';
import { freePort } from './free-port.js';

/** Where a test lets the CLIs run their own embedded server, away from `.ainp-data/`. */
export interface ThrowawayEmbeddedLocation {
  /** AINP_PG_DATA_DIR and AINP_PG_PORT pointing the commands there. */
  readonly env: Readonly<Record<string, string>>;
  readonly settings: EmbeddedServerSettings;
  /** Stops any server still running there and deletes the folder. */
  remove(): Promise<void>;
}

/** A temporary folder (enterable by the `postgres` user when run as root) and a free port. */
export async function throwawayEmbeddedLocation(
  prefix: string,
): Promise<ThrowawayEmbeddedLocation> {
  const root = await mkdtemp(path.join(os.tmpdir(), prefix));
  // As root the server runs as the `postgres` user, which must be able to enter the folder.
  await chmod(root, 0o755);
  const env = { AINP_PG_DATA_DIR: path.join(root, 'data'), AINP_PG_PORT: String(await freePort()) };
  const settings = embeddedServerSettings({}, env);
  return {
    env,
    settings,
    remove: async () => {
      await stopEmbeddedServer(settings).catch(() => {});
      await rm(root, { recursive: true, force: true });
    },
  };
}
