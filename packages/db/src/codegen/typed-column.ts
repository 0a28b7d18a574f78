import { RowTypesError } from '../errors.js';
import { JSONB_COLUMN_SHAPES } from './jsonb-shapes.js';
import {
  MAX_EXACT_NUMERIC_PRECISION,
  VALUE_REPRESENTATIONS,
  type ColumnMetadata,
} from '../connection/value-representation.js';
import type { SchemaColumn } from './read-schema-tables.js';
import { enumTypeName } from './type-names.js';

/** One column with its TypeScript types: what every generated shape of a table is made from. */
export interface TypedColumn {
  readonly column: SchemaColumn;
  /** What a read returns, `| null` included. */
  readonly select: string;
  /** What an insert or update may pass, `| null` included. */
  readonly input: string;
  readonly js: ColumnMetadata['js'];
  /** The JSONB shape's type text, for a json/jsonb column; else undefined. */
  readonly shape: string | undefined;
  /** An insert may leave it out: nullable, with a default, or numbered by the server. */
  readonly optional: boolean;
}

export function isEnumerated(column: SchemaColumn): boolean {
  const js = VALUE_REPRESENTATIONS[column.baseType]?.js;
  return column.enumeratedValues !== null && !column.array && js !== 'json';
}

const nullable = (column: SchemaColumn, type: string) =>
  column.nullable ? `${type} | null` : type;

/** Types one column of `table`; throws RowTypesError for a column it cannot type truthfully. */
export function typeColumn(table: string, column: SchemaColumn): TypedColumn {
  const key = `${table}.${column.name}`;
  const representation = VALUE_REPRESENTATIONS[column.baseType];
  if (representation === undefined) {
    throw new RowTypesError(
      `Column ${key} has type ${column.type}, which pnpm db:types does not know how to represent. The generated file was not changed. Add ${column.baseType} to VALUE_REPRESENTATIONS in packages/db/src/connection/value-representation.ts (and a parser there if pg's default is not what you want).`,
    );
  }
  const precision = column.numericPrecision;
  if (
    column.baseType === 'numeric' &&
    (precision === null || precision > MAX_EXACT_NUMERIC_PRECISION)
  ) {
    throw new RowTypesError(
      `Column ${key} is ${column.type}, which can hold more digits than a JS number keeps exactly (${MAX_EXACT_NUMERIC_PRECISION}). The generated file was not changed. Declare it numeric(p,s) with p ≤ ${MAX_EXACT_NUMERIC_PRECISION}, or use bigint atomic units.`,
    );
  }
  const optional = column.nullable || column.default !== null || column.identity;
  const base = { column, js: representation.js, optional };
  if (representation.js === 'json') {
    const shape = JSONB_COLUMN_SHAPES[key];
    if (shape === undefined) {
      throw new RowTypesError(
        `Column ${key} is ${column.type} but has no declared shape. The generated file was not changed. Describe it in packages/db/src/codegen/jsonb-shapes.ts and add '${key}' to JSONB_COLUMN_SHAPES there.`,
      );
    }
    return {
      ...base,
      shape,
      select: nullable(column, shape),
      input: nullable(column, `JsonInput<${shape}>`),
    };
  }
  if (isEnumerated(column)) {
    const name = enumTypeName(table, column.name);
    return {
      ...base,
      shape: undefined,
      select: nullable(column, name),
      input: nullable(column, name),
    };
  }
  const input = representation.input ?? representation.ts;
  const array = (type: string) => (type.includes(' ') ? `(${type})[]` : `${type}[]`);
  return {
    ...base,
    shape: undefined,
    select: nullable(column, column.array ? array(representation.ts) : representation.ts),
    input: nullable(column, column.array ? array(input) : input),
  };
}

/** The column's comment line in the generated file: its type, nullability and default. */
export function columnComment(column: SchemaColumn): string {
  const facts = [
    column.type,
    column.nullable ? '' : 'NOT NULL',
    column.default === null ? '' : `DEFAULT ${column.default}`,
    column.identity ? 'GENERATED AS IDENTITY' : '',
    column.generated ? 'GENERATED (not insertable)' : '',
  ].filter((fact) => fact !== '');
  return `/** ${facts.join(' ').replaceAll('*/', '*\\/')} */`;
}
