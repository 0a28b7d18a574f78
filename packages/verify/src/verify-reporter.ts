import path from 'node:path';
import type { Reporter, SerializedError, TestCase, TestModule } from 'vitest/node';

/** One named check (a test) in the report. */
export interface CheckResult {
  readonly name: string;
  readonly state: 'pass' | 'FAIL' | 'skip';
  readonly durationMs: number;
  /** What the check measured and stated (query times, a rewritten snapshot...). */
  readonly notes: readonly string[];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const INDENT = ' '.repeat(8);

/**
 * The gate's report, printed after vitest's own output: the database used, then each check family
 * (one check file) with each named check's pass or FAIL, its time and its notes. `passed` and
 * `verdict` are set for the CLI, which prints the verdict with the whole run's time at the end.
 */
export class VerifyReporter implements Reporter {
  /** True once the run has ended with every check passed and nothing else gone wrong. */
  passed = false;
  /** One line: PASS and the number of checks, or FAIL and what failed. */
  verdict = 'FAIL: the run ended before any result was reported';

  constructor(
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ): void {
    const modules = [...testModules].sort((a, b) => familyName(a).localeCompare(familyName(b)));
    const lines = ['', 'pnpm verify: is this schema change safe to ship?', ''];
    lines.push(`Database: ${databaseDescription(modules[0])}`, '');
    let checks = 0;
    const problems = { failed: 0, brokenFiles: 0 };
    for (const module of modules) {
      const results = [...module.children.allTests()].map(toCheck);
      // Errors outside any one check: the file failed to load, or a beforeAll/afterAll hook threw.
      const outside = [
        ...module.errors(),
        ...[...module.children.allSuites()].flatMap((suite) => suite.errors()),
      ];
      const failed = results.filter((check) => check.state === 'FAIL').length;
      const broken = outside.length > 0 || (module.state() === 'failed' && failed === 0);
      checks += results.length;
      problems.failed += failed;
      problems.brokenFiles += broken ? 1 : 0;
      const state = failed === 0 && !broken ? 'pass' : 'FAIL';
      lines.push(`${state}  ${familyName(module)} (${seconds(module.diagnostic().duration)})`);
      if (broken) {
        const reason = outside[0]?.message ?? 'see the error above';
        lines.push(`${INDENT}FAIL  outside the checks (setup or teardown): ${reason}`);
      }
      for (const check of results) {
        const time = seconds(check.durationMs).padStart(6);
        lines.push(`${INDENT}${check.state.padEnd(4)}  ${time}  ${check.name}`);
        for (const note of check.notes) lines.push(`${INDENT}${' '.repeat(14)}${note}`);
      }
    }
    const reasons = [
      problems.failed > 0 ? `${problems.failed} of ${checks} checks failed` : '',
      problems.brokenFiles > 0
        ? `${problems.brokenFiles} check file(s) failed outside their checks`
        : '',
      unhandledErrors.length > 0 ? `${unhandledErrors.length} error(s) outside the checks` : '',
      modules.length === 0 ? 'no check ran' : '',
    ].filter(Boolean);
    this.passed = reasons.length === 0;
    this.verdict = this.passed
      ? `PASS: all ${checks} checks passed`
      : `FAIL: ${reasons.join(', ')} (details above)`;
    this.write(`${lines.join('\n')}\n`);
  }
}

/** A check file's family: its top-level `describe`, else its file name. */
function familyName(module: TestModule): string {
  const suite = [...module.children.suites()][0];
  return suite?.name ?? path.basename(module.moduleId).replace(/\.check\.ts$/, '');
}

function toCheck(test: TestCase): CheckResult {
  const state = test.result().state;
  return {
    name: test.name,
    state: state === 'passed' ? 'pass' : state === 'failed' ? 'FAIL' : 'skip',
    durationMs: test.diagnostic()?.duration ?? 0,
    notes: test.annotations().map((annotation) => annotation.message),
  };
}

function databaseDescription(module: TestModule | undefined): string {
  if (module === undefined) return '(none: the run stopped before any check started)';
  // The global setups (checks/, citus-checks/) declare and provide it; the build sees src/ only.
  const provided = module.project.getProvidedContext() as { databaseDescription?: string };
  return provided.databaseDescription ?? '(unknown)';
}
