import path from 'node:path';
import type pg from 'pg';
import { runSqlScript } from './sql-script.js';
import { VERIFY_DIR } from '../workspace-paths.js';

/** The SQL verification scripts, one per feature, in migration order. */
export const VERIFY_SCRIPTS = [
  'verify_negotiation_sessions.sql',
  'verify_usefulness.sql',
  'verify_credit_ledger.sql',
  'verify_credit_operations.sql',
  'verify_integrity_rules.sql',
] as const;

/** One script's result: its `✅ PASS` / `❌ FAIL` lines and summary, and whether it passed. */
export interface VerifyOutcome {
  readonly script: string;
  readonly lines: readonly string[];
  readonly passed: boolean;
  /** Why it failed: the script's final "N of M tests failed", or an error that stopped it early. */
  readonly error?: string;
}

/**
 * Runs each verification script on `client`'s database as psql would, one after the other. The
 * scripts roll their own transaction back, so nothing is left behind; each one fails (and this
 * reports it) when any of its tests failed.
 */
export async function runVerifyScripts(
  client: pg.ClientBase,
  options: { verifyDir?: string; scripts?: readonly string[] } = {},
): Promise<VerifyOutcome[]> {
  const outcomes: VerifyOutcome[] = [];
  for (const script of options.scripts ?? VERIFY_SCRIPTS) {
    const outcome = await runSqlScript(client, path.join(options.verifyDir ?? VERIFY_DIR, script));
    outcomes.push({
      script,
      lines: outcome.lines,
      passed: outcome.error === undefined,
      ...(outcome.error !== undefined && { error: outcome.error.message }),
    });
  }
  return outcomes;
}
