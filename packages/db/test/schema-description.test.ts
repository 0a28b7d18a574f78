import { describe, expect, it } from 'vitest';
import { RowTypesError } from '../src/errors.js';
import { foreignKeyOrder } from '../src/codegen/foreign-key-order.js';
import { readSchemaDescription } from '../src/codegen/read-schema-description.js';
import { readSchemaTables } from '../src/codegen/read-schema-tables.js';
import {
  DATA_TABLES_IN_FOREIGN_KEY_ORDER,
  describedTable,
  inForeignKeyOrder,
  SCHEMA_DESCRIPTION,
  TABLES_IN_FOREIGN_KEY_ORDER,
} from '../src/index.js';
import { freshDatabase } from './support.js';

describe('foreignKeyOrder', () => {
  it('puts each table after the ones it references, ties by name, ignoring a self-reference', () => {
    const order = foreignKeyOrder(
      new Map([
        ['lines', ['orders', 'products']],
        ['orders', ['customers', 'orders']],
        ['products', []],
        ['customers', []],
      ]),
    );
    expect(order).toEqual(['customers', 'orders', 'products', 'lines']);
  });

  it('refuses a cycle, naming its tables', () => {
    const cycle = () =>
      foreignKeyOrder(
        new Map([
          ['a', ['b']],
          ['b', ['a']],
          ['c', []],
        ]),
      );
    expect(cycle).toThrow(RowTypesError);
    expect(cycle).toThrow(/of a, b form a cycle/);
  });
});

describe('the schema description', () => {
  it('lists each table after every table its foreign keys reference, runner tables apart', () => {
    const names = SCHEMA_DESCRIPTION.tables.map((table) => table.name);
    expect(names).toEqual([...TABLES_IN_FOREIGN_KEY_ORDER]);
    for (const [index, table] of SCHEMA_DESCRIPTION.tables.entries()) {
      for (const key of table.foreignKeys) {
        expect(names.indexOf(key.referencedTable), key.name).toBeLessThan(index);
      }
    }
    expect(DATA_TABLES_IN_FOREIGN_KEY_ORDER).not.toContain('migrations');
    expect(DATA_TABLES_IN_FOREIGN_KEY_ORDER).toContain('credit_transactions');
  });

  it('reads keys and column order from the catalog, and sees a new table and column', async () => {
    const db = await freshDatabase('migrated');
    await db.pool.query(
      `CREATE TABLE gadgets (owner text NOT NULL, id uuid NOT NULL, made_at timestamptz DEFAULT now(),
                             PRIMARY KEY (owner, id),
                             CONSTRAINT gadgets_owner_fkey FOREIGN KEY (owner) REFERENCES agents (did) ON DELETE SET NULL)`,
    );
    await db.pool.query('ALTER TABLE gadgets ADD COLUMN colour text');
    const description = await readSchemaDescription(db.pool, await readSchemaTables(db.pool));
    const gadgets = description.tables.find((table) => table.name === 'gadgets');
    expect(gadgets?.columns.map((c) => c.name)).toEqual(['owner', 'id', 'made_at', 'colour']);
    expect(gadgets?.primaryKey).toEqual(['owner', 'id']);
    expect(gadgets?.foreignKeys).toEqual([
      {
        name: 'gadgets_owner_fkey',
        columns: ['owner'],
        referencedTable: 'agents',
        referencedColumns: ['did'],
        onDelete: 'SET NULL',
        onUpdate: 'NO ACTION',
      },
    ]);
    const names = description.tables.map((table) => table.name);
    expect(names.indexOf('gadgets')).toBeGreaterThan(names.indexOf('agents'));
  });

  it('sorts rows into foreign-key order and refuses an unknown table', () => {
    const rows = [
      { table: 'credit_transactions' },
      { table: 'agents' },
      { table: 'credit_accounts' },
    ];
    expect(inForeignKeyOrder(rows, (row) => row.table).map((row) => row.table)).toEqual([
      'agents',
      'credit_accounts',
      'credit_transactions',
    ]);
    expect(() => describedTable('gadgets')).toThrow(/has no table "gadgets".*pnpm db:types/);
  });
});
