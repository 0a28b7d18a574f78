import { randomUUID } from 'node:crypto';
import type { Queryable } from '../connection/queryable.js';

/** A LOGIN role in ainp_app, and the URL of one database as that role. */
export interface ServiceLogin {
  readonly role: string;
  readonly url: string;
  /** Ends the role's sessions and drops it. */
  drop(): Promise<void>;
}

/**
 * Creates a LOGIN role that is a member of ainp_app, as a service's would be
 * (`GRANT ainp_app TO my_service`), with a random password, and returns the URL of `databaseUrl`'s
 * database as that role. `admin` must be allowed to create roles; the role is cluster-wide, so call
 * `drop()` when done.
 */
export async function createServiceLogin(
  admin: Queryable,
  databaseUrl: string,
): Promise<ServiceLogin> {
  const role = `ainp_test_service_${process.pid}_${randomUUID().slice(0, 8)}`;
  const password = randomUUID();
  await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
  await admin.query(`GRANT ainp_app TO ${role}`);
  const url = new URL(databaseUrl);
  url.username = role;
  url.password = password;
  return {
    role,
    url: url.toString(),
    async drop() {
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1',
        [role],
      );
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
    },
  };
}
