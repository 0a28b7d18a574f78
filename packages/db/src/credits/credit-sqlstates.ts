import {
  AinpDbError,
  CreditOperationError,
  IdempotencyKeyConflictError,
  InsufficientCreditError,
  InvalidCreditAmountError,
  InvalidCreditMetadataError,
  InvalidIdempotencyKeyError,
  ReservationExceededError,
  UnknownAgentError,
  UnknownCreditAccountError,
  UsefulnessProofAlreadyPaidError,
  UsefulnessProofInFutureError,
  UsefulnessProofNotOwnedError,
} from '../errors.js';

type CreditErrorClass = new (
  message: string,
  sqlState: string,
  options?: { cause?: unknown; hint?: string },
) => CreditOperationError;

/**
 * The SQLSTATEs the credit functions raise (class AC, "AINP credit"; migrations 012, 016, 027 and
 * 040) and the error class each becomes. What to do next is not written here: it is the HINT the
 * function raises it with, which the error carries (docs/credits.md lists them, checked by a test).
 */
export const CREDIT_SQLSTATES: Readonly<Record<string, { readonly errorClass: CreditErrorClass }>> =
  {
    AC001: { errorClass: InsufficientCreditError },
    AC002: { errorClass: UnknownCreditAccountError },
    AC003: { errorClass: ReservationExceededError },
    AC004: { errorClass: IdempotencyKeyConflictError },
    AC005: { errorClass: InvalidCreditAmountError },
    AC006: { errorClass: UsefulnessProofNotOwnedError },
    AC007: { errorClass: UnknownAgentError },
    AC008: { errorClass: InvalidIdempotencyKeyError },
    AC009: { errorClass: UsefulnessProofAlreadyPaidError },
    AC010: { errorClass: UsefulnessProofInFutureError },
    AC011: { errorClass: InvalidCreditMetadataError },
  };

const NOTHING_MOVED = 'No credit moved and nothing was recorded.';

/**
 * The typed error for an AC code: `what` happened, that nothing moved, then `hint` (the server's
 * HINT: what to do next), which the error also carries as `hint`.
 */
export function creditError(
  sqlState: string,
  what: string,
  options: { cause?: unknown; hint?: string } = {},
): CreditOperationError {
  const ErrorClass = CREDIT_SQLSTATES[sqlState]?.errorClass ?? CreditOperationError;
  const message = [`${what}.`, NOTHING_MOVED, options.hint].filter(Boolean).join(' ');
  return new ErrorClass(message, sqlState, options);
}

/**
 * Turns a PostgreSQL error carrying one of the AC SQLSTATEs into its typed error (the server's
 * message first, then that nothing moved, then the server's HINT). Anything else passes through
 * unchanged.
 */
export function creditErrorFromDatabase(error: unknown): unknown {
  if (error instanceof AinpDbError) return error;
  const { code, hint } = (error ?? {}) as { code?: unknown; hint?: unknown };
  if (typeof code !== 'string' || CREDIT_SQLSTATES[code] === undefined) return error;
  const message = error instanceof Error ? error.message : String(error);
  return creditError(code, message.charAt(0).toUpperCase() + message.slice(1), {
    cause: error,
    hint: typeof hint === 'string' && hint !== '' ? hint : undefined,
  });
}
