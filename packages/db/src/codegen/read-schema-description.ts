import type { Queryable } from '../connection/queryable.js';
import type {
  SchemaDescription,
  TableDescription,
} from '../schema-description/schema-description-types.js';
import { foreignKeyOrder } from './foreign-key-order.js';
import type { SchemaTable } from './read-schema-tables.js';
import { readTableKeys } from './read-table-keys.js';

/**
 * The description of one schema (default `public`): `tables` as readSchemaTables read them, with
 * each table's keys read from the catalog, tables in foreign-key order, columns in table order.
 */
export async function readSchemaDescription(
  client: Queryable,
  tables: readonly SchemaTable[],
  schema = 'public',
): Promise<SchemaDescription> {
  const keys = await readTableKeys(client, schema);
  const described = new Map<string, TableDescription>(
    tables.map((table) => [
      table.name,
      {
        name: table.name,
        columns: [...table.columns]
          .sort((a, b) => a.position - b.position)
          .map((column) => ({
            name: column.name,
            type: column.type,
            baseType: column.baseType,
            array: column.array,
            notNull: !column.nullable,
            default: column.default,
            identity: column.identity,
            generated: column.generated,
            enumeratedValues: column.enumeratedValues,
          })),
        primaryKey: keys.get(table.name)?.primaryKey ?? null,
        foreignKeys: keys.get(table.name)?.foreignKeys ?? [],
      },
    ]),
  );
  const order = foreignKeyOrder(
    new Map(
      [...described.values()].map((table) => [
        table.name,
        table.foreignKeys.map((key) => key.referencedTable),
      ]),
    ),
  );
  return { schema, tables: order.map((name) => described.get(name)!) };
}
