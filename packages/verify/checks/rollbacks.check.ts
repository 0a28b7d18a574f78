import {
  formatCatalogSnapshot,
  readAppliedMigrations,
  readCatalogSnapshot,
  runMigrations,
  runRollbacks,
  type Queryable,
} from '@ainp/db';
import { describe, expect, it } from 'vitest';
import { rollbackRoundTrips } from '../src/rollback-round-trips.js';
import { freshDatabase, withClient } from './support.js';

const TRIPS = rollbackRoundTrips();

const catalog = async (client: Queryable) =>
  formatCatalogSnapshot(await readCatalogSnapshot(client));
/** Applied forward migrations, without postgres-migrations' own bootstrap row 0. */
const appliedIds = async (client: Queryable) =>
  (await readAppliedMigrations(client)).map((row) => row.id).filter((id) => id !== 0);

describe('rollbacks', async () => {
  const databases = await Promise.all(TRIPS.map(() => freshDatabase('migrated')));

  TRIPS.forEach((trip, index) => {
    it(`${trip.name}: migrate → rollback → migrate restores the identical catalog and history`, async () => {
      const db = databases[index]!;
      await withClient(db.url, async (client) => {
        const before = { catalog: await catalog(client), applied: await appliedIds(client) };

        await runRollbacks(client, trip.features);
        expect(await appliedIds(client), 'applied after the rollback').toEqual(
          before.applied.filter((id) => !trip.migrationIds.includes(id)),
        );
        const { rows } = await client.query<{ id: number }>(
          'SELECT DISTINCT migration_id AS id FROM migration_rollbacks ORDER BY 1',
        );
        expect(
          rows.map((row) => row.id),
          'recorded in migration_rollbacks',
        ).toEqual(trip.migrationIds);

        const reapplied = await runMigrations(client);
        expect(
          reapplied.map((migration) => migration.id),
          're-applied by migrate',
        ).toEqual(trip.migrationIds);
        expect(await appliedIds(client), 'applied after migrate').toEqual(before.applied);
        expect(await catalog(client)).toEqual(before.catalog);
      });
    });
  });
});
