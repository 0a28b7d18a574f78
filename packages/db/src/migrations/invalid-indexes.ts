import type { Queryable } from '../connection/queryable.js';

/** An index a failed or killed CREATE INDEX CONCURRENTLY left behind: present, but not used. */
export interface InvalidIndex {
  readonly schema: string;
  readonly name: string;
  readonly table: string;
}

/** Every invalid index outside the system schemas. */
export async function readInvalidIndexes(client: Queryable): Promise<InvalidIndex[]> {
  const { rows } = await client.query<InvalidIndex>(
    `SELECT n.nspname AS schema, c.relname AS name, t.relname AS "table"
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT i.indisvalid
        AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      ORDER BY 1, 2`,
  );
  return rows;
}

/**
 * The index a `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ...` statement builds, or
 * undefined for any other statement (or one whose index has no name).
 */
export function concurrentIndexName(statement: string): string | undefined {
  const match =
    /^\s*create\s+(?:unique\s+)?index\s+concurrently\s+(?:if\s+not\s+exists\s+)?((?:"[^"]+"|[a-z_][\w$]*)(?:\.(?:"[^"]+"|[a-z_][\w$]*))?)\s+on\s/i.exec(
      statement.replace(/--[^\n]*\n/g, '\n'),
    );
  if (match === null) return undefined;
  const parts = match[1]!.split('.');
  const name = parts[parts.length - 1]!;
  return name.startsWith('"') ? name.slice(1, -1) : name.toLowerCase();
}

/** `quote_ident` for a schema-qualified name. */
export function qualifiedName(index: Pick<InvalidIndex, 'schema' | 'name'>): string {
  const quote = (part: string) => `"${part.replace(/"/g, '""')}"`;
  return `${quote(index.schema)}.${quote(index.name)}`;
}
