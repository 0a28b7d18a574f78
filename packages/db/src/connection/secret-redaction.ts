/**
 * Passwords this process knows of, and the one function that takes them out of any text before it
 * is printed: error lines, and AINP_DEBUG stacks and causes. The connection strings of the
 * environment are read as they are, even when malformed (a malformed one is exactly the kind an
 * error might repeat).
 */

const REDACTED = '***';
/** Environment variables that may hold a connection string or a password. */
const SECRET_VARIABLES = ['DATABASE_URL', 'TEST_DATABASE_URL', 'PGPASSWORD'] as const;

const registered = new Set<string>();

/** Remembers a password this process uses (the embedded server's, for instance) so it is redacted. */
export function registerSecret(secret: string | undefined): void {
  if (secret !== undefined && secret.length >= 4) registered.add(secret);
}

/** The password part of a connection string, found by shape so a malformed URL still yields it. */
function passwordsIn(connectionString: string): string[] {
  const found: string[] = [];
  const userInfo = /^[^/]*\/*[^\s:/@]*:([^\s@]+)@/.exec(connectionString);
  if (userInfo?.[1] !== undefined) found.push(userInfo[1], safeDecode(userInfo[1]));
  const query = /[?&]password=([^&\s]+)/.exec(connectionString);
  if (query?.[1] !== undefined) found.push(query[1], safeDecode(query[1]));
  return found;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Every secret to hide: registered ones and those in the environment's connection variables. */
export function knownSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const secrets = new Set(registered);
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (!value) continue;
    if (name === 'PGPASSWORD') secrets.add(value);
    else {
      // A value that is no URL at all is hidden whole, and so is each longer word of it: nobody
      // can tell which part is the password.
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
        secrets.add(value);
        value
          .split(/\s+/)
          .filter((word) => word.length >= 6)
          .forEach((word) => secrets.add(word));
      }
      passwordsIn(value).forEach((secret) => secrets.add(secret));
    }
  }
  // Longest first, so a password that contains another is hidden whole.
  return [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/** `text` with every known secret replaced by `***`. */
export function redactSecrets(text: string, secrets: readonly string[] = knownSecrets()): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join(REDACTED);
  return result;
}
