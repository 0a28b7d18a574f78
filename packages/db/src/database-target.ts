import { describeTarget, validateConnectionString } from './connection-string.js';
import { acquireEmbeddedServer, embeddedServerSettings, type Logger } from './embedded-server.js';

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
}

/**
 * An explicit connection string, else DATABASE_URL, else the embedded PostgreSQL (started on
 * demand and stopped again by `release()`, or reused if it is already running).
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
  const server = await acquireEmbeddedServer(embeddedServerSettings({}, env), options.log);
  const connectionString = server.url();
  return {
    connectionString,
    description: `embedded PostgreSQL ${server.settings.major} at ${describeTarget(connectionString)}${server.startedHere ? '' : ' (already running)'}`,
    embedded: true,
    release: () => server.stop(),
  };
}
