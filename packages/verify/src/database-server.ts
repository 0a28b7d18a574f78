import {
  ConfigurationError,
  DEFAULT_PG_MAJOR,
  describeTarget,
  EMBEDDED_PG_MAJORS,
  validateConnectionString,
  type EmbeddedPgMajor,
} from '@ainp/db';
import { startThrowawayServer } from '@ainp/db';
import { containerRuntimeReachable } from './container-runtime.js';
import { startPostgresContainer } from './postgres-container.js';
import { inspectServer } from './server-info.js';

/** The PostgreSQL majors the schema supports; CI runs the gate on each. */
export const SUPPORTED_PG_MAJORS = [14, 15, 16, 17, 18] as const;
export type SupportedPgMajor = (typeof SUPPORTED_PG_MAJORS)[number];
/** The major `pnpm verify` starts when not told otherwise: the embedded server's default. */
export const DEFAULT_VERIFY_PG_MAJOR: SupportedPgMajor = DEFAULT_PG_MAJOR;
/** Carries `--pg` from the CLI to the run's global setup. */
export const VERIFY_PG_ENV = 'AINP_VERIFY_PG';

export type DatabaseServerKind = 'DATABASE_URL' | 'testcontainers' | 'embedded';

/** The PostgreSQL server one verify run works on: it creates a database per check there. */
export interface DatabaseServer {
  readonly kind: DatabaseServerKind;
  /** Where CREATE DATABASE runs. May hold a password: never print it. */
  readonly adminUrl: string;
  /** Which server this is, for the report. Never holds a password. */
  readonly description: string;
  stop(): Promise<void>;
}

export interface DatabaseServerOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** `--pg`: the major to start, or, with DATABASE_URL, the major that server must run. */
  readonly major?: SupportedPgMajor;
  readonly containerRuntimeReachable?: () => Promise<boolean>;
}

/** Parses a `--pg` value: one of the supported majors. */
export function parseVerifyMajor(value: string, source = '--pg'): SupportedPgMajor {
  const major = Number(value);
  if (!SUPPORTED_PG_MAJORS.includes(major as SupportedPgMajor)) {
    throw new ConfigurationError(
      `${source} must be one of ${SUPPORTED_PG_MAJORS.join(', ')} (a PostgreSQL major), not "${value}".`,
    );
  }
  return major as SupportedPgMajor;
}

/** The major asked for through `--pg` (AINP_VERIFY_PG), if any. */
export function requestedMajor(env: NodeJS.ProcessEnv = process.env): SupportedPgMajor | undefined {
  const value = env[VERIFY_PG_ENV];
  return value ? parseVerifyMajor(value, VERIFY_PG_ENV) : undefined;
}

/**
 * Where the run's database comes from, in order: DATABASE_URL when set; testcontainers' PostgreSQL
 * module when a container runtime answers; otherwise the embedded PostgreSQL. Fails, starting
 * nothing, when the choice cannot serve the run: DATABASE_URL malformed, unreachable, of another
 * major than `--pg` asks for, or with a role that may not CREATE DATABASE; or no embedded server
 * of the major asked for.
 */
export async function chooseDatabaseServer(
  options: DatabaseServerOptions = {},
): Promise<DatabaseServerKind> {
  const env = options.env ?? process.env;
  if (env.DATABASE_URL) {
    validateConnectionString(env.DATABASE_URL, 'DATABASE_URL');
    await checkServer(databaseUrlServer(env.DATABASE_URL), options.major);
    return 'DATABASE_URL';
  }
  if (await (options.containerRuntimeReachable ?? containerRuntimeReachable)()) {
    return 'testcontainers';
  }
  const major = options.major ?? DEFAULT_VERIFY_PG_MAJOR;
  if (!EMBEDDED_PG_MAJORS.includes(major as EmbeddedPgMajor)) {
    throw new ConfigurationError(
      `No container runtime is reachable and there is no embedded PostgreSQL ${major} (this workspace ships ${EMBEDDED_PG_MAJORS.join(' and ')}). Nothing was started. Use --pg ${EMBEDDED_PG_MAJORS.join(' or --pg ')}, start Docker, or set DATABASE_URL to a PostgreSQL ${major} server.`,
    );
  }
  return 'embedded';
}

/**
 * Opens the server `chooseDatabaseServer` picks, checked as it describes. The description names
 * the server and its version, never a password.
 */
export async function openDatabaseServer(
  options: DatabaseServerOptions = {},
): Promise<DatabaseServer> {
  const env = options.env ?? process.env;
  const kind = await chooseDatabaseServer(options);
  const major = options.major ?? DEFAULT_VERIFY_PG_MAJOR;
  const server = await startServer(kind, major, env);
  try {
    const version = await checkServer(server, options.major);
    return { ...server, description: `${server.description}, PostgreSQL ${version}` };
  } catch (error) {
    await server.stop().catch(() => {});
    throw error;
  }
}

/** Connects, and refuses a role that may not CREATE DATABASE or a server of another major. */
async function checkServer(
  server: DatabaseServer,
  major: SupportedPgMajor | undefined,
): Promise<string> {
  const info = await inspectServer(server.adminUrl, server.description);
  if (!info.canCreateDatabase) {
    throw new ConfigurationError(
      `The role in ${server.description} may not CREATE DATABASE, and pnpm verify creates one database per check. Nothing was changed. Use a role with CREATEDB (a CI service container's default user has it).`,
    );
  }
  if (major !== undefined && info.major !== major) {
    throw new ConfigurationError(
      `--pg ${major} asks for PostgreSQL ${major}, but ${server.description} runs PostgreSQL ${info.version}. Nothing was changed. Point DATABASE_URL at a PostgreSQL ${major} server, or leave out --pg.`,
    );
  }
  return info.version;
}

function databaseUrlServer(url: string): DatabaseServer {
  return {
    kind: 'DATABASE_URL',
    adminUrl: url,
    description: `DATABASE_URL (${describeTarget(url)})`,
    stop: async () => {},
  };
}

async function startServer(
  kind: DatabaseServerKind,
  major: SupportedPgMajor,
  env: NodeJS.ProcessEnv,
): Promise<DatabaseServer> {
  if (kind === 'DATABASE_URL') return databaseUrlServer(env.DATABASE_URL as string);
  if (kind === 'testcontainers') return startPostgresContainer(major);
  const server = await startThrowawayServer(major as EmbeddedPgMajor);
  return {
    kind,
    adminUrl: server.adminUrl,
    description: `${server.description} (no DATABASE_URL, no container runtime; throwaway, at ${describeTarget(server.adminUrl)})`,
    stop: () => server.stop(),
  };
}
