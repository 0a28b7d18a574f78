import { rollbackOrder, ROLLBACK_FEATURES, type RollbackFeature } from '@ainp/db';

/** One migrate → rollback → migrate round trip: these features rolled back, in this order. */
export interface RollbackRoundTrip {
  readonly name: string;
  readonly features: readonly RollbackFeature[];
  /** The forward migrations the rollback removes and the next migrate applies again. */
  readonly migrationIds: readonly number[];
}

/**
 * Every round trip the registry allows: each feature together with the features that build on it
 * (a rollback refuses while those are present), then `all`. Derived from ROLLBACK_FEATURES, so a
 * newly registered rollback gets its round trip without touching the check.
 */
export function rollbackRoundTrips(
  features: readonly RollbackFeature[] = ROLLBACK_FEATURES,
): RollbackRoundTrip[] {
  const order = rollbackOrder(features);
  const trip = (name: string, members: ReadonlySet<string>): RollbackRoundTrip => {
    const chosen = order.filter((feature) => members.has(feature.name));
    return {
      name,
      features: chosen,
      migrationIds: chosen.flatMap((feature) => feature.migrationIds).sort((a, b) => a - b),
    };
  };
  const trips = features.map((feature) => {
    const members = new Set([feature.name]);
    for (let grew = true; grew;) {
      grew = false;
      for (const other of features) {
        if (!members.has(other.name) && other.buildsOn.some((name) => members.has(name))) {
          members.add(other.name);
          grew = true;
        }
      }
    }
    const with_ = [...members].filter((name) => name !== feature.name);
    return trip(
      with_.length > 0 ? `${feature.name} (with ${with_.join(', ')})` : feature.name,
      members,
    );
  });
  return [...trips, trip('all', new Set(features.map((feature) => feature.name)))];
}
