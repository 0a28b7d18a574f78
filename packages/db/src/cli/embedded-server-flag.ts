import {
  embeddedServerSettings,
  type EmbeddedServerSettings,
} from '../embedded-server/embedded-server-settings.js';

/** The `--pg <major>` option the embedded-server commands share. */
export const PG_OPTION = { pg: { type: 'string' } } as const;

/** The embedded server a command means: `major` when given, else AINP_PG_MAJOR's (default 18). */
export function embeddedServerFor(
  major: string | number | undefined,
  env: NodeJS.ProcessEnv,
): EmbeddedServerSettings {
  return embeddedServerSettings(
    {},
    { ...env, AINP_PG_MAJOR: major?.toString() ?? env.AINP_PG_MAJOR },
  );
}
