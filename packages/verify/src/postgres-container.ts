import type { DatabaseServer } from './database-server.js';

/** The image testcontainers runs for a PostgreSQL major. */
export function postgresImage(major: number): string {
  return `postgres:${major}-alpine`;
}

/** Durability off: the container is thrown away after the run, so crash safety buys nothing. */
const FAST_SETTINGS = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];

/** A throwaway PostgreSQL container (testcontainers' PostgreSQL module); `stop()` removes it. */
export async function startPostgresContainer(major: number): Promise<DatabaseServer> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const image = postgresImage(major);
  const container = await new PostgreSqlContainer(image)
    .withCommand(['postgres', ...FAST_SETTINGS.flatMap((setting) => ['-c', setting])])
    .start();
  return {
    kind: 'testcontainers',
    adminUrl: container.getConnectionUri(),
    description: `testcontainers ${image} at ${container.getHost()}:${container.getPort()}`,
    stop: async () => {
      await container.stop();
    },
  };
}
