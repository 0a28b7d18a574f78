import { describe, expect, inject, it } from 'vitest';
import { assertNoLeftoverDatabases, listDatabases } from '../src/testing/leftover-databases.js';
import { createTestDatabase } from '../src/testing/test-database.js';

// Other test files make and drop databases on the same server meanwhile, so this names only its
// own; that a clean run passes the check is what every run's teardown shows.
describe('the leftover-database check of a test run', () => {
  it('names a database made after the run started and not dropped', async () => {
    const adminUrl = inject('adminUrl');
    const before = await listDatabases(adminUrl);
    const stray = await createTestDatabase(adminUrl, { prefix: 'ainp_stray' });
    try {
      expect(before).not.toContain(stray.name);
      await expect(assertNoLeftoverDatabases(adminUrl, before)).rejects.toThrow(
        new RegExp(`database\\(s\\) behind \\(.*\\b${stray.name}\\b`),
      );
    } finally {
      await stray.drop();
    }
    expect(await listDatabases(adminUrl)).not.toContain(stray.name);
  });
});
