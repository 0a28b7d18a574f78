import { ConnectionError } from '../errors.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
]);

/**
 * Turns a failed connection attempt into a one-line ConnectionError that names the target
 * (never the password) and says what to check. Errors that are not about connecting pass through.
 */
export function connectionFailure(error: unknown, target: string): unknown {
  const code = (error as { code?: string } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const nothingChanged = 'Nothing was changed.';
  if (code !== undefined && NETWORK_CODES.has(code)) {
    return new ConnectionError(
      `Cannot reach PostgreSQL at ${target} (${code}). ${nothingChanged} Check that the server is running and that DATABASE_URL names the right host and port.`,
      { cause: error },
    );
  }
  if (/timeout/i.test(message) && /connect/i.test(message)) {
    return new ConnectionError(
      `Timed out connecting to PostgreSQL at ${target}. ${nothingChanged} Check the host, the port and any firewall in between.`,
      { cause: error },
    );
  }
  if (code === '28P01' || code === '28000') {
    return new ConnectionError(
      `PostgreSQL at ${target} rejected the login (${message}). ${nothingChanged} Check the user and password in DATABASE_URL.`,
      { cause: error },
    );
  }
  if (code === '3D000') {
    return new ConnectionError(
      `PostgreSQL at ${target}: ${message}. ${nothingChanged} Create the database first (createdb), or fix the database name in DATABASE_URL.`,
      { cause: error },
    );
  }
  return error;
}

/** SQLSTATEs of a server that is shutting down or crashed (class 57P). */
const SERVER_GONE_STATES = new Set(['57P01', '57P02', '57P03']);
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH']);
const LOST_MESSAGES =
  /Connection terminated|server closed the connection|terminating connection|Client has encountered a connection error|Connection is closed|write after end|This socket has been ended/i;

/**
 * The reason, when `error` (or any error in its `cause` chain) says the connection to the server
 * was lost after it was made: the server was killed or restarted, or the network went away.
 */
export function connectionLostReason(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current);) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (SERVER_GONE_STATES.has(code) || LOST_CODES.has(code))) {
      return `${code}: ${current.message}`;
    }
    if (LOST_MESSAGES.test(current.message)) return current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
