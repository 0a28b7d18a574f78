import { isoTimestamp } from './iso-timestamp.js';

/**
 * PostgreSQL COPY text format: one line per row, columns separated by tabs, NULL as \N, and
 * backslash, tab, newline and carriage return escaped inside values.
 */
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NULL = '\\N';

export function escapeCopyText(text: string): string {
  // indexOf is a fast scan; most values contain none of the four.
  return text.indexOf('\\') === -1 &&
    text.indexOf('\t') === -1 &&
    text.indexOf('\n') === -1 &&
    text.indexOf('\r') === -1
    ? text
    : text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!);
}

/** JSON text as COPY text: JSON.stringify already writes tabs and newlines as \t and \n. */
function escapeJson(json: string): string {
  return json.indexOf('\\') === -1 ? json : json.replace(/\\/g, '\\\\');
}

/** A PostgreSQL array literal: {"a","b"}. */
export function arrayLiteral(items: readonly unknown[]): string {
  const quoted = items.map((item) =>
    item === null ? 'NULL' : `"${String(item).replace(/["\\]/g, (c) => `\\${c}`)}"`,
  );
  return `{${quoted.join(',')}}`;
}

/** How a column's JavaScript value is written. */
export type ColumnKind = 'text' | 'number' | 'bigint' | 'timestamptz' | 'jsonb' | 'text[]';

type Encoder = (value: never) => string;

const ENCODERS: Readonly<Record<ColumnKind, Encoder>> = {
  text: (value: string) => escapeCopyText(value),
  number: (value: number) => {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot COPY the number ${value}.`);
    return String(value);
  },
  bigint: (value: bigint) => value.toString(),
  timestamptz: (value: Date) => isoTimestamp(value.getTime()),
  jsonb: (value: unknown) => escapeJson(JSON.stringify(value)),
  'text[]': (value: readonly unknown[]) => escapeCopyText(arrayLiteral(value)),
};

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * A function writing one row of T as a COPY line (newline included), columns in this order.
 * The function is compiled for the table (`row.id`, `row.did`, ... spelled out), so V8 sees one
 * row shape per property access instead of one generic loop over every table's rows, which is
 * several times faster. Column names are checked to be plain identifiers first.
 */
export function copyLineEncoder<T>(
  columns: readonly (readonly [keyof T & string, ColumnKind])[],
): (row: T) => string {
  const encoders = columns.map(([, kind]) => ENCODERS[kind]);
  const parts = columns.map(([name], i) => {
    if (!IDENTIFIER.test(name)) throw new TypeError(`"${name}" is not a plain column name.`);
    return `(row.${name} == null ? ${JSON.stringify(NULL)} : e[${i}](row.${name}))`;
  });
  const compiled = new Function('e', 'row', `return ${parts.join(" + '\\t' + ")} + '\\n';`) as (
    e: readonly Encoder[],
    row: T,
  ) => string;
  return (row) => compiled(encoders, row);
}
