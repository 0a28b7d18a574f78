import { MIGRATIONS_DIR } from '@ainp/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPACT_FIXTURES, IMPACT_FIXTURES_DIR } from '../src/migration-impact/impact-fixtures.js';
import { formatImpact } from '../src/migration-impact/impact-report.js';
import { openImpactSession, type ImpactSession } from '../src/migration-impact/impact-session.js';
import { impactSettingsFromEnv, seedScale } from '../src/migration-impact/impact-settings.js';
import { migrationsUnderTest } from '../src/migration-impact/migrations-under-test.js';
import { ms } from '../src/migration-impact/migration-impact.js';
import { freshDatabase } from './support.js';

describe('migration impact', async () => {
  const settings = impactSettingsFromEnv();
  const underTest = await migrationsUnderTest(MIGRATIONS_DIR, settings.base);
  const first = underTest.files[0]?.id ?? Infinity;
  const scale = seedScale(settings, underTest.files.length);
  const db = await freshDatabase('empty');
  let session: ImpactSession;

  beforeAll(async () => {
    const base = underTest.all.filter((file) => file.id < first);
    session = await openImpactSession(
      db.url,
      base.map((file) => ({ dir: MIGRATIONS_DIR, fileName: file.fileName })),
      scale,
    );
  });
  afterAll(() => session?.close());

  it(`every migration ${underTest.reason} keeps the live workload moving (seed: ${scale}, budget ${ms(settings.budgetMs)})`, async ({
    annotate,
  }) => {
    await annotate(
      `${session.seededRows} rows seeded; ${underTest.files.length ? underTest.files.map((file) => file.fileName).join(', ') : 'no migration to measure'}`,
    );
    const problems: string[] = [];
    for (const file of underTest.all.filter((entry) => entry.id >= first)) {
      const impact = await session.apply(
        { dir: MIGRATIONS_DIR, fileName: file.fileName },
        settings.budgetMs,
      );
      // Files after the first under test are applied in turn, but judged only when under test.
      if (!underTest.files.includes(file)) continue;
      for (const line of formatImpact(impact)) await annotate(line);
      problems.push(...impact.problems.map((problem) => `${file.fileName}: ${problem}`));
    }
    expect(problems, 'each migration must leave the workload running (advice above)').toEqual([]);
  });

  for (const fixture of IMPACT_FIXTURES) {
    const outcome =
      fixture.verdict === 'FAIL'
        ? `fails, naming ${fixture.names.map((name) => `"${name}"`).join(' and ')}`
        : 'passes';
    it(`fixture ${fixture.fileName} (${fixture.change}) ${outcome}`, async ({ annotate }) => {
      const impact = await session.apply(
        { dir: IMPACT_FIXTURES_DIR, fileName: fixture.fileName },
        settings.budgetMs,
      );
      for (const line of formatImpact(impact)) await annotate(line);
      expect(impact.error).toBeUndefined();
      if (fixture.verdict === 'pass') {
        expect(impact.problems).toEqual([]);
      } else {
        expect(impact.problems).not.toEqual([]);
        for (const name of fixture.names) expect(impact.problems.join('\n')).toContain(name);
      }
    });
  }
});
