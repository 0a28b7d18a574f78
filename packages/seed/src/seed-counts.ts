import { UsageError } from '@ainp/db/errors';

/** How many rows of each kind one run adds. */
export interface SeedCounts {
  readonly agents: number;
  readonly trustScores: number;
  readonly usefulnessProofs: number;
  readonly creditAccounts: number;
  readonly creditTransactions: number;
  readonly negotiations: number;
}

export const SCALE_NAMES = ['small', 'medium', 'load'] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];
export const DEFAULT_SCALE: ScaleName = 'small';

/** small: everyday development; medium: the benchmark; load: load tests (~100k agents, 1M transactions). */
export const SCALE_PRESETS: Readonly<Record<ScaleName, SeedCounts>> = {
  small: {
    agents: 1_000,
    trustScores: 900,
    usefulnessProofs: 5_000,
    creditAccounts: 950,
    creditTransactions: 10_000,
    negotiations: 2_000,
  },
  medium: {
    agents: 10_000,
    trustScores: 9_000,
    usefulnessProofs: 30_000,
    creditAccounts: 9_500,
    creditTransactions: 100_000,
    negotiations: 20_000,
  },
  load: {
    agents: 100_000,
    trustScores: 90_000,
    usefulnessProofs: 300_000,
    creditAccounts: 95_000,
    creditTransactions: 1_000_000,
    negotiations: 200_000,
  },
};

/** The command-line flag for each count. */
export const COUNT_FLAGS: Readonly<Record<keyof SeedCounts, string>> = {
  agents: 'agents',
  trustScores: 'trust-scores',
  usefulnessProofs: 'proofs',
  creditAccounts: 'accounts',
  creditTransactions: 'transactions',
  negotiations: 'negotiations',
};

/** Beyond these, a count is a typo, not a plan: the largest run is 100x the load preset. */
export const MAX_AGENTS = 10_000_000;
export const MAX_ROWS_PER_TABLE = 100_000_000;

/**
 * Counts from a preset, with explicit counts on top. Counts not given scale with --agents, so
 * `--agents 100` gives a small but complete network rather than a contradiction.
 */
export function resolveCounts(
  scale: ScaleName,
  explicit: Partial<Record<keyof SeedCounts, number>>,
): SeedCounts {
  const preset = SCALE_PRESETS[scale];
  const agents = explicit.agents ?? preset.agents;
  const scaled = (key: keyof SeedCounts) =>
    explicit[key] ?? Math.round((preset[key] * agents) / preset.agents);
  const counts: SeedCounts = {
    agents,
    trustScores: scaled('trustScores'),
    usefulnessProofs: scaled('usefulnessProofs'),
    creditAccounts: scaled('creditAccounts'),
    creditTransactions: scaled('creditTransactions'),
    negotiations: scaled('negotiations'),
  };
  validateCounts(counts);
  return counts;
}

/** Throws a UsageError naming the first count that is out of range or contradicts another. */
export function validateCounts(counts: SeedCounts): void {
  for (const key of Object.keys(COUNT_FLAGS) as (keyof SeedCounts)[]) {
    const value = counts[key];
    const max = key === 'agents' ? MAX_AGENTS : MAX_ROWS_PER_TABLE;
    if (!Number.isSafeInteger(value) || value < 0 || value > max) {
      throw new UsageError(
        `--${COUNT_FLAGS[key]} must be a whole number from 0 to ${max.toLocaleString('en-US')}, not ${value}. Nothing was written.`,
      );
    }
  }
  const fail = (message: string) => {
    throw new UsageError(`${message} Nothing was written.`);
  };
  if (counts.trustScores > counts.agents)
    fail(
      `--trust-scores (${counts.trustScores}) cannot exceed --agents (${counts.agents}): one per agent.`,
    );
  if (counts.creditAccounts > counts.agents)
    fail(
      `--accounts (${counts.creditAccounts}) cannot exceed --agents (${counts.agents}): one per agent.`,
    );
  if (counts.usefulnessProofs > 0 && counts.agents === 0)
    fail('--proofs needs at least one agent to have done the work.');
  if (counts.creditTransactions > 0 && counts.creditAccounts === 0)
    fail('--transactions needs at least one credit account to belong to.');
  if (counts.negotiations > 0 && counts.agents < 2)
    fail('--negotiations needs at least two agents to negotiate.');
}

/** Parses a count flag's text: digits only (no sign, exponent or fraction). */
export function parseCount(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) {
    throw new UsageError(`--${flag} must be a whole number, not "${text}". Nothing was written.`);
  }
  return Number(text);
}
