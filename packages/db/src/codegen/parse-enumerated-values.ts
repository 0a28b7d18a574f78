/**
 * `col IN ('a', 'b')` as pg_get_constraintdef prints it: text columns as
 * `CHECK ((state = ANY (ARRAY['a'::text, 'b'::text])))`, varchar columns as
 * `CHECK (((kind)::text = ANY ((ARRAY['a'::character varying])::text[])))`.
 * The left side must be the bare column: `lower(kind) IN (...)` enumerates nothing.
 */
const ENUMERATION =
  /^CHECK \(\((?:\(?(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")\)?(?:::[a-z ]+)?) = ANY \(\(?ARRAY\[(.+?)\]\)?(?:::[a-z ]+\[\])?\)\)\)$/;
const LITERAL = /'((?:[^']|'')*)'::[a-z ]+(?:, |$)/y;

/**
 * The values a CHECK constraint's definition limits its column to, in the order written, or
 * undefined when the constraint is not a plain enumeration.
 */
export function parseEnumeratedValues(definition: string): string[] | undefined {
  const list = ENUMERATION.exec(definition)?.[1];
  if (list === undefined) return undefined;
  const values: string[] = [];
  LITERAL.lastIndex = 0;
  while (LITERAL.lastIndex < list.length) {
    const match = LITERAL.exec(list);
    if (match === null) return undefined;
    values.push(match[1]!.replaceAll("''", "'"));
  }
  return values;
}
