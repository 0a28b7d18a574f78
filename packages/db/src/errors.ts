/**
 * One error class per kind of failure. Every message says what happened, what state the database
 * is left in, and what to do next; `cause` keeps the underlying error for debugging. `code` is a
 * stable, machine-readable name of the kind (`AINP_...`), for programs to branch on instead of
 * the class or the message.
 */
export class AinpDbError extends Error {
  override name = 'AinpDbError';
  readonly code: string = 'AINP_DB_ERROR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** DATABASE_URL (or a connection string passed in) cannot be parsed. */
export class ConfigurationError extends AinpDbError {
  override name = 'ConfigurationError';
  override readonly code: string = 'AINP_CONFIGURATION';
}

/** The server could not be reached, refused the login, or has no such database. */
export class ConnectionError extends AinpDbError {
  override name = 'ConnectionError';
  override readonly code: string = 'AINP_CONNECTION';
}

/** The server went away (killed, restarted, network cut) while a command was using it. */
export class ConnectionLostError extends ConnectionError {
  override name = 'ConnectionLostError';
  override readonly code: string = 'AINP_CONNECTION_LOST';
}

/** A destructive command refused to go ahead (production, a shared database, no confirmation). */
export class DestructiveCommandRefusedError extends AinpDbError {
  override name = 'DestructiveCommandRefusedError';
  override readonly code: string = 'AINP_DESTRUCTIVE_COMMAND_REFUSED';
}

/** The embedded PostgreSQL could not be initialised, started or stopped. */
export class EmbeddedServerError extends AinpDbError {
  override name = 'EmbeddedServerError';
  override readonly code: string = 'AINP_EMBEDDED_SERVER';
}

/** A migration's SQL failed; its transaction was rolled back and no later migration ran. */
export class MigrationFailedError extends AinpDbError {
  override name = 'MigrationFailedError';
  override readonly code: string = 'AINP_MIGRATION_FAILED';
  constructor(
    message: string,
    readonly fileName: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An applied migration's file has changed since it was applied. */
export class MigrationChecksumError extends AinpDbError {
  override name = 'MigrationChecksumError';
  override readonly code: string = 'AINP_MIGRATION_CHECKSUM';
  constructor(
    message: string,
    readonly fileNames: readonly string[],
  ) {
    super(message);
  }
}

/** A pending migration is numbered below one that is already applied. */
export class MigrationOrderError extends AinpDbError {
  override name = 'MigrationOrderError';
  override readonly code: string = 'AINP_MIGRATION_ORDER';
  constructor(
    message: string,
    readonly fileName: string,
  ) {
    super(message);
  }
}

/** A rollback script refused to run because something still depends on its feature. */
export class RollbackRefusedError extends AinpDbError {
  override name = 'RollbackRefusedError';
  override readonly code: string = 'AINP_ROLLBACK_REFUSED';
  constructor(
    message: string,
    readonly feature: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A rollback script failed; its transaction was rolled back and its feature is unchanged. */
export class RollbackFailedError extends AinpDbError {
  override name = 'RollbackFailedError';
  override readonly code: string = 'AINP_ROLLBACK_FAILED';
  constructor(
    message: string,
    readonly feature: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A command was called with arguments it does not accept. */
export class UsageError extends AinpDbError {
  override name = 'UsageError';
  override readonly code: string = 'AINP_USAGE';
}

/**
 * A credit operation (migration 012) was refused: nothing moved and its idempotency key was not
 * recorded (a key conflict leaves the key's first result in place). `sqlState` is the AC code the
 * database raised (credit-sqlstates.ts); `hint` is what to do next, as the server's HINT says it
 * (the message ends with it), undefined when the refusal came without one.
 */
export class CreditOperationError extends AinpDbError {
  override name = 'CreditOperationError';
  override readonly code: string = 'AINP_CREDIT_OPERATION';
  readonly hint: string | undefined;
  constructor(
    message: string,
    readonly sqlState: string,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(message, options);
    this.hint = options?.hint;
  }
}

/** AC001: reserve or immediate spend asked for more than balance − reserved. */
export class InsufficientCreditError extends CreditOperationError {
  override name = 'InsufficientCreditError';
  override readonly code: string = 'AINP_INSUFFICIENT_CREDITS';
}

/** AC002: reserve, release or spend named an agent that has no credit account. */
export class UnknownCreditAccountError extends CreditOperationError {
  override name = 'UnknownCreditAccountError';
  override readonly code: string = 'AINP_UNKNOWN_CREDIT_ACCOUNT';
}

/** AC003: release or settlement asked for more than is reserved. */
export class ReservationExceededError extends CreditOperationError {
  override name = 'ReservationExceededError';
  override readonly code: string = 'AINP_RESERVATION_EXCEEDED';
}

/** AC004: an idempotency key was reused with different arguments. */
export class IdempotencyKeyConflictError extends CreditOperationError {
  override name = 'IdempotencyKeyConflictError';
  override readonly code: string = 'AINP_IDEMPOTENCY_KEY_CONFLICT';
}

/** AC005: the amount is missing, not positive, not a bigint, or would overflow the account. */
export class InvalidCreditAmountError extends CreditOperationError {
  override name = 'InvalidCreditAmountError';
  override readonly code: string = 'AINP_INVALID_CREDIT_AMOUNT';
}

/** AC006: earn named a usefulness proof that does not exist or belongs to another agent. */
export class UsefulnessProofNotOwnedError extends CreditOperationError {
  override name = 'UsefulnessProofNotOwnedError';
  override readonly code: string = 'AINP_USEFULNESS_PROOF_NOT_OWNED';
}

/** AC007: deposit or earn named a DID that no registered agent has. */
export class UnknownAgentError extends CreditOperationError {
  override name = 'UnknownAgentError';
  override readonly code: string = 'AINP_UNKNOWN_AGENT';
}

/** AC008: the idempotency key is missing, empty, only whitespace or longer than 255 characters. */
export class InvalidIdempotencyKeyError extends CreditOperationError {
  override name = 'InvalidIdempotencyKeyError';
  override readonly code: string = 'AINP_INVALID_IDEMPOTENCY_KEY';
}

/** AC009: earn named a usefulness proof that an earlier earn already paid (migration 016). */
export class UsefulnessProofAlreadyPaidError extends CreditOperationError {
  override name = 'UsefulnessProofAlreadyPaidError';
  override readonly code: string = 'AINP_USEFULNESS_PROOF_ALREADY_PAID';
}

/** AC010: earn named a usefulness proof dated in the future (migration 016). */
export class UsefulnessProofInFutureError extends CreditOperationError {
  override name = 'UsefulnessProofInFutureError';
  override readonly code: string = 'AINP_USEFULNESS_PROOF_IN_FUTURE';
}

/** AC011: the metadata is not a JSON object of at most 16 kB (migration 027). */
export class InvalidCreditMetadataError extends CreditOperationError {
  override name = 'InvalidCreditMetadataError';
  override readonly code: string = 'AINP_INVALID_CREDIT_METADATA';
}

/** The schema holds something `pnpm db:types` cannot give a truthful TypeScript type. */
export class RowTypesError extends AinpDbError {
  override name = 'RowTypesError';
  override readonly code: string = 'AINP_ROW_TYPES';
}

/** A migration gave up waiting for a lock after all its retries; nothing of it was applied. */
export class MigrationLockTimeoutError extends MigrationFailedError {
  override name = 'MigrationLockTimeoutError';
  override readonly code: string = 'AINP_MIGRATION_LOCK_TIMEOUT';
  constructor(
    message: string,
    fileName: string,
    readonly holders: readonly import('./locks/lock-watcher.js').LockHolder[],
    options?: { cause?: unknown },
  ) {
    super(message, fileName, options);
  }
}

/**
 * A query function (src/queries/) was called with input it does not accept: nothing was sent to
 * the database. `code` is stable; `parameter` names the offending input.
 */
export class QueryInputError extends AinpDbError {
  override name = 'QueryInputError';
  override readonly code: string = 'AINP_QUERY_INPUT';
  constructor(
    message: string,
    readonly parameter: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A page cursor is not one this query handed out (corrupted, truncated, or from another query). */
export class InvalidCursorError extends QueryInputError {
  override name = 'InvalidCursorError';
  override readonly code: string = 'AINP_INVALID_CURSOR';
}
