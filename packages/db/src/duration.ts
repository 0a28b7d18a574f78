import { UsageError } from './errors.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * A duration as PostgreSQL's timeout settings take it: `500ms`, `1s`, `5min`, `2h`, a bare number
 * of milliseconds, or `0` / `off` for no limit (0 ms). `what` names the setting in the error.
 */
export function parseDuration(text: string, what: string): number {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'off') return 0;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|min|h|d)?$/.exec(trimmed);
  const factor = UNIT_MS[match?.[2] ?? 'ms'];
  if (match === null || factor === undefined) {
    throw new UsageError(
      `${what} must be a duration such as 500ms, 1s, 5min or off, not "${text}". Nothing was changed.`,
    );
  }
  return Math.round(Number(match[1]) * factor);
}

/** A duration in milliseconds the way people read it: `800 ms`, `1.5 s`, `5 min`, `off`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return 'off';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  return `${Number((ms / 60_000).toFixed(1))} min`;
}
