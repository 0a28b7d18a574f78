import { ConfigurationError } from '@ainp/db';
import { databaseUrl, startTestServer, type TestServer } from '@ainp/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseDatabaseServer, openDatabaseServer } from '../src/database-server.js';

const noRuntime = async () => false;
const runtime = async () => true;

describe('chooseDatabaseServer', () => {
  it('refuses a malformed DATABASE_URL in one line, without repeating it', async () => {
    const choice = chooseDatabaseServer({ env: { DATABASE_URL: 'mysql://u:hunter2@db/x' } });
    await expect(choice).rejects.toThrow(ConfigurationError);
    await expect(choice).rejects.not.toThrow(/hunter2/);
  });

  it('takes testcontainers when a container runtime answers, for any supported major', async () => {
    expect(
      await chooseDatabaseServer({ env: {}, major: 16, containerRuntimeReachable: runtime }),
    ).toBe('testcontainers');
  });

  it('falls back to the embedded server, which ships 15 and 18 only', async () => {
    expect(await chooseDatabaseServer({ env: {}, containerRuntimeReachable: noRuntime })).toBe(
      'embedded',
    );
    expect(
      await chooseDatabaseServer({ env: {}, major: 15, containerRuntimeReachable: noRuntime }),
    ).toBe('embedded');
    await expect(
      chooseDatabaseServer({ env: {}, major: 16, containerRuntimeReachable: noRuntime }),
    ).rejects.toThrow(/no embedded PostgreSQL 16 .*--pg 15 or --pg 18/);
  });
});

describe('openDatabaseServer with DATABASE_URL', () => {
  let server: TestServer;
  /** A URL on the server for this role. */
  const urlAs = (user: string, password: string) => {
    const url = new URL(databaseUrl(server.adminUrl, 'postgres'));
    url.username = user;
    url.password = password;
    return url.toString();
  };
  beforeAll(async () => {
    server = await startTestServer();
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query(`CREATE ROLE ci_owner LOGIN CREATEDB PASSWORD 'owner-secret'`);
    await admin.query(`CREATE ROLE reader LOGIN PASSWORD 'reader-secret'`);
    await admin.end();
  });
  afterAll(() => server?.stop());

  it('takes DATABASE_URL first, without probing for containers', async () => {
    let probed = false;
    const kind = await chooseDatabaseServer({
      env: { DATABASE_URL: urlAs('ci_owner', 'owner-secret') },
      containerRuntimeReachable: async () => (probed = true),
    });
    expect(kind).toBe('DATABASE_URL');
    expect(probed).toBe(false);
  });

  it('refuses an unreachable DATABASE_URL in one line, naming it without the password', async () => {
    const choice = chooseDatabaseServer({
      env: { DATABASE_URL: 'postgres://ci:hunter2@127.0.0.1:1/ainp' },
    });
    await expect(choice).rejects.toThrow(
      /Cannot reach PostgreSQL at DATABASE_URL \(127\.0\.0\.1:1\/ainp\)/,
    );
    await expect(choice).rejects.not.toThrow(/hunter2/);
  });

  it('uses that server and names it and its version, never its password', async () => {
    const url = urlAs('ci_owner', 'owner-secret');
    const opened = await openDatabaseServer({ env: { DATABASE_URL: url } });
    expect(opened.kind).toBe('DATABASE_URL');
    expect(opened.adminUrl).toBe(url);
    expect(opened.description).toMatch(
      new RegExp(
        `^DATABASE_URL \\(127\\.0\\.0\\.1:${new URL(url).port}/postgres\\), PostgreSQL 18\\.\\d+`,
      ),
    );
    expect(opened.description).not.toContain('owner-secret');
  });

  it('refuses a server of another major than --pg asks for', async () => {
    await expect(
      openDatabaseServer({ env: { DATABASE_URL: urlAs('ci_owner', 'owner-secret') }, major: 15 }),
    ).rejects.toThrow(/--pg 15 asks for PostgreSQL 15, but DATABASE_URL .* runs PostgreSQL 18/);
  });

  it('refuses a role that may not CREATE DATABASE', async () => {
    const opening = openDatabaseServer({ env: { DATABASE_URL: urlAs('reader', 'reader-secret') } });
    await expect(opening).rejects.toThrow(/may not CREATE DATABASE/);
    await expect(opening).rejects.not.toThrow(/reader-secret/);
  });
});
