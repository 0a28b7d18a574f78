import { ROLLBACK_FEATURES, type RollbackFeature } from '@ainp/db';
import { describe, expect, it } from 'vitest';
import { rollbackRoundTrips } from '../src/rollback-round-trips.js';

const summary = (features: readonly RollbackFeature[]) =>
  rollbackRoundTrips(features).map((trip) => ({
    name: trip.name,
    scripts: trip.features.map((feature) => feature.script.slice(0, 3)),
    migrationIds: trip.migrationIds,
  }));

describe('rollbackRoundTrips', () => {
  it('rolls each feature back with the features that build on it, then all, in the safe order', () => {
    expect(summary(ROLLBACK_FEATURES)).toEqual([
      { name: 'usefulness-cache-refresh-as-of', scripts: ['014'], migrationIds: [14] },
      {
        name: 'usefulness-cache-refresh (with usefulness-cache-refresh-as-of)',
        scripts: ['014', '013'],
        migrationIds: [13, 14],
      },
      { name: 'credit-operations', scripts: ['012'], migrationIds: [12] },
      { name: 'negotiations', scripts: ['011'], migrationIds: [4] },
      {
        name: 'credit-ledger (with credit-operations)',
        scripts: ['012', '010'],
        migrationIds: [9, 12],
      },
      {
        name: 'usefulness (with usefulness-cache-refresh-as-of, usefulness-cache-refresh, credit-operations, credit-ledger)',
        scripts: ['014', '013', '012', '010', '008'],
        migrationIds: [6, 7, 9, 12, 13, 14],
      },
      {
        name: 'all',
        scripts: ['014', '013', '012', '011', '010', '008'],
        migrationIds: [4, 6, 7, 9, 12, 13, 14],
      },
    ]);
  });

  it('gives a newly registered rollback its round trip, and pulls in what builds on it', () => {
    const later: RollbackFeature = {
      name: 'credit-statements',
      script: '015_rollback_credit_statements.sql',
      migrationIds: [15],
      buildsOn: ['credit-operations'],
      drops: 'credit statements',
    };
    const trips = summary([...ROLLBACK_FEATURES, later]);
    expect(trips).toContainEqual({
      name: 'credit-statements',
      scripts: ['015'],
      migrationIds: [15],
    });
    expect(trips).toContainEqual({
      name: 'credit-ledger (with credit-operations, credit-statements)',
      scripts: ['015', '012', '010'],
      migrationIds: [9, 12, 15],
    });
  });
});
