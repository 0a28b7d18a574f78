import { afterAll, onTestFinished } from 'vitest';

/** Clean-ups asked for outside a test (at the top of a file, or in a beforeAll). */
const afterFile: (() => Promise<void>)[] = [];

// Registered when a test file first imports this module, which vitest does while collecting the
// file's tests: an afterAll registered later, from a beforeAll or a test, never runs.
afterAll(async () => {
  const failures: unknown[] = [];
  for (const cleanup of afterFile.splice(0).reverse()) {
    // One failed clean-up must not leave the others' databases behind.
    await cleanup().catch((error: unknown) => failures.push(error));
  }
  if (failures.length > 0) throw new AggregateError(failures, 'A clean-up after the file failed.');
});

/** The part of a vitest test context this needs. */
export interface TestFinishedHook {
  onTestFinished(cleanup: () => Promise<void>): void;
}

/**
 * For vitest suites: runs `cleanup` when the current test finishes, or after the file when called
 * outside a test. Without it, test databases pile up on a long-lived TEST_DATABASE_URL server.
 * Concurrent tests must pass their test context: vitest cannot tell which of them is running.
 */
export function cleanUpLater(cleanup: () => Promise<void>, context?: TestFinishedHook): void {
  if (context !== undefined) {
    context.onTestFinished(cleanup);
    return;
  }
  try {
    onTestFinished(cleanup);
  } catch {
    afterFile.push(cleanup);
  }
}
