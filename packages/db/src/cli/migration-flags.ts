import { runSettings, type MigrationSettings } from '../migrations/migration-settings.js';

/** The flags `pnpm migrate` and `pnpm rollback` share: timeouts and lock retries. */
export const MIGRATION_SETTING_OPTIONS = {
  'lock-timeout': { type: 'string' },
  'statement-timeout': { type: 'string' },
  'lock-retries': { type: 'string' },
} as const;

export const MIGRATION_SETTINGS_HELP = `  --lock-timeout <duration>       How long one statement may wait for a lock before the file is
                                  rolled back and retried (default 1s; env AINP_LOCK_TIMEOUT).
  --statement-timeout <duration>  How long one statement may run (default off; env
                                  AINP_STATEMENT_TIMEOUT).
  --lock-retries <n>              Retries after a lock timeout, waiting 0.5 s, 1 s, 2 s ... 8 s
                                  (+-20%) between them (default 8, at least 31 s in all; env
                                  AINP_LOCK_RETRIES).
  A file's header can set its own (\`-- ainp: lock_timeout = 5s\`); durations: 500ms, 1s, 5min, off.`;

/** The run's settings from parsed flags and the environment. */
export function settingsFromFlags(
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): MigrationSettings {
  return runSettings(
    {
      lockTimeoutMs: values['lock-timeout'] as string | undefined,
      statementTimeoutMs: values['statement-timeout'] as string | undefined,
      lockRetries: values['lock-retries'] as string | undefined,
    },
    env,
  );
}
