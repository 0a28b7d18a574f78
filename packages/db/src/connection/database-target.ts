import { describeTarget, validateConnectionString } from './connection-string.js';
import {
  acquireEmbeddedServer,
  embeddedServerSettings,
} from '../embedded-server/embedded-server.js';
import type { Logger } from '../logger.js';
import { ConfigurationError } from '../errors.js';

/** Where a command works: a connection string, how to describe it, and how to let it go. */
export interface DatabaseTarget {
  readonly connectionString: string;
  /** `host:port/database` (and "embedded PostgreSQL 18" when it is the zero-setup server). */
  readonly description: string;
  readonly embedded: boolean;
  /** Stops the embedded server if this call started it; a no-op otherwise. */
  release(): Promise<void>;
}

export interface ResolveTargetOptions {
  /** An explicit connection string; wins over DATABASE_URL. */
  readonly connectionString?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: Logger;
  /**
   * With no connection string and no DATABASE_URL, use the embedded development PostgreSQL
   * (the CLIs ask for it). Off by default: a service whose environment lost DATABASE_URL gets an
   * error, not an empty database.
   */
  readonly embedded?: boolean;
}

/** The error a library user gets with nothing to connect to. */
export const NO_TARGET_MESSAGE =
  'No database to connect to: DATABASE_URL is not set and no connection string was given. Nothing was changed. Set DATABASE_URL (postgres://user:password@host:5432/database), pass a connection string, or ask for the embedded development server with DatabaseClient.embedded() / { embedded: true }.';

/**
 * An explicit connection string, else DATABASE_URL, else, only when `embedded` is set, the
 * embedded PostgreSQL (started on demand and stopped again by `release()`, or reused if it is
 * already running). Otherwise a ConfigurationError naming DATABASE_URL.
 */
export async function resolveDatabaseTarget(
  options: ResolveTargetOptions = {},
): Promise<DatabaseTarget> {
  const env = options.env ?? process.env;
  const explicit = options.connectionString ?? (env.DATABASE_URL || undefined);
  if (explicit !== undefined) {
    validateConnectionString(
      explicit,
      options.connectionString !== undefined ? 'The connection string' : 'DATABASE_URL',
    );
    return {
      connectionString: explicit,
      description: describeTarget(explicit),
      embedded: false,
      release: async () => {},
    };
  }
  if (options.embedded !== true) throw new ConfigurationError(NO_TARGET_MESSAGE);
  const server = await acquireEmbeddedServer(embeddedServerSettings({}, env), options.log);
  const connectionString = server.url();
  return {
    connectionString,
    description: `embedded PostgreSQL ${server.settings.major} at ${describeTarget(connectionString)}${server.startedHere ? '' : ' (already running)'}`,
    embedded: true,
    release: () => server.stop(),
  };
}
