/**
 * Runs the embedded PostgreSQL in the background for `pnpm db:start`. Started detached; it lives
 * as long as the server does. `pnpm db:stop` (or SIGTERM to this process) stops the server.
 */
import { embeddedServerSettings, startEmbeddedPostgres } from './embedded-server.js';

const settings = embeddedServerSettings();
try {
  await startEmbeddedPostgres(settings, (line) => console.log(line));
  console.log(
    `${new Date().toISOString()} embedded PostgreSQL ${settings.major} ready on port ${settings.port}`,
  );
} catch (error) {
  console.error(`${new Date().toISOString()} ${(error as Error).message}`);
  process.exit(1);
}
