import { parseDuration } from '../duration.js';
import { UsageError } from '../errors.js';

/** How a migration file is run: its transaction mode, timeouts and lock retries. */
export interface MigrationSettings {
  /** `SET lock_timeout`: how long one statement may wait for a lock (0: forever). */
  readonly lockTimeoutMs: number;
  /** `SET statement_timeout`: how long one statement may run (0: no limit). */
  readonly statementTimeoutMs: number;
  /** How often the whole file is tried again after a lock timeout (SQLSTATE 55P03). */
  readonly lockRetries: number;
}

export const DEFAULT_MIGRATION_SETTINGS: MigrationSettings = {
  lockTimeoutMs: 1000,
  statementTimeoutMs: 0,
  lockRetries: 8,
};

/** The header line postgres-migrations reads: the file runs outside a transaction. */
export const DISABLE_TRANSACTION_HEADER = '-- postgres-migrations disable-transaction';

/** The environment variables that set a run's defaults (the command-line flags win over them). */
export const MIGRATION_SETTINGS_ENV = {
  lockTimeoutMs: 'AINP_LOCK_TIMEOUT',
  statementTimeoutMs: 'AINP_STATEMENT_TIMEOUT',
  lockRetries: 'AINP_LOCK_RETRIES',
} as const;

/** The per-file header keys (`-- ainp: lock_timeout = 5s`), as PostgreSQL names the settings. */
const HEADER_KEYS = {
  lock_timeout: 'lockTimeoutMs',
  statement_timeout: 'statementTimeoutMs',
  lock_retries: 'lockRetries',
} as const satisfies Record<string, keyof MigrationSettings>;

type RawSettings = Partial<Record<keyof MigrationSettings, string>>;

function parseSetting(key: keyof MigrationSettings, value: string, what: string): number {
  if (key !== 'lockRetries') return parseDuration(value, what);
  if (!/^\d+$/.test(value.trim()) || Number(value) > 1000) {
    throw new UsageError(
      `${what} must be a whole number of retries from 0 to 1000, not "${value}". Nothing was changed.`,
    );
  }
  return Number(value);
}

function applyRaw(
  base: MigrationSettings,
  raw: RawSettings,
  describe: (key: keyof MigrationSettings) => string,
): MigrationSettings {
  const result: Record<keyof MigrationSettings, number> = { ...base };
  for (const key of Object.keys(raw) as (keyof MigrationSettings)[]) {
    const value = raw[key];
    if (value !== undefined && value !== '') result[key] = parseSetting(key, value, describe(key));
  }
  return result;
}

/**
 * A run's settings: the defaults, then the AINP_* environment variables, then the command-line
 * values (`--lock-timeout 500ms`, `--statement-timeout 5min`, `--lock-retries 3`).
 */
export function runSettings(
  flags: RawSettings = {},
  env: NodeJS.ProcessEnv = process.env,
): MigrationSettings {
  const fromEnv: RawSettings = {};
  for (const [key, name] of Object.entries(MIGRATION_SETTINGS_ENV)) {
    fromEnv[key as keyof MigrationSettings] = env[name];
  }
  const flagName = {
    lockTimeoutMs: '--lock-timeout',
    statementTimeoutMs: '--statement-timeout',
    lockRetries: '--lock-retries',
  };
  const withEnv = applyRaw(
    DEFAULT_MIGRATION_SETTINGS,
    fromEnv,
    (key) => MIGRATION_SETTINGS_ENV[key],
  );
  return applyRaw(withEnv, flags, (key) => flagName[key]);
}

/** What a file's header says about how to run it. */
export interface FileSettings extends MigrationSettings {
  readonly inTransaction: boolean;
  /** The keys the file's header set (they win over the run's settings). */
  readonly fromHeader: readonly (keyof MigrationSettings)[];
}

/**
 * A file's own settings: the run's, overridden by the header lines at its top
 * (`-- ainp: lock_timeout = 5s`, `-- ainp: statement_timeout = 10min`, `-- ainp: lock_retries = 3`),
 * and postgres-migrations' `-- postgres-migrations disable-transaction` (anywhere in the file, as
 * the library reads it). An unknown `ainp:` key is refused, so a typo cannot go unnoticed.
 */
export function fileSettings(fileName: string, sql: string, run: MigrationSettings): FileSettings {
  const raw: RawSettings = {};
  for (const line of sql.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('--')) break;
    const header = /^--\s*ainp:\s*([a-z_]+)\s*=\s*(\S+)\s*$/i.exec(trimmed);
    if (header === null) {
      if (/^--\s*ainp:/i.test(trimmed)) {
        throw new UsageError(
          `${fileName}: cannot read the header line "${trimmed}"; write it as \`-- ainp: lock_timeout = 5s\`. Nothing was applied.`,
        );
      }
      continue;
    }
    const key = HEADER_KEYS[header[1]!.toLowerCase() as keyof typeof HEADER_KEYS];
    if (key === undefined) {
      throw new UsageError(
        `${fileName}: unknown header setting "${header[1]}"; the header knows ${Object.keys(HEADER_KEYS).join(', ')}. Nothing was applied.`,
      );
    }
    raw[key] = header[2];
  }
  const settings = applyRaw(
    run,
    raw,
    (key) => `${fileName}'s header ${Object.entries(HEADER_KEYS).find(([, k]) => k === key)?.[0]}`,
  );
  return {
    ...settings,
    inTransaction: !sql.includes(DISABLE_TRANSACTION_HEADER),
    fromHeader: Object.keys(raw) as (keyof MigrationSettings)[],
  };
}

/** `SET [LOCAL] lock_timeout ...; SET [LOCAL] statement_timeout ...` for these settings. */
export function timeoutStatements(settings: MigrationSettings, local: boolean): string {
  const scope = local ? 'LOCAL ' : '';
  return `SET ${scope}lock_timeout = '${settings.lockTimeoutMs}ms'; SET ${scope}statement_timeout = '${settings.statementTimeoutMs}ms'`;
}

/** Undoes timeoutStatements(settings, false). */
export const RESET_TIMEOUTS = 'RESET lock_timeout; RESET statement_timeout';
