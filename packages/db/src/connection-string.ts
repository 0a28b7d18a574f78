import { ConfigurationError } from './errors.js';

const POSTGRES_PROTOCOLS = new Set(['postgres:', 'postgresql:']);
const EXPECTED_SHAPE = 'postgres://user:password@host:5432/database';

/**
 * Checks that a connection string is a usable PostgreSQL URL before pg sees it, so a typo gets a
 * clear error instead of a confusing one. The error never repeats the string, which may hold a
 * password.
 */
export function validateConnectionString(connectionString: string, source = 'DATABASE_URL'): URL {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch (error) {
    throw new ConfigurationError(
      `${source} is not a valid URL. Nothing was changed. Expected ${EXPECTED_SHAPE}.`,
      { cause: error },
    );
  }
  if (!POSTGRES_PROTOCOLS.has(url.protocol)) {
    throw new ConfigurationError(
      `${source} must start with postgres:// or postgresql://, not ${url.protocol}//. Nothing was changed. Expected ${EXPECTED_SHAPE}.`,
    );
  }
  if (url.hostname === '' && !url.searchParams.has('host')) {
    throw new ConfigurationError(
      `${source} names no host. Nothing was changed. Expected ${EXPECTED_SHAPE}.`,
    );
  }
  return url;
}

/** The connection string with its password replaced by `***`, safe to print or log. */
export function redactConnectionString(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password !== '') url.password = '***';
    if (url.searchParams.has('password')) url.searchParams.set('password', '***');
    return url.toString();
  } catch {
    return '(unparseable connection string)';
  }
}

/** `host:port/database`, the part of a URL that says where a command is working. */
export function describeTarget(connectionString: string): string {
  const url = new URL(connectionString);
  const host = url.hostname || url.searchParams.get('host') || 'localhost';
  const port = url.port || '5432';
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default database)';
  return `${host}:${port}/${database}`;
}
