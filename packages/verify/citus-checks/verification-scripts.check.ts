import { runVerifyScripts } from '@ainp/db';
import { describe, expect, it } from 'vitest';
import { citusUrl, withClient } from './support.js';

describe('citus: SQL verification scripts', () => {
  it('all pass on the coordinator; the tests that matched a shard constraint name are listed', async ({
    annotate,
  }) => {
    const outcomes = await withClient(citusUrl(), (client) => runVerifyScripts(client));
    const failed = outcomes.flatMap((o) => o.lines.filter((line) => line.startsWith('❌')));
    expect(failed).toEqual([]);
    for (const outcome of outcomes) expect(outcome.passed, outcome.error).toBe(true);
    const different = outcomes.flatMap((o) =>
      o.lines
        .filter((line) => line.includes('[on Citus'))
        .map((line) => `${o.script}: ${line.replace(/^✅ PASS: /, '')}`),
    );
    await annotate(
      `${outcomes.length} scripts passed; ${different.length} tests ran differently on Citus:`,
    );
    for (const line of different) await annotate(`  ${line}`);
  });
});
