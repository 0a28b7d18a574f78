import path from 'node:path';
import { startVitest } from 'vitest/node';
import { describe, expect, it } from 'vitest';
import { VerifyReporter } from '../src/verify-reporter.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures/report');

/** Runs the fixture check files through vitest with the reporter; returns what it wrote. */
async function report(files: string[]): Promise<{ text: string; reporter: VerifyReporter }> {
  let text = '';
  const reporter = new VerifyReporter((chunk) => (text += chunk));
  const exitCode = process.exitCode;
  await startVitest('test', files, {
    root: FIXTURES,
    config: false,
    include: ['*.check.ts'],
    run: true,
    watch: false,
    reporters: [reporter],
  });
  process.exitCode = exitCode; // the inner run's failures are this test's data, not its result
  return { text, reporter };
}

describe('VerifyReporter', () => {
  it('reports each family and check with pass, time and notes, and a PASS verdict', async () => {
    const { text, reporter } = await report(['passing']);
    expect(text).toMatch(/^pass {2}passing family \(\d+\.\d s\)$/m);
    expect(text).toMatch(/^ {8}pass +\d+\.\d s {2}passes and notes something$/m);
    expect(text).toContain('0.42 ms (median of 5 runs)');
    expect(reporter.passed).toBe(true);
    expect(reporter.verdict).toBe('PASS: all 1 checks passed');
  });

  it('fails the run on a failed check and on a family whose setup broke', async () => {
    const { text, reporter } = await report(['failing', 'broken-setup']);
    expect(text).toMatch(/^FAIL {2}failing family/m);
    expect(text).toMatch(/^ {8}FAIL +\d+\.\d s {2}fails$/m);
    expect(text).toMatch(/^FAIL {2}broken family/m);
    expect(text).toContain(
      'outside the checks (setup or teardown): the database could not be created',
    );
    expect(reporter.passed).toBe(false);
    expect(reporter.verdict).toBe(
      'FAIL: 1 of 3 checks failed, 1 check file(s) failed outside their checks (details above)',
    );
  });
});
