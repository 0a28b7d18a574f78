/**
 * A value for a json or jsonb parameter. pg sends a plain object as JSON, but a JS array as a
 * PostgreSQL array literal (`{"…"}`) and a string as bare text, neither of which is JSON: wrap
 * such a value in `json(value)` and pg sends its JSON text (pg calls `toPostgres()` on objects
 * that have one). Works as a `db.query` parameter and as a value in a Kysely insert or update.
 */
export class JsonParameter<T> {
  constructor(readonly value: T) {}

  /** What pg sends: the value's JSON text. */
  toPostgres(): string {
    return JSON.stringify(this.value);
  }
}

/** `rounds: json([{ round_number: 1, ... }])`: a value pg sends as JSON, whatever its shape. */
export function json<T>(value: T): JsonParameter<T> {
  return new JsonParameter(value);
}

/**
 * What an insert or update may pass for a jsonb column holding T: `json(value)` always, or the
 * value itself when pg sends it as JSON anyway (objects, numbers, booleans; not arrays or strings).
 */
export type JsonInput<T> = Exclude<T, readonly unknown[] | string> | JsonParameter<T>;
