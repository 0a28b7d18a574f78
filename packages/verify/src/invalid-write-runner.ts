import type { Queryable } from '@ainp/db';
import { FIXTURE_ROWS, VALID_ROWS, type DataTable, type Row } from './invalid-write-fixtures.js';
import { notNullKey, type Rejection, type Write } from './invalid-writes.js';

/** A parameterised statement. */
export interface Statement {
  readonly text: string;
  readonly values: unknown[];
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

function insertStatement(table: DataTable, row: Row): Statement {
  const columns = Object.keys(row);
  return {
    text: `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
    values: Object.values(row),
  };
}

const whereClause = (where: Row, offset: number) =>
  Object.keys(where)
    .map((column, i) => `${quote(column)} = $${offset + i + 1}`)
    .join(' AND ');

/** The SQL for a write: an insert of the table's valid row with the case's values, an update or a delete. */
export function writeStatement(write: Write): Statement {
  if ('insert' in write)
    return insertStatement(write.insert, { ...VALID_ROWS[write.insert], ...write.values });
  if ('delete' in write)
    return {
      text: `DELETE FROM ${quote(write.delete)} WHERE ${whereClause(write.where, 0)}`,
      values: Object.values(write.where),
    };
  const set = Object.keys(write.set);
  return {
    text: `UPDATE ${quote(write.update)} SET ${set.map((column, i) => `${quote(column)} = $${i + 1}`).join(', ')} WHERE ${whereClause(write.where, set.length)}`,
    values: [...Object.values(write.set), ...Object.values(write.where)],
  };
}

/** Inserts the rows every case runs against. */
export async function insertFixtures(client: Queryable): Promise<void> {
  for (const [table, row] of FIXTURE_ROWS) {
    const statement = insertStatement(table, row);
    await client.query(statement.text, statement.values);
  }
}

/** The valid row of every table, each inserted in its own rolled-back transaction. */
export async function validRowFailures(client: Queryable): Promise<string[]> {
  const failures: string[] = [];
  for (const [table, row] of Object.entries(VALID_ROWS)) {
    const statement = insertStatement(table as DataTable, row);
    await client.query('BEGIN');
    await client.query(statement.text, statement.values).catch((error: Error) => {
      failures.push(`${table}: ${error.message}`);
    });
    await client.query('ROLLBACK');
  }
  return failures;
}

/** What the server did with a write: 'accepted', or the SQLSTATE and the constraint it named. */
export async function attemptWrite(
  client: Queryable,
  write: Write,
): Promise<Rejection | 'accepted'> {
  const statement = writeStatement(write);
  try {
    const result = await client.query(statement.text, statement.values);
    // An update or delete that matched no row changed nothing, but it was not refused either.
    return result.rowCount === 0
      ? { sqlState: '(none)', violates: 'the update matched no row' }
      : 'accepted';
  } catch (error) {
    const { code, constraint, table, column } = error as Record<string, string | undefined>;
    if (code === '23502' && table && column)
      return { sqlState: code, violates: notNullKey(table, column) };
    return { sqlState: code ?? '(none)', violates: constraint ?? (error as Error).message };
  }
}

/** Row counts of the given tables, to show that refused writes left nothing behind. */
export async function rowCounts(
  client: Queryable,
  tables: readonly string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${quote(table)}`,
    );
    counts[table] = rows[0]?.n ?? -1;
  }
  return counts;
}
