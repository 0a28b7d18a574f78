import { ConfigurationError } from '../errors.js';

const POSTGRES_PROTOCOLS = new Set(['postgres:', 'postgresql:']);
const EXPECTED_SHAPE = 'postgres://user:password@host:5432/database';

/**
 * Checks that a connection string is a usable PostgreSQL URL before pg sees it, so a typo gets a
 * clear error instead of a confusing one. The error never repeats the string, which may hold a
 * password.
 */
export function validateConnectionString(connectionString: string, source = 'DATABASE_URL'): URL {
  // URL would quietly read `user:pw@@host` as the password `pw@`; libpq would not. A second `@`
  // before the host is a typo (or an unencoded `@` in the password), not a host to try.
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(connectionString)?.[1] ?? '';
  if ((authority.match(/@/g) ?? []).length > 1) {
    throw new ConfigurationError(
      `${source} is malformed: it has more than one "@" before the host. Nothing was changed. Write a "@" inside the user name or password as %40; expected ${EXPECTED_SHAPE}.`,
    );
  }
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch (error) {
    throw new ConfigurationError(
      `${source} is malformed: it is not a valid URL. Nothing was changed. Expected ${EXPECTED_SHAPE}.`,
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

/**
 * `host:port/database`, the part of a URL that says where a command is working. `?host=` and
 * `?port=` win over the URL's own host and port, as they do for pg and libpq.
 */
export function describeTarget(connectionString: string): string {
  const { host, port } = targetHostAndPort(connectionString);
  const url = parseConnectionUrl(connectionString);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default database)';
  return `${host}:${port}/${database}`;
}

/** The host and port a connection string reaches, `?host=` and `?port=` first. */
export function targetHostAndPort(connectionString: string): { host: string; port: string } {
  const url = parseConnectionUrl(connectionString);
  const host =
    url.searchParams.get('host') ||
    url.hostname.replace(/^\[(.+)\]$/, '$1').replace(NO_HOST, '') ||
    'localhost';
  const port = url.searchParams.get('port') || url.port || '5432';
  return { host, port };
}

const NO_HOST = '__no_host__';

/**
 * A connection string as a URL. `postgres://user@/db?host=/socket` (no host before the path) is
 * valid for pg and libpq but not for URL, so it is read with a placeholder host, as pg does.
 */
function parseConnectionUrl(connectionString: string): URL {
  try {
    return new URL(connectionString);
  } catch (error) {
    if (!connectionString.includes('@/')) throw error;
    return new URL(connectionString.replace('@/', `@${NO_HOST}/`));
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '::1', '0:0:0:0:0:0:0:1']);

/**
 * True when the connection string reaches this machine only: a loopback address (127.0.0.0/8,
 * ::1, localhost) or a Unix socket folder. Destructive commands ask before touching anything else.
 */
export function isLoopbackTarget(connectionString: string): boolean {
  const { host } = targetHostAndPort(connectionString);
  const hosts = host.split(',').map((h) => h.trim().toLowerCase());
  return hosts.every(
    (h) => h.startsWith('/') || LOOPBACK_HOSTS.has(h) || /^127(\.\d{1,3}){3}$/.test(h),
  );
}
