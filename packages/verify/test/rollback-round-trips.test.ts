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
      { name: 'negotiations', scripts: ['011'], migrationIds: [4] },
      { name: 'credit-ledger', scripts: ['010'], migrationIds: [9] },
      { name: 'usefulness (with credit-ledger)', scripts: ['010', '008'], migrationIds: [6, 7, 9] },
      { name: 'all', scripts: ['011', '010', '008'], migrationIds: [4, 6, 7, 9] },
    ]);
  });

  it('gives a newly registered rollback its round trip, and pulls in what builds on it', () => {
    const later: RollbackFeature = {
      name: 'credit-operations',
      script: '012_rollback_credit_operations.sql',
      migrationIds: [12],
      buildsOn: ['credit-ledger'],
      drops: 'credit functions',
    };
    const trips = summary([...ROLLBACK_FEATURES, later]);
    expect(trips).toContainEqual({
      name: 'credit-operations',
      scripts: ['012'],
      migrationIds: [12],
    });
    expect(trips).toContainEqual({
      name: 'usefulness (with credit-ledger, credit-operations)',
      scripts: ['012', '010', '008'],
      migrationIds: [6, 7, 9, 12],
    });
  });
});
