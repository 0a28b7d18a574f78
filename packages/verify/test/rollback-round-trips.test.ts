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
    // 030-038 changed every feature's tables: each round trip takes them along (030 first).
    const keys = { ids: [30, 31, 32, 33, 34, 35, 36, 37, 38] };
    expect(summary(ROLLBACK_FEATURES)).toEqual([
      { name: 'distribution-ready-keys', scripts: ['030'], migrationIds: keys.ids },
      {
        name: 'usefulness-cache-refresh-as-of (with distribution-ready-keys)',
        scripts: ['030', '014'],
        migrationIds: [14, ...keys.ids],
      },
      {
        name: 'usefulness-cache-refresh (with usefulness-cache-refresh-as-of, distribution-ready-keys)',
        scripts: ['030', '014', '013'],
        migrationIds: [13, 14, ...keys.ids],
      },
      {
        name: 'credit-operations (with distribution-ready-keys)',
        scripts: ['030', '012'],
        migrationIds: [12, ...keys.ids],
      },
      {
        name: 'negotiations (with distribution-ready-keys)',
        scripts: ['030', '011'],
        migrationIds: [4, ...keys.ids],
      },
      {
        name: 'credit-ledger (with distribution-ready-keys, credit-operations)',
        scripts: ['030', '012', '010'],
        migrationIds: [9, 12, ...keys.ids],
      },
      {
        name: 'usefulness (with distribution-ready-keys, usefulness-cache-refresh-as-of, usefulness-cache-refresh, credit-operations, credit-ledger)',
        scripts: ['030', '014', '013', '012', '010', '008'],
        migrationIds: [6, 7, 9, 12, 13, 14, ...keys.ids],
      },
      {
        name: 'all',
        scripts: ['030', '014', '013', '012', '011', '010', '008'],
        migrationIds: [4, 6, 7, 9, 12, 13, 14, ...keys.ids],
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
      name: 'credit-ledger (with distribution-ready-keys, credit-operations, credit-statements)',
      scripts: ['030', '015', '012', '010'],
      migrationIds: [9, 12, 15, 30, 31, 32, 33, 34, 35, 36, 37, 38],
    });
  });
});
