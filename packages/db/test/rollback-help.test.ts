import { describe, expect, it } from 'vitest';
import { rollbackFeaturesHelp } from '../src/cli/rollback-help.js';
import { ROLLBACK_FEATURES, type RollbackFeature } from '../src/rollbacks/rollback-features.js';

describe("pnpm rollback --help's table", () => {
  it('names every registered feature with its script and the migrations it undoes', () => {
    const help = rollbackFeaturesHelp();
    for (const feature of ROLLBACK_FEATURES) {
      expect(help).toMatch(new RegExp(`^  ${feature.name} +${feature.script} +undoes `, 'm'));
    }
    expect(help).toContain('027_rollback_json_shape_rules.sql                undoes 027, 028, 041');
    expect(help).toContain('undoes 030-039');
  });

  it('follows the registry: a new feature, its ids, what must go first and the order of all', () => {
    const features: RollbackFeature[] = [
      {
        name: 'later',
        script: '050_rollback_later.sql',
        migrationIds: [50, 52],
        buildsOn: ['base'],
        drops: '',
      },
      {
        name: 'base',
        script: '045_rollback_base.sql',
        migrationIds: [45, 46, 47],
        buildsOn: [],
        drops: '',
      },
    ];
    const lines = rollbackFeaturesHelp(features).split('\n');
    expect(lines[0]).toMatch(/^ {2}later +050_rollback_later\.sql +undoes 050, 052$/);
    expect(lines[1]).toMatch(/^ {2}base +045_rollback_base\.sql +undoes 045-047$/);
    expect(lines[2]).toBe(`${' '.repeat(36)}after: later`);
    expect(lines[3]).toMatch(
      /^ {2}all +every feature, each before those it builds on: later, base$/,
    );
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
  });
});
