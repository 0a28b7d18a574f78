/**
 * PostgreSQL COPY text format: one line per row, columns separated by tabs, NULL as \N, and
 * backslash, tab, newline and carriage return escaped inside values.
 */
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NULL = '\\N';

export function escapeCopyText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : text;
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
  timestamptz: (value: Date) => value.toISOString(),
  jsonb: (value: unknown) => escapeCopyText(JSON.stringify(value)),
  'text[]': (value: readonly unknown[]) => escapeCopyText(arrayLiteral(value)),
};

/** A function writing one row of T as a COPY line (newline included), columns in this order. */
export function copyLineEncoder<T>(
  columns: readonly (readonly [keyof T, ColumnKind])[],
): (row: T) => string {
  const names = columns.map(([name]) => name);
  const encoders = columns.map(([, kind]) => ENCODERS[kind] as (value: unknown) => string);
  const count = names.length;
  return (row) => {
    let line = '';
    for (let i = 0; i < count; i++) {
      const value = row[names[i]!];
      if (i > 0) line += '\t';
      line += value === null || value === undefined ? NULL : encoders[i]!(value);
    }
    return `${line}\n`;
  };
}
