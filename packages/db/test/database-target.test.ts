import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { describeTarget, isLoopbackTarget } from '../src/connection/connection-string.js';
import { DatabaseClient } from '../src/connection/database-client.js';
import { NO_TARGET_MESSAGE, resolveDatabaseTarget } from '../src/connection/database-target.js';
import { ConfigurationError } from '../src/errors.js';
import { knownSecrets, redactSecrets } from '../src/connection/secret-redaction.js';

const unusedDataDir = await mkdtemp(path.join(os.tmpdir(), 'ainp-no-fallback-'));
afterAll(() => rm(unusedDataDir, { recursive: true, force: true }));
/** An environment with nothing to connect to; any embedded server would land in unusedDataDir. */
const bare = { AINP_PG_DATA_DIR: path.join(unusedDataDir, 'data') };

describe('no silent embedded fallback', () => {
  it('new DatabaseClient() without DATABASE_URL throws the error naming DATABASE_URL, starting nothing', async () => {
    const db = new DatabaseClient({ env: bare });
    const error = await db.connect().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(NO_TARGET_MESSAGE);
    expect((error as Error).message).toContain('DATABASE_URL is not set');
    expect(await readdir(unusedDataDir)).toEqual([]);
  });

  it('resolveDatabaseTarget() refuses the same way', async () => {
    await expect(resolveDatabaseTarget({ env: bare })).rejects.toThrow(/DATABASE_URL is not set/);
  });

  it('DATABASE_URL still wins over an explicit embedded opt-in', async () => {
    const db = DatabaseClient.embedded({ env: { ...bare, DATABASE_URL: inject('adminUrl') } });
    await db.connect();
    try {
      expect(db.isEmbedded).toBe(false);
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
    expect(await readdir(unusedDataDir)).toEqual([]);
  });
});

describe('target descriptions and redaction', () => {
  it.each([
    ['postgres://u:pw@db.example:6000/app', 'db.example:6000/app'],
    ['postgres://u:pw@ignored:1/app?host=real.example&port=6543', 'real.example:6543/app'],
    ['postgres://u@/app?host=/var/run/postgresql', '/var/run/postgresql:5432/app'],
    ['postgres://u:pw@[::1]:5433/app', '::1:5433/app'],
  ])('describes %s as %s, never with the password', (url, described) => {
    expect(describeTarget(url)).toBe(described);
    expect(describeTarget(url)).not.toContain('pw');
  });

  it.each([
    ['postgres://u@localhost/app', true],
    ['postgres://u@127.0.0.1:5432/app', true],
    ['postgres://u@127.10.0.3/app', true],
    ['postgres://u@[::1]/app', true],
    ['postgres://u@/app?host=/tmp', true],
    ['postgres://u@db.prod.internal/app', false],
    ['postgres://u@localhost/app?host=db.prod.internal', false],
    ['postgres://u@0.0.0.0/app', false],
  ])('%s is a loopback target: %s', (url, loopback) => {
    expect(isLoopbackTarget(url)).toBe(loopback);
  });

  it.each([
    ['postgres://ainp:s3cr3t-pw@localhost:99999/ainp', 's3cr3t-pw'],
    ['postgres//ainp:s3cr3t-pw@localhost/ainp', 's3cr3t-pw'],
    ['not a url s3cr3t-pw', 's3cr3t-pw'],
    ['postgres://ainp@localhost/ainp?password=s3cr3t%2Dpw', 's3cr3t-pw'],
  ])('hides the password of a DATABASE_URL %j, however malformed', (url, secret) => {
    const secrets = knownSecrets({ DATABASE_URL: url });
    const text = redactSecrets(`failed: ${url} (${secret}) ${encodeURIComponent(secret)}`, secrets);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('s3cr3t');
  });
});
