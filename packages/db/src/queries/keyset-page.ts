import { InvalidCursorError } from '../errors.js';

/**
 * Keyset pagination on (created_at DESC, id DESC): a page ends at a row, and the next page starts
 * strictly after it. The cursor is opaque to callers (base64url JSON) and holds the row's
 * created_at in microseconds (a JS Date keeps only milliseconds, which would skip or repeat rows
 * created in the same millisecond) and its id, tagged with the query it belongs to.
 */

/** One page of rows, newest first, and the cursor of the next page (null on the last page). */
export interface Page<R> {
  readonly rows: R[];
  readonly nextCursor: string | null;
}

/** A decoded cursor: the last row of the previous page. */
export interface PagePosition {
  readonly micros: string;
  readonly id: string;
}

/** The hidden column each paged query selects for its cursor. */
export const PAGE_POSITION_COLUMN = 'page_position_us';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MICROS = /^-?\d{1,18}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** `created_at` in whole microseconds since 1970, for the cursor: `<expr> AS page_position_us`. */
export function pagePositionSelect(alias: string): string {
  return `(extract(epoch FROM ${alias}.created_at) * 1000000)::bigint AS ${PAGE_POSITION_COLUMN}`;
}

/** Rows strictly after the cursor's row, in (created_at DESC, id DESC) order; $n and $n+1 bound. */
export function afterPosition(alias: string, firstParameter: number): string {
  return `(${alias}.created_at, ${alias}.id) < (timestamptz 'epoch' + $${firstParameter}::bigint * interval '1 microsecond', $${firstParameter + 1}::uuid)`;
}

/** The cursor's position, or undefined for the first page; InvalidCursorError for anything else. */
export function decodeCursor(
  kind: string,
  cursor: string | null | undefined,
): PagePosition | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  const invalid = () =>
    new InvalidCursorError(
      `cursor is not a ${kind} cursor this library handed out. Nothing was queried. Pass the nextCursor of the previous ${kind} page unchanged, or leave cursor out for the first page.`,
      'cursor',
    );
  if (typeof cursor !== 'string' || !BASE64URL.test(cursor)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw Object.assign(invalid(), { cause: error });
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 3 ||
    decoded[0] !== kind ||
    typeof decoded[1] !== 'string' ||
    !MICROS.test(decoded[1]) ||
    typeof decoded[2] !== 'string' ||
    !UUID.test(decoded[2])
  ) {
    throw invalid();
  }
  return { micros: decoded[1], id: decoded[2] };
}

function encodeCursor(kind: string, row: Record<string, unknown>): string {
  const micros = String(row[PAGE_POSITION_COLUMN]);
  return Buffer.from(JSON.stringify([kind, micros, row.id])).toString('base64url');
}

/**
 * A page from up to `limit + 1` rows read: the first `limit`, without their page position
 * column, and a cursor when there were more.
 */
export function toPage<R>(
  kind: string,
  rows: readonly Record<string, unknown>[],
  limit: number,
): Page<R> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(kind, last) : null;
  return {
    rows: page.map(({ [PAGE_POSITION_COLUMN]: _position, ...row }) => row as R),
    nextCursor,
  };
}
