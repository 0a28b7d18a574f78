import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  lintMigrations,
  readSquawkExcuses,
  staleExcuses,
  unexcusedFindings,
} from '../src/squawk-lint.js';
import { SQUAWK_CONFIG_FILE } from '../src/verify-paths.js';

const UNSAFE = path.join(
  import.meta.dirname,
  'fixtures/unsafe-migrations/001_index_without_concurrently.sql',
);
const scratch = await mkdtemp(path.join(os.tmpdir(), 'ainp-squawk-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('squawk lint', () => {
  it('reports an index built without CONCURRENTLY, and no excuse covers it', async () => {
    const findings = await lintMigrations([UNSAFE], SQUAWK_CONFIG_FILE);
    expect(findings.map((finding) => finding.rule)).toContain('require-concurrent-index-creation');
    expect(findings[0]).toMatchObject({ file: '001_index_without_concurrently.sql', line: 3 });
    const unexcused = unexcusedFindings(findings, await readSquawkExcuses(SQUAWK_CONFIG_FILE));
    expect(unexcused.join('\n')).toContain(
      '001_index_without_concurrently.sql:3 require-concurrent-index-creation',
    );
  });

  it('an excuse silences only its own file and rule, and goes stale when its finding is gone', () => {
    const finding = { file: 'a.sql', line: 1, rule: 'ban-drop-table', message: 'm', help: '' };
    const excuse = { file: 'a.sql', rule: 'ban-drop-table', reason: 'emergency rollback' };
    expect(unexcusedFindings([finding], [excuse])).toEqual([]);
    expect(unexcusedFindings([{ ...finding, file: 'b.sql' }], [excuse])).toHaveLength(1);
    expect(staleExcuses([], [excuse])).toEqual(['a.sql ban-drop-table']);
  });

  it('refuses an excuse without a reason', async () => {
    const config = path.join(scratch, 'no-reason.toml');
    await writeFile(config, '[[excused]]\nfile = "a.sql"\nrule = "ban-drop-table"\nreason = " "\n');
    await expect(readSquawkExcuses(config)).rejects.toThrow(/needs a file, a rule and a reason/);
  });
});
