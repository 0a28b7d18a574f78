import { runVerifyScripts, VERIFY_SCRIPTS } from '@ainp/db';
import { describe, expect, it } from 'vitest';
import { freshDatabase, withClient } from './support.js';

describe('SQL verification scripts', async () => {
  const db = await freshDatabase('migrated');

  for (const script of VERIFY_SCRIPTS) {
    it(`${script} passes on the migrated schema`, async ({ annotate }) => {
      const [outcome] = await withClient(db.url, (client) =>
        runVerifyScripts(client, { scripts: [script] }),
      );
      const failures = outcome?.lines.filter((line) => !line.includes('PASS')) ?? [];
      expect(outcome?.error, failures.join('\n')).toBeUndefined();
      expect(outcome?.passed).toBe(true);
      await annotate(outcome?.lines.at(-1) ?? '');
    });
  }
});
