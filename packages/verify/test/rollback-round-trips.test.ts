import { ROLLBACK_FEATURES, type RollbackFeature } from '@ainp/db';
import { describe, expect, it } from 'vitest';
import { rollbackRoundTrips } from '../src/rollback-round-trips.js';

const summary = (features: readonly RollbackFeature[]) =>
  rollbackRoundTrips(features).map((trip) => ({
    name: trip.name,
    scripts: trip.features.map((feature) => feature.script.slice(0, 3)),
    migrationIds: trip.migrationIds,
  }));

/** The features of 004-014; issue 12's rules (015-028) build on all of them. */
const BASE_FEATURES = ROLLBACK_FEATURES.filter((feature) =>
  feature.migrationIds.every((id) => id < 15),
);

describe('rollbackRoundTrips', () => {
  it('rolls each feature back with the features that build on it, then all, in the safe order', () => {
    expect(summary(BASE_FEATURES)).toEqual([
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
    const trips = summary([...BASE_FEATURES, later]);
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

  it('rolls a feature back with the rules of 015-028 and the distribution-ready keys that build on it', () => {
    const keys = [30, 31, 32, 33, 34, 35, 36, 37, 38, 39];
    const trips = summary(ROLLBACK_FEATURES);
    // 030-039 changed every feature's tables: each round trip takes them along (030 first).
    // 041 is json-shape-rules' own (027's script removes it), so it comes with 027.
    // 040 builds on no table and nothing builds on it: its round trip is its own, and the first.
    expect(trips[0]).toEqual({ name: 'credit-error-hints', scripts: ['040'], migrationIds: [40] });
    expect(trips).toContainEqual({
      name: 'distribution-ready-keys',
      scripts: ['030'],
      migrationIds: keys,
    });
    expect(trips).toContainEqual({
      name: 'negotiations (with distribution-ready-keys, json-shape-rules, time-rules, negotiation-state-machine, service-role)',
      scripts: ['030', '027', '021', '019', '018', '011'],
      migrationIds: [4, 18, 19, 20, 21, 22, 27, 28, ...keys, 41],
    });
  });
});
