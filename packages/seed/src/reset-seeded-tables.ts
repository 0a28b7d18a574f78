import type { Queryable } from '@ainp/db';
import { SeedResetRefusedError } from './errors.js';
import { forgetSeedRuns, seededXmins } from './seed-runs.js';
import { SEED_TABLE_NAMES, type SeedTableName } from './seed-tables.js';

/** One seeded table as --reset finds it. */
export interface SeededTableRows {
  readonly table: SeedTableName;
  readonly rows: number;
  /** Rows no recorded seed run wrote (added or changed by someone else); see seed-runs.ts. */
  readonly notSeeded: number;
}

/** A table the seeder does not own whose foreign key points into a seeded table. */
export interface ReferencingTable {
  readonly table: string;
  /** The seeded (or already referencing) table it points at, and the constraint. */
  readonly references: string;
  readonly constraint: string;
  readonly rows: number;
}

/** What `--reset` would empty, and what stands in its way. */
export interface ResetInspection {
  readonly tables: readonly SeededTableRows[];
  /** Tables outside the seed that TRUNCATE ... CASCADE would empty too (transitively). */
  readonly referencing: readonly ReferencingTable[];
}

export interface ResetPermissions {
  /** --cascade: empty the referencing tables too. */
  readonly cascade: boolean;
  /** --allow-production: go ahead although rows not made by the seeder would be lost. */
  readonly allowShared: boolean;
}

/** Counts the rows --reset would remove and finds the tables outside the seed that point in. */
export async function inspectReset(q: Queryable): Promise<ResetInspection> {
  const existing = await existingTables(q, SEED_TABLE_NAMES);
  const xmins = await seededXmins(q);
  const tables: SeededTableRows[] = [];
  for (const table of existing) {
    const { rows } = await q.query<{ rows: string; not_seeded: string }>(
      `SELECT count(*) AS rows,
              count(*) FILTER (WHERE NOT (xmin::text = ANY ($1::text[]))) AS not_seeded
         FROM ${table}`,
      [xmins],
    );
    tables.push({
      table,
      rows: Number(rows[0]?.rows ?? 0),
      notSeeded: Number(rows[0]?.not_seeded ?? 0),
    });
  }
  return { tables, referencing: await referencingTables(q, existing) };
}

/**
 * The refusal --reset owes, or undefined when it may go ahead: tables outside the seed point
 * into it (unless --cascade), or rows the seeder did not write would go (unless
 * --allow-production). The message names the tables, says nothing changed, and what to do.
 */
export function resetRefusal(
  inspection: ResetInspection,
  permissions: ResetPermissions,
): SeedResetRefusedError | undefined {
  if (inspection.referencing.length > 0 && !permissions.cascade) {
    const one = inspection.referencing.length === 1;
    const named = inspection.referencing
      .map((r) => `${r.table} (${count(r.rows)}; ${r.constraint} references ${r.references})`)
      .join(', ');
    return new SeedResetRefusedError(
      `--reset refused: ${named} ${one ? 'is not a seeded table but points' : 'are not seeded tables but point'} into one, so emptying the seeded tables would empty ${one ? 'it' : 'them'} too. Nothing was changed. Run with --reset --cascade to empty ${one ? 'it' : 'them'} as well, or drop the foreign key first.`,
    );
  }
  const foreign = inspection.tables.filter((t) => t.notSeeded > 0);
  if (foreign.length > 0 && !permissions.allowShared) {
    return new SeedResetRefusedError(
      `--reset refused: the database looks shared. ${foreign.map((t) => `${t.table} holds ${count(t.notSeeded)} the seeder did not write`).join(', ')} (added or changed since a seed, or seeded before seeds were recorded), and --reset would delete them. Nothing was changed. If those rows may go, run again with --allow-production.`,
    );
  }
  return undefined;
}

/**
 * Empties the seeded tables, in the load's transaction (a failed load leaves the old rows in
 * place), after checking `resetRefusal` again under the seed lock: only the seeded tables, with
 * no CASCADE unless --cascade allowed it. The migrations tables are never touched.
 */
export async function resetSeededTables(
  q: Queryable,
  permissions: ResetPermissions,
): Promise<ResetInspection> {
  const inspection = await inspectReset(q);
  const refusal = resetRefusal(inspection, permissions);
  if (refusal !== undefined) throw refusal;
  await q.query(
    `TRUNCATE ${SEED_TABLE_NAMES.join(', ')}${inspection.referencing.length > 0 ? ' CASCADE' : ''}`,
  );
  await forgetSeedRuns(q);
  return inspection;
}

/** The seeded tables that hold at least one row. */
export async function nonEmptySeededTables(q: Queryable): Promise<SeedTableName[]> {
  const { rows } = await q.query<{ name: SeedTableName }>(
    SEED_TABLE_NAMES.map(
      (name) => `SELECT '${name}' AS name WHERE EXISTS (SELECT 1 FROM ${name})`,
    ).join(' UNION ALL '),
  );
  return rows.map((row) => row.name);
}

/** `1 row`, `1,000 rows`. */
export function count(rows: number): string {
  return `${rows.toLocaleString('en-US')} ${rows === 1 ? 'row' : 'rows'}`;
}

async function existingTables<T extends string>(q: Queryable, names: readonly T[]): Promise<T[]> {
  const { rows } = await q.query<{ name: T }>(
    `SELECT name FROM unnest($1::text[]) WITH ORDINALITY AS t(name, position)
      WHERE to_regclass(name) IS NOT NULL ORDER BY position`,
    [names],
  );
  return rows.map((row) => row.name);
}

/**
 * Tables outside the seed whose foreign keys point into it, and, as TRUNCATE ... CASCADE follows
 * them on, the tables pointing into those: each with its row count.
 */
async function referencingTables(
  q: Queryable,
  seeded: readonly string[],
): Promise<ReferencingTable[]> {
  const found: ReferencingTable[] = [];
  const emptied = new Set<string>(seeded);
  let frontier = [...emptied];
  while (frontier.length > 0) {
    const { rows } = await q.query<{ table: string; references: string; constraint: string }>(
      `SELECT DISTINCT ON (c.conrelid) c.conrelid::regclass::text AS table,
              c.confrelid::regclass::text AS references, c.conname AS constraint
         FROM pg_constraint AS c
        WHERE c.contype = 'f' AND c.confrelid = ANY ($1::regclass[])
          AND NOT (c.conrelid = ANY ($2::regclass[]))
        ORDER BY c.conrelid, c.conname`,
      [frontier, [...emptied]],
    );
    frontier = [];
    for (const row of rows) {
      const { rows: counted } = await q.query<{ rows: string }>(
        `SELECT count(*) AS rows FROM ${row.table}`,
      );
      found.push({ ...row, rows: Number(counted[0]?.rows ?? 0) });
      emptied.add(row.table);
      frontier.push(row.table);
    }
  }
  return found;
}
