import type pg from 'pg';
import { readSqlScript } from './sql-includes.js';

/** What a SQL script printed, and the error that stopped it (if one did). */
export interface SqlScriptOutcome {
  /** The messages the script raised (RAISE INFO / NOTICE), in order. */
  readonly lines: string[];
  readonly error?: Error & { code?: string };
}

const PLAIN_SEVERITIES = new Set(['INFO', 'NOTICE']);

/**
 * Runs a SQL file the way `psql -f` does (its `\\ir` includes expanded): its whole text in one
 * simple-protocol query, so the
 * file's own BEGIN ... COMMIT (or ROLLBACK) decides what is kept. Collects the messages it raises.
 * A statement that fails skips the rest of the file; the transaction it leaves aborted is rolled
 * back here, so the connection stays usable. `client` must be one connection, not a pool.
 */
export async function runSqlScript(
  client: pg.ClientBase,
  filePath: string,
): Promise<SqlScriptOutcome> {
  const text = await readSqlScript(filePath);
  const lines: string[] = [];
  const onNotice = (notice: { severity?: string; message?: string }) => {
    const severity = notice.severity ?? 'NOTICE';
    lines.push(
      PLAIN_SEVERITIES.has(severity) ? String(notice.message) : `${severity}: ${notice.message}`,
    );
  };
  client.on('notice', onNotice);
  try {
    await client.query(text);
    return { lines };
  } catch (error) {
    client.off('notice', onNotice);
    await client.query('ROLLBACK').catch(() => {});
    return { lines, error: error as Error & { code?: string } };
  } finally {
    client.off('notice', onNotice);
  }
}
