import { readCatalogSnapshot, type Queryable } from '@ainp/db';
import type { InvalidWrite } from './invalid-writes.js';
import { notNullKey } from './invalid-writes.js';
import { withoutRunnerTables } from './runner-tables.js';

/**
 * Constraints no write can be the first to break, each with the reason. A case for them would
 * always report the other constraint.
 */
export const UNREACHABLE_CONSTRAINTS: Readonly<Record<string, string>> = {
  agents_pkey:
    'PRIMARY KEY (did) since 035, beside the older agents_did_key UNIQUE (did) that the foreign keys use and that PostgreSQL checks first',
};

/** The constraint kinds every one of which needs an invalid-write case. */
const COVERED_TYPES = new Set(['CHECK', 'FOREIGN KEY', 'UNIQUE', 'PRIMARY KEY']);

/** `RAISE ... USING CONSTRAINT = 'name'` in a function: a rule a trigger enforces under that name. */
const RAISED_CONSTRAINT = /\bCONSTRAINT\s*=\s*'([A-Za-z0-9_]+)'/g;

/**
 * What the live catalog says must be covered: every CHECK, FOREIGN KEY, UNIQUE and PRIMARY KEY
 * constraint by name, every unique index that backs no constraint, every rule name a function
 * raises (the triggers' rules), and every NOT NULL column as `table.column NOT NULL`, on the AINP
 * tables.
 */
export async function constraintsToCover(client: Queryable): Promise<string[]> {
  const catalog = withoutRunnerTables(await readCatalogSnapshot(client));
  const constraints = catalog.constraints
    .filter((c) => COVERED_TYPES.has(c.type))
    .map((c) => c.name);
  return [
    ...constraints,
    ...catalog.indexes
      .filter(
        (i) => i.definition.startsWith('CREATE UNIQUE INDEX') && !constraints.includes(i.name),
      )
      .map((i) => i.name),
    ...new Set(
      catalog.functions.flatMap((f) =>
        [...f.definition.matchAll(RAISED_CONSTRAINT)].map((m) => m[1] as string),
      ),
    ),
    ...catalog.columns.filter((c) => c.notNull).map((c) => notNullKey(c.table, c.column)),
  ].sort();
}

/** Catalog constraints no case names, and cases naming a constraint the catalog does not have. */
export function coverageGaps(
  constraints: readonly string[],
  cases: readonly InvalidWrite[],
): { uncovered: string[]; unknown: string[] } {
  const named = new Set(cases.map((c) => c.rejects.violates));
  const existing = new Set(constraints);
  return {
    uncovered: constraints.filter((name) => !named.has(name) && !(name in UNREACHABLE_CONSTRAINTS)),
    unknown: [...named].filter((name) => !existing.has(name)).sort(),
  };
}
