import { DEFAULT_MIGRATION_SETTINGS } from '@ainp/db/commands';
import { SCALE_NAMES, type ScaleName } from '@ainp/seed/commands';
import { MigrationImpactError } from './impact-errors.js';

/** The seed preset the check loads when `--impact-scale` is not given. */
export const DEFAULT_IMPACT_SCALE: ScaleName = 'medium';
/**
 * The preset when no migration is under test and `--impact-scale` is not given: the seed then
 * serves only the check's own fixtures, whose verdicts do not depend on the table sizes.
 */
export const FIXTURES_ONLY_SCALE: ScaleName = 'small';
/**
 * How long a migration may keep a workload query waiting: the runner's default lock timeout, the
 * longest a migration waiting for a lock may queue the queries behind it.
 */
export const DEFAULT_IMPACT_BUDGET_MS = DEFAULT_MIGRATION_SETTINGS.lockTimeoutMs;

/** How `pnpm verify` passes its impact flags to the check (vitest runs it in another process). */
export const IMPACT_ENV = {
  scale: 'AINP_IMPACT_SCALE',
  budget: 'AINP_IMPACT_BUDGET',
  base: 'AINP_IMPACT_BASE',
} as const;

export interface ImpactSettings {
  /** The preset `--impact-scale` named; undefined: DEFAULT_IMPACT_SCALE (see seedScale). */
  readonly scale?: ScaleName;
  readonly budgetMs: number;
  /** The git ref the migrations under test are compared with; undefined: the merge-base with main. */
  readonly base?: string;
}

/** Reads the settings from the environment; a bad value throws, naming the flag. */
export function impactSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ImpactSettings {
  return {
    scale: env[IMPACT_ENV.scale] ? parseImpactScale(env[IMPACT_ENV.scale]) : undefined,
    budgetMs: parseImpactBudget(env[IMPACT_ENV.budget]),
    base: env[IMPACT_ENV.base] || undefined,
  };
}

/** The preset to seed: the one asked for, else medium, or small when only fixtures are measured. */
export function seedScale(settings: ImpactSettings, migrationsToMeasure: number): ScaleName {
  return settings.scale ?? (migrationsToMeasure > 0 ? DEFAULT_IMPACT_SCALE : FIXTURES_ONLY_SCALE);
}

export function parseImpactScale(text: string | undefined): ScaleName {
  if (text === undefined || text === '') return DEFAULT_IMPACT_SCALE;
  if (!(SCALE_NAMES as readonly string[]).includes(text)) {
    throw new MigrationImpactError(
      `--impact-scale must be one of ${SCALE_NAMES.join(', ')}, not "${text}"`,
      'bad_setting',
    );
  }
  return text as ScaleName;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, min: 60_000 };

/** `1s`, `500ms`, `2min` or a bare number of milliseconds. */
export function parseImpactBudget(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_IMPACT_BUDGET_MS;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|min)?$/.exec(text.trim());
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] ?? 'ms']! : NaN;
  if (!(ms > 0)) {
    throw new MigrationImpactError(
      `--impact-budget must be a positive duration such as 1s, 500ms or 2min, not "${text}"`,
      'bad_setting',
    );
  }
  return ms;
}
