/**
 * JSON text written by template where the seed makes its JSON values, and read back by the
 * binary COPY writer. JSON.stringify walks each object key by key; a template for a known shape
 * is five to ten times faster (negotiation rounds, ledger metadata and requests, the account
 * snapshots of the idempotency keys: most of the seed's 60 MB of JSON). A value carries its text
 * under a symbol key from when it is made, and is not changed afterwards; a value without one is
 * serialized by JSON.stringify (which skips symbol keys, as the jsonb column never sees them).
 * The column stores the parsed value, so only the value counts, not the text's key order or
 * spacing (json-text.test.ts checks every such text against its value). A symbol key rather than
 * a WeakMap: setting a WeakMap entry per value cost more than the template saved.
 */
const JSON_TEXT = Symbol('JSON text');

type WithText = { [JSON_TEXT]?: string };

/** `value`, carrying `text` as its JSON. */
export function withJsonText<T extends object>(value: T, text: string): T {
  (value as WithText)[JSON_TEXT] = text;
  return value;
}

/** The JSON text of `value`: the one it carries, or JSON.stringify's. */
export function jsonText(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    const text = (value as WithText)[JSON_TEXT];
    if (text !== undefined) return text;
  }
  return JSON.stringify(value);
}

/** Whether a JSON string must escape something in `value` (quote, backslash, controls, surrogates). */
function needsEscape(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) {
      return true;
    }
  }
  return false;
}

/** A string as a JSON string literal. */
export function jsonString(value: string): string {
  return needsEscape(value) ? JSON.stringify(value) : `"${value}"`;
}

/**
 * The members (`"a":1,"b":"x"`) of an object's `keys`, in that order, undefined ones left out,
 * for a template to put between braces; the keys are plain identifiers. Strings, numbers,
 * booleans and null are written here, anything else by jsonText.
 */
export function jsonMembers(value: object, keys: readonly string[]): string {
  let out = '';
  for (const key of keys) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const text =
      typeof item === 'string'
        ? jsonString(item)
        : typeof item === 'boolean' || item === null || (typeof item === 'number' && isFinite(item))
          ? String(item)
          : jsonText(item);
    out += `${out === '' ? '' : ','}"${key}":${text}`;
  }
  return out;
}
