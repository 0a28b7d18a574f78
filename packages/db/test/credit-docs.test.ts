import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CREDIT_SQLSTATES } from '../src/credits/credit-sqlstates.js';
import { findWorkspaceRoot } from '../src/workspace-paths.js';
import { freshDatabase } from './support.js';

/** `RAISE ... USING ERRCODE = 'ACnnn'[, DETAIL = ...], HINT = '...'` in a function body. */
const RAISE_WITH_HINT = /ERRCODE = '(AC\d{3})'[^;]*?,\s*HINT = '((?:[^']|'')*)'/g;
const RAISE_AC = /ERRCODE = '(AC\d{3})'/g;

/** Each AC SQLSTATE's HINTs, as the migrated credit functions raise them, and the RAISEs without one. */
async function serverHints(): Promise<{ hints: Map<string, Set<string>>; withoutHint: number }> {
  const db = await freshDatabase('migrated');
  const { rows } = await db.pool.query<{ src: string }>(
    `SELECT p.prosrc AS src FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND p.prosrc ~ 'AC[0-9]{3}'`,
  );
  const hints = new Map<string, Set<string>>();
  let withoutHint = 0;
  for (const { src } of rows) {
    const hinted = [...src.matchAll(RAISE_WITH_HINT)];
    withoutHint += [...src.matchAll(RAISE_AC)].length - hinted.length;
    for (const [, code, hint] of hinted) {
      const set = hints.get(code!) ?? new Set<string>();
      set.add(hint!.replaceAll("''", "'"));
      hints.set(code!, set);
    }
  }
  return { hints, withoutHint };
}

/** The rows of docs/credits.md's SQLSTATE table, cells without their backticks. */
async function docsRows(): Promise<string[][]> {
  const text = await readFile(path.join(findWorkspaceRoot(), 'docs', 'credits.md'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.startsWith('| `AC'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim().replace(/^`(.*)`$/, '$1')),
    );
}

describe('the credit refusals', () => {
  it('each come with one HINT per SQLSTATE, for every SQLSTATE the TypeScript maps', async () => {
    const { hints, withoutHint } = await serverHints();
    expect(withoutHint, 'RAISEs of an AC SQLSTATE without a HINT').toBe(0);
    expect([...hints.keys()].sort()).toEqual(Object.keys(CREDIT_SQLSTATES).sort());
    const differing = [...hints].filter(([, set]) => set.size !== 1).map(([code]) => code);
    expect(differing, 'SQLSTATEs raised with different HINTs').toEqual([]);
  });

  it('are listed in docs/credits.md with their code, error class and the server’s HINT', async () => {
    const { hints } = await serverHints();
    const expected = Object.entries(CREDIT_SQLSTATES).map(([sqlState, { errorClass }]) => {
      const error = new errorClass('m', sqlState);
      return [sqlState, error.code, error.name, [...(hints.get(sqlState) ?? [])].join(' / ')];
    });
    const documented = (await docsRows()).map(([sqlState, code, name, , hint]) => [
      sqlState,
      code,
      name,
      hint,
    ]);
    expect(documented).toEqual(expected);
  });
});
