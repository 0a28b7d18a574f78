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
  options?: { cause?: unknown },
) => CreditOperationError;

/**
 * The SQLSTATEs the credit functions of migrations 012, 016 and 027 raise (class AC, "AINP credit"), the error
 * class each becomes, and what the caller should do next.
 */
export const CREDIT_SQLSTATES: Readonly<
  Record<string, { readonly errorClass: CreditErrorClass; readonly advice: string }>
> = {
  AC001: {
    errorClass: InsufficientCreditError,
    advice:
      'Deposit or earn more, release a reservation, or ask for less; a retry with the same key checks the balance again.',
  },
  AC002: {
    errorClass: UnknownCreditAccountError,
    advice: 'Check the DID; the first deposit or earn opens an account.',
  },
  AC003: {
    errorClass: ReservationExceededError,
    advice:
      'Release or settle at most what is reserved (for that intent, when an intent is given).',
  },
  AC004: {
    errorClass: IdempotencyKeyConflictError,
    advice:
      'Use a new key for a new request; reuse a key only to retry exactly the same request. The key keeps its first result.',
  },
  AC005: {
    errorClass: InvalidCreditAmountError,
    advice: 'Pass a positive bigint number of atomic units (1 credit = 1000 units).',
  },
  AC006: {
    errorClass: UsefulnessProofNotOwnedError,
    advice: 'Earn against a usefulness proof of the same agent, or leave the proof out.',
  },
  AC007: {
    errorClass: UnknownAgentError,
    advice: 'Register the agent first: credit accounts belong to registered agents.',
  },
  AC008: {
    errorClass: InvalidIdempotencyKeyError,
    advice:
      'Pass a key of 1 to 255 characters, not all whitespace, unique per request (a UUID works).',
  },
  AC009: {
    errorClass: UsefulnessProofAlreadyPaidError,
    advice:
      'A usefulness proof is paid once: earn against a new proof, or retry the first request with its own key.',
  },
  AC010: {
    errorClass: UsefulnessProofInFutureError,
    advice: 'Earn against a proof once the work it records has happened.',
  },
  AC011: {
    errorClass: InvalidCreditMetadataError,
    advice: 'Pass metadata as a JSON object of at most 16384 bytes, or leave it out.',
  },
};

const NOTHING_MOVED = 'No credit moved and nothing was recorded.';

/** Builds the typed error for an AC code, with the standard "nothing moved" and advice. */
export function creditError(sqlState: string, what: string, cause?: unknown): CreditOperationError {
  const entry = CREDIT_SQLSTATES[sqlState];
  const ErrorClass = entry?.errorClass ?? CreditOperationError;
  return new ErrorClass(`${what}. ${NOTHING_MOVED} ${entry?.advice ?? ''}`.trim(), sqlState, {
    cause,
  });
}

/**
 * Turns a PostgreSQL error carrying one of the AC SQLSTATEs into its typed error (the server's
 * message first, then that nothing moved, then what to do). Anything else passes through unchanged.
 */
export function creditErrorFromDatabase(error: unknown): unknown {
  if (error instanceof AinpDbError) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || CREDIT_SQLSTATES[code] === undefined) return error;
  const message = error instanceof Error ? error.message : String(error);
  return creditError(code, message.charAt(0).toUpperCase() + message.slice(1), error);
}
