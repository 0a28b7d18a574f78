import path from 'node:path';
import { readEmbeddedPassword } from './embedded-server-credentials.js';
import { EmbeddedServerError, UsageError } from '../errors.js';
import { findWorkspaceRoot } from '../workspace-paths.js';

/** The PostgreSQL major the zero-setup server runs unless told otherwise. */
export const DEFAULT_PG_MAJOR = 18;
/** Majors whose server binaries ship with this package (see package.json). */
export const EMBEDDED_PG_MAJORS = [15, 18] as const;
export type EmbeddedPgMajor = (typeof EMBEDDED_PG_MAJORS)[number];
/**
 * The server listens on DEFAULT_PORT_BASE + major, e.g. 15418 for PostgreSQL 18: below 32768,
 * outside the ephemeral ranges of Linux (32768-60999), macOS and Windows (49152-65535), so no
 * outgoing connection (a test run opens thousands) can be holding the port when the server starts.
 */
export const DEFAULT_PORT_BASE = 15400;
export const DEFAULT_DATA_FOLDER = '.ainp-data';
export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_DATABASE = 'ainp';

export interface EmbeddedServerSettings {
  readonly major: EmbeddedPgMajor;
  readonly dataDir: string;
  readonly port: number;
  /** Extra `-c name=value` server settings (tests turn off fsync, for instance). */
  readonly serverSettings?: Readonly<Record<string, string>>;
}

/**
 * The settings for the zero-setup server. AINP_PG_MAJOR, AINP_PG_PORT and AINP_PG_DATA_DIR
 * override the defaults; the data directory lives in the git-ignored `.ainp-data/` folder at the
 * workspace root, one sub-folder per major.
 */
export function embeddedServerSettings(
  overrides: Partial<EmbeddedServerSettings> = {},
  env: NodeJS.ProcessEnv = process.env,
): EmbeddedServerSettings {
  const major = overrides.major ?? parseMajor(env.AINP_PG_MAJOR);
  const port =
    overrides.port ?? (env.AINP_PG_PORT ? parsePort(env.AINP_PG_PORT) : DEFAULT_PORT_BASE + major);
  const dataDir =
    overrides.dataDir ??
    (env.AINP_PG_DATA_DIR
      ? path.resolve(env.AINP_PG_DATA_DIR)
      : path.join(findWorkspaceRoot(), DEFAULT_DATA_FOLDER, `pg${major}`));
  return { major, port, dataDir, serverSettings: overrides.serverSettings };
}

export function parseMajor(value: string | undefined): EmbeddedPgMajor {
  if (value === undefined || value === '') return DEFAULT_PG_MAJOR;
  const major = Number(value);
  if (!EMBEDDED_PG_MAJORS.includes(major as EmbeddedPgMajor)) {
    throw new UsageError(
      `There is no embedded PostgreSQL ${value}; this workspace ships ${EMBEDDED_PG_MAJORS.join(' and ')}. Set DATABASE_URL to use another server.`,
    );
  }
  return major as EmbeddedPgMajor;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new EmbeddedServerError(
      `AINP_PG_PORT must be a port number from 1 to 65535, not "${value}".`,
    );
  }
  return port;
}

/**
 * The URL of a database on the embedded server. It carries the server's generated password (see
 * embedded-server-credentials.ts), once the server has been set up: print it only where the owner
 * asked for it (`pnpm db:start`); everything else prints `describeTarget(url)`.
 */
export function embeddedDatabaseUrl(
  settings: Pick<EmbeddedServerSettings, 'dataDir' | 'port'>,
  database = EMBEDDED_DATABASE,
): string {
  const password = readEmbeddedPassword(settings);
  const credentials = password === undefined ? EMBEDDED_USER : `${EMBEDDED_USER}:${password}`;
  return `postgres://${credentials}@127.0.0.1:${settings.port}/${database}`;
}
