import {
  DISABLE_TRANSACTION_HEADER,
  MIGRATIONS_DIR,
  loadMigrations,
  ROLLBACK_FEATURES,
  ROLLBACKS_DIR,
} from '@ainp/db';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  lintMigrations,
  readSquawkExcuses,
  staleExcuses,
  unexcusedFindings,
  type SquawkExcuse,
  type SquawkFinding,
} from '../src/squawk-lint.js';
import { SQUAWK_CONFIG_FILE } from '../src/verify-paths.js';

const CONFIG = path.basename(SQUAWK_CONFIG_FILE);

describe('migration safety lint', () => {
  let findings: SquawkFinding[];
  let excuses: SquawkExcuse[];
  beforeAll(async () => {
    const files = await loadMigrations(MIGRATIONS_DIR);
    const inTransaction = (file: (typeof files)[number]) =>
      !file.sql.includes(DISABLE_TRANSACTION_HEADER);
    const filePath = (file: (typeof files)[number]) => path.join(MIGRATIONS_DIR, file.fileName);
    const forward = files.filter(inTransaction).map(filePath);
    // Files with the disable-transaction header (CREATE INDEX CONCURRENTLY ...) run on their own.
    const nonTransactional = files.filter((file) => !inTransaction(file)).map(filePath);
    const rollbacks = ROLLBACK_FEATURES.map((feature) => path.join(ROLLBACKS_DIR, feature.script));
    findings = [
      ...(await lintMigrations(forward, SQUAWK_CONFIG_FILE)),
      ...(nonTransactional.length > 0
        ? await lintMigrations(nonTransactional, SQUAWK_CONFIG_FILE, { ownTransaction: true })
        : []),
      // The rollback scripts run outside the runner, each in its own BEGIN ... COMMIT.
      ...(await lintMigrations(rollbacks, SQUAWK_CONFIG_FILE, { ownTransaction: true })),
    ];
    excuses = await readSquawkExcuses(SQUAWK_CONFIG_FILE);
  });

  it(`squawk finds nothing in the migrations and rollbacks that ${CONFIG} does not excuse with a reason`, async ({
    annotate,
  }) => {
    expect(
      unexcusedFindings(findings, excuses),
      `fix each finding in its file, or excuse it in ${CONFIG} with a reason`,
    ).toEqual([]);
    await annotate(`${findings.length} findings, each excused in ${CONFIG}`);
  });

  it(`every excuse in ${CONFIG} still matches a finding`, () => {
    expect(staleExcuses(findings, excuses), `remove these from ${CONFIG}`).toEqual([]);
  });
});
