import { ConnectionError } from './errors.js';

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
